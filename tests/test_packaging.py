"""The release: one version everywhere, a changelog entry for it, and an sdist and wheel that
install into a fresh virtual environment where ``codegen generate`` and the hatch hook run
(issue 16, item 7)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from codegen import __version__
from codegen.generate.runtime_files import STATIC_MODULES
from tests.conftest import DOCS, ROOT
from tests.test_build_hook import CONSUMER


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, check=False
    )


def test_one_version_named_by_the_changelog_and_the_pre_commit_snippet() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    top = re.search(r"^## (\S+)", changelog, re.MULTILINE)
    assert top is not None and top.group(1) == __version__
    readme = (ROOT / "README.md").read_text()
    assert f"rev: v{__version__}" in readme
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel, built from the checkout (no build isolation: no downloads)."""
    out = tmp_path_factory.mktemp("dist")
    built = _run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--sdist",
            "--wheel",
            "--outdir",
            str(out),
        ],
        ROOT,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    return out


def test_the_sdist_and_wheel_carry_the_templates_and_the_runtime(dist: Path) -> None:
    [wheel] = dist.glob(f"graph_docs_codegen-{__version__}-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "codegen/_templates/model.py.jinja" in names
    for name in STATIC_MODULES:
        assert f"codegen/runtime/{name}" in names
    assert not [n for n in names if n.startswith(("tests/", "generated/", "spec/"))]
    [sdist] = dist.glob(f"graph_docs_codegen-{__version__}.tar.gz")
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    top = f"graph_docs_codegen-{__version__}"
    for name in ("README.md", "CHANGELOG.md", "templates/model.py.jinja", "codegen/cli.py"):
        assert f"{top}/{name}" in members


def test_the_wheel_installed_in_a_fresh_venv_generates_and_runs_the_hook(
    dist: Path, tmp_path: Path
) -> None:
    [wheel] = dist.glob("*.whl")
    venv = tmp_path / "venv"
    # the dependencies come from this environment (no downloads); the package from the wheel
    made = _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = _run([str(python), "-c", "import codegen; print(codegen.__file__)"], tmp_path)
    assert where.stdout.strip().startswith(str(venv)), where.stdout + where.stderr
    codegen = venv / "bin" / "codegen"
    version = _run([str(codegen), "--version"], tmp_path)
    assert version.stdout.strip() == f"codegen {__version__}"
    project = tmp_path / "project"
    shutil.copytree(DOCS, project / "spec" / "docs")
    (project / "pyproject.toml").write_text("[project]\nname = 'p'\nversion = '1'\n")
    done = _run([str(codegen), "generate"], project)
    assert done.returncode == 0, done.stdout + done.stderr
    generated = project / "generated" / "graph_client"
    # the same bytes as the committed package: the wheel's templates are the project's
    for path in sorted((ROOT / "generated" / "graph_client").rglob("*.py")):
        rel = path.relative_to(ROOT / "generated" / "graph_client")
        assert (generated / rel).read_bytes() == path.read_bytes(), rel
    # the hatch hook, from the installed wheel, in a consumer's build
    consumer = tmp_path / "consumer"
    shutil.copytree(DOCS, consumer / "docs")
    (consumer / "pyproject.toml").write_text(CONSUMER)
    wheel_build = _run(
        [str(python), "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", "dist", "."],
        consumer,
    )
    assert wheel_build.returncode == 0, wheel_build.stdout[-2000:] + wheel_build.stderr[-2000:]
    [built] = (consumer / "dist").glob("consumer-1.0-*.whl")
    assert "exactmatch/models/exact_match_session.py" in zipfile.ZipFile(built).namelist()
