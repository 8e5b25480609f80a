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
        assert repr(client) == "GraphClient(path='')"
        assert package.__all__
    finally:
        sys.path.remove(str(tmp_path))
