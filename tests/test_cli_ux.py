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
    assert re.search(
        r"^--- generated/graph_client/_schema\.json \(on disk\)$", run.out, re.MULTILINE
    )
    assert re.search(
        r"^\+\+\+ generated/graph_client/_schema\.json \(from the docs\)$", run.out, re.MULTILINE
    )


def _generated(root: Path) -> dict[str, bytes]:
    folder = root / "generated"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_generate_says_one_line_by_default_names_files_with_v_and_nothing_with_q(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "p")
    first = codegen_cli(["generate"], cwd=root)
    assert first.code == 0
    count = len(_generated(root)) - 1  # the manifest is no file of the package's
    assert first.out.splitlines() == [f"generated/graph_client: {count} files, {count} changed"]
    page = root / "spec" / "docs" / "resources" / "exactmatchsession.md"
    page.write_text(page.read_text().replace("|fileName|String||", "|fileName|Int32||"))
    verbose = codegen_cli(["generate", "-v"], cwd=root)
    lines = verbose.out.splitlines()
    assert verbose.code == 0 and lines[0].endswith(" changed") and len(lines) > 1
    assert "  graph_client/_schema.json" in lines
    page.write_text(page.read_text().replace("|fileName|Int32||", "|fileName|Int64||"))
    quiet = codegen_cli(["generate", "-q"], cwd=root)
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    assert b"Edm.Int64" in _generated(root)["graph_client/_schema.json"]


def test_generate_check_and_diff_write_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    assert codegen_cli(["generate"], cwd=root).code == 0
    clean = codegen_cli(["generate", "--check"], cwd=root)
    assert (clean.code, clean.out) == (0, "")
    page = root / "spec" / "docs" / "resources" / "exactmatchsession.md"
    page.write_text(page.read_text().replace("|fileName|String||", "|fileName|Int32||"))
    before = _generated(root)
    check = codegen_cli(["generate", "--check"], cwd=root)
    assert check.code == 1 and check.out == ""  # as black --check: no diff without --diff
    # the page, the package __init__ (its source hash) and _schema.json
    assert check.err == (
        "generated/graph_client would change: 3 changed, 0 missing, 0 orphaned; nothing written\n"
    )
    diff = codegen_cli(["generate", "--diff"], cwd=root)
    assert diff.code == 0 and '+    "fileName": {"collection": false' in diff.out
    both = codegen_cli(["generate", "--check", "--diff"], cwd=root)
    assert both.code == 1 and both.out == diff.out
    assert _generated(root) == before  # nothing written by any of them
    assert codegen_cli(["generate"], cwd=root).code == 0
    assert codegen_cli(["generate", "--check"], cwd=root).code == 0


def test_mistyped_options_and_commands_get_did_you_mean(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    run = codegen_cli(["generate", "--ouT", "x"], cwd=root)
    assert run.code == 2 and "unrecognized arguments: --ouT" in run.err
    assert "did you mean --out?" in run.err
    run = codegen_cli(["lint", "--fromat", "json"], cwd=root)
    assert run.code == 2 and "did you mean --format?" in run.err
    run = codegen_cli(["genrate"], cwd=root)
    assert run.code == 2 and "did you mean generate?" in run.err
    assert not (root / "generated").exists() and not (root / "x").exists()


def test_no_docs_says_where_it_looked_and_how_to_point_at_them(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    for command in ("generate", "check", "lint", "parse"):
        run = codegen_cli([command], cwd=empty)
        assert run.code == 2, run.err
        assert "looked for spec/docs (the default docs folder)" in run.err
        assert "codegen COMMAND PATH" in run.err and "[tool.codegen]" in run.err
    (empty / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.codegen]\ndocs = ['nope']\n"
    )
    run = codegen_cli(["generate"], cwd=empty)
    assert run.code == 2 and "pyproject.toml:5: [tool.codegen] docs names nope" in run.err
    assert not (empty / "generated").exists()


def test_color_follows_the_option_and_no_color(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    assert codegen_cli(["generate"], cwd=root).code == 0
    page = root / "spec" / "docs" / "resources" / "exactmatchsession.md"
    page.write_text(page.read_text().replace("|fileName|String||", "|fileName|Int32||"))
    always = codegen_cli(["check", "--color", "always"], cwd=root)
    assert always.code == 1 and "\x1b[31m-" in always.out and "\x1b[32m+" in always.out
    piped = codegen_cli(["check"], cwd=root)  # auto: a pipe is not a terminal
    assert "\x1b[" not in piped.out + piped.err
    assert piped.out == always.out.replace("\x1b[31m", "").replace("\x1b[32m", "").replace(
        "\x1b[36m", ""
    ).replace("\x1b[1m", "").replace("\x1b[0m", "")
    never = codegen_cli(["check", "--color", "never"], cwd=root)
    assert "\x1b[" not in never.out
    error = codegen_cli(["generate", "missing-folder", "--color", "always"], cwd=root)
    assert error.err.startswith("\x1b[31mcodegen: error:\x1b[0m ")


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """stderr of ``codegen ARGS`` when it is a terminal (a pseudo-terminal): what was written."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    leader, follower = pty.openpty()
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "codegen", *args],
        cwd=cwd,
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    shown = _on_a_terminal(["generate", "--no-cache"], root)
    assert "\rcodegen: reading pages 5" in shown
    assert "codegen: rendering modules" in shown and "codegen: writing files" in shown
    assert shown.endswith("\r")  # the line is erased at the end
    quiet = _on_a_terminal(["generate", "-q", "--no-cache"], root)
    assert quiet == ""
    piped = codegen_cli(["generate", "--no-cache"], cwd=root)  # stderr not a terminal
    assert piped.err == ""


def test_lint_quiet_prints_the_findings_only_and_colours_on_request(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    loud = codegen_cli(["lint", "spec/docs"], cwd=root)
    quiet = codegen_cli(["lint", "spec/docs", "-q"], cwd=root)
    assert loud.code == quiet.code
    assert loud.out.endswith("pages linted)\n") and quiet.out.strip()
    assert quiet.out == loud.out.rsplit("\n\n", 1)[0] + "\n"  # the same findings, no summary
    colored = codegen_cli(["lint", "spec/docs", "--color", "always"], cwd=root)
    assert "\x1b[33mwarning\x1b[0m" in colored.out
    assert "\x1b[" not in loud.out  # auto: a pipe is not a terminal
    no_color = codegen_cli(
        ["lint", "spec/docs", "--color", "auto"], cwd=root, env={"NO_COLOR": "1"}
    )
    assert "\x1b[" not in no_color.out
