"""The hatchling build hook regenerates a consuming project's package when it is built."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from codegen.cli import build_parser
from codegen.hatch_hook import generate_for_build
from codegen.settings import SettingsError
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
    assert "exactmatch/models/exact_match_session.py" in written
    session = tmp_path / "src/exactmatch/models/exact_match_session.py"
    assert "class ExactMatchSession(" in session.read_text()


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
    assert "exactmatch/client.py" in names and "exactmatch/models/__init__.py" in names
    assert "exactmatch/_schema.json" in names  # the validators' data ships too


def test_pre_commit_hooks_name_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["codegen-check", "codegen-lint", "codegen-diff"]
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for hook in hooks:
        program, command, *_ = hook["entry"].split()
        assert program == "codegen" and command in commands
        assert hook["pass_filenames"] is False


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"package": "a-b"}, "package 'a-b' is not an importable Python name"),
        (
            {"pakage": "x"},
            (
                "unknown key 'pakage' in [tool.hatch.build.hooks.graph-docs-codegen]; "
                "did you mean 'package'?"
            ),
        ),
        ({"docs": 5}, "docs must be a path or a non-empty list of paths"),
        ({"base_url": "http://example.com"}, "must be an absolute https URL"),
        ({"lint": {}}, "unknown key 'lint'"),
        ({"diff": {}}, "unknown key 'diff'"),
    ],
)
def test_the_hook_table_goes_through_the_same_checks(
    tmp_path: Path, config: dict[str, object], message: str
) -> None:
    shutil.copytree(ROOT / "spec" / "docs", tmp_path / "spec" / "docs")
    with pytest.raises(SettingsError) as info:
        generate_for_build(tmp_path, dict(config))
    assert message in str(info.value) and "graph-docs-codegen" in str(info.value)
    assert not (tmp_path / "generated").exists()


def test_hatch_options_in_the_hook_table_are_not_codegen_settings(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "spec" / "docs", tmp_path / "spec" / "docs")
    written = generate_for_build(tmp_path, {"dependencies": ["x"], "enable-by-default": True})
    assert "graph_client/models/__init__.py" in written
