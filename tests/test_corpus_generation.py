"""Generation holds beyond the seeds: a slice of the real beta corpus generates a package that
imports, passes ruff's default rules and mypy --strict."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.api import parse_docs
from codegen.generate.package import Options, render_package
from codegen.generate.writer import write_package
from codegen.parser.docset import discover
from tests.conftest import CORPUS, needs_corpus

BETA = CORPUS / "graph-docs-2021" / "api-reference" / "beta"


@pytest.mark.corpus
@needs_corpus()
def test_a_corpus_slice_generates_a_clean_package(tmp_path: Path) -> None:
    pages = discover([BETA])[::20]  # ~400 pages across the whole corpus, deterministic
    model = parse_docs(pages)
    assert len(model.types) > 50 and len(model.operations) > 50
    write_package(tmp_path, render_package(model, Options(package="beta_slice")))
    for tool in (["ruff", "check", "--isolated", "--no-cache"], ["mypy", "--strict"]):
        run = subprocess.run(
            [sys.executable, "-m", *tool, "beta_slice"],
            check=False,
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("beta_slice")
        client = package.GraphClient(token="t")
        assert repr(client) == "GraphClient(base_url='https://graph.microsoft.com/beta')"
        assert package.__all__
    finally:
        sys.path.remove(str(tmp_path))


IMPORT_PROBE = """
import importlib, pkgutil, sys
from betapkg import GraphClient, User
loaded = sorted(m for m in sys.modules if m.startswith("betapkg."))
assert "betapkg.models.group" not in sys.modules
base = sys.modules["betapkg.models"].DirectoryObject
group = base.from_dict({"@odata.type": "#microsoft.graph.group", "id": "g"})
assert type(group).__name__ == "Group", type(group)  # its module imported by the dispatch
user = User.from_dict({"@odata.type": "#microsoft.graph.user", "id": "1", "displayName": "A"})
client = GraphClient(token="t")
assert user.display_name == "A" and client.users.by_id("1") is not None
count = 0
for info in pkgutil.walk_packages(sys.modules["betapkg"].__path__, "betapkg."):
    importlib.import_module(info.name)
    count += 1
print(len(loaded), count)
"""


@pytest.mark.corpus
@needs_corpus()
def test_the_whole_beta_corpus_generates_a_clean_lazy_package(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", str(BETA), "--out", "out"]
        + ["--package", "betapkg"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / "out"
    files = [p for p in (out / "betapkg").rglob("*.py")]
    assert len(files) > 3000 and max(len(p.read_text().splitlines()) for p in files) < 20_000
    for tool in (["ruff", "check", "--isolated", "--no-cache"], ["mypy", "--strict"]):
        run = subprocess.run(
            [sys.executable, "-m", *tool, "betapkg"],
            check=False,
            cwd=out,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    probe = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE], cwd=out, capture_output=True, text=True, check=False
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    loaded, walked = map(int, probe.stdout.split())
    assert loaded < 30, "importing GraphClient and User loads only what they need"
    assert walked > 3000  # and every module of the package imports
