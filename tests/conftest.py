"""Shared fixtures: the project's docs, the model of them, and ../shared when present."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: derandomized in CI (same examples every run), random locally.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

from codegen.api import parse_docs
from codegen.cache import ENV_DIR
from codegen.ir.model import Model

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "spec" / "docs"
SHARED = Path(os.environ.get("CODEGEN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The generator's cache in a folder of this test session, never the user's cache: set in
    the environment, so that the CLI run in a subprocess uses it too."""
    folder = tmp_path_factory.mktemp("codegen-cache")
    before = os.environ.get(ENV_DIR)
    os.environ[ENV_DIR] = str(folder)
    yield folder
    if before is None:
        del os.environ[ENV_DIR]
    else:
        os.environ[ENV_DIR] = before


@pytest.fixture(scope="session")
def seed_model() -> Model:
    """The model of spec/docs, named as the CLI names it when run from the repo root."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        return parse_docs([Path("spec/docs")])
    finally:
        os.chdir(cwd)


def needs_corpus() -> pytest.MarkDecorator:
    """Skip unless ../shared/corpus is beside the checkout (it is in CI)."""
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
