"""The model to YAML/JSON and back, deterministically."""

from __future__ import annotations

import subprocess
import sys

from codegen.ir.model import Model
from codegen.ir.serialize import dump_json, dump_yaml, load
from tests.conftest import ROOT


def test_yaml_round_trip(seed_model: Model) -> None:
    assert load(dump_yaml(seed_model)) == seed_model


def test_json_round_trip(seed_model: Model) -> None:
    assert load(dump_json(seed_model)) == seed_model


def test_cli_output_is_deterministic_and_loads_back(seed_model: Model) -> None:
    runs = [
        subprocess.run(
            [sys.executable, "-m", "codegen", "parse", "--format", fmt],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for fmt in ("yaml", "yaml", "json")
    ]
    assert runs[0] == runs[1]
    assert load(runs[0]) == seed_model
    assert load(runs[2]) == seed_model


def test_cli_bad_path_is_a_clean_error() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "codegen", "parse", "no/such/folder"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr == "codegen: error: no/such/folder: no such file or folder\n"
    assert "Traceback" not in run.stderr
