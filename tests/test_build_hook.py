"""The hatchling build hook regenerates a consuming project's package when it is built."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from codegen.cli import build_parser
from codegen.hatch_hook import generate_for_build
from tests.conftest import ROOT

CONSUMER = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "consumer"
version = "1.0"

[tool.hatch.build.targets.wheel]
packages = ["src/exactmatch"]

[tool.hatch.build.hooks.graph-docs-codegen]
docs = ["docs"]
out = "src"
package = "exactmatch"
"""


def test_generate_for_build_writes_the_configured_package(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "spec" / "docs", tmp_path / "docs")
    written = generate_for_build(tmp_path, {"docs": "docs", "out": "src", "package": "exactmatch"})
    assert "exactmatch/models.py" in written
    assert "class ExactMatchSession(" in (tmp_path / "src/exactmatch/models.py").read_text()


def test_building_a_consumer_wheel_runs_the_hook(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "spec" / "docs", tmp_path / "docs")
    (tmp_path / "pyproject.toml").write_text(CONSUMER)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-w",
            "dist",
            ".",
        ],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    [wheel] = (tmp_path / "dist").glob("consumer-1.0-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "exactmatch/client.py" in names and "exactmatch/models.py" in names


def test_pre_commit_hooks_name_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["codegen-check", "codegen-lint"]
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "codegen" and command in commands
        assert hook["pass_filenames"] is False
