"""The command line as users of black and ruff expect it (issue 16), through the real CLI in a
subprocess on the seed pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import DOCS
from tests.support import codegen_cli


def _project(where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    shutil.copytree(DOCS, where / "spec" / "docs")
    return where


def _diff_sections(out: str) -> dict[str, list[str]]:
    """check's unified diffs by the file they compare: their +/- lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("--- "):
            current = line[4:].split(" ", 1)[0]
            sections[current] = []
        elif line.startswith("+++ "):
            continue
        elif current and line[:1] in "+-":
            sections[current].append(line)
    return sections


def test_a_one_property_change_is_a_small_readable_schema_diff(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    assert codegen_cli(["generate"], cwd=root).code == 0
    page = root / "spec" / "docs" / "resources" / "exactmatchsession.md"
    page.write_text(page.read_text().replace("|fileName|String||", "|fileName|Int32||"))
    run = codegen_cli(["check"], cwd=root)
    assert run.code == 1
    schema = _diff_sections(run.out)["generated/graph_client/_schema.json"]
    assert len(schema) == 2, schema  # one line out, one line in
    assert all(len(line) < 200 for line in schema)
    assert '"fileName"' in schema[0] and '"Edm.Int32"' in schema[1]
    # the diff headers say what they compare
    assert re.search(r"^--- generated/graph_client/_schema\.json \(on disk\)$", run.out, re.M)
    assert re.search(r"^\+\+\+ generated/graph_client/_schema\.json \(from the docs\)$", run.out, re.M)
