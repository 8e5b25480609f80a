"""Whole-beta lint time through the CLI, against a baseline commit run in the same process.

    python bench/lint_speed.py [--baseline REF] [--runs N] [CORPUS_FOLDER]

Issue 18's budget: lint on beta under 20 s on 2 cores and no more than 25% slower than before
its rules (the baseline, ``fa07cb9``: the commit before issue 18's first change). The baseline's
``codegen/`` is exported with ``git archive`` into a temporary folder; each run is
``python -m codegen lint CORPUS --format json --exit-zero`` in a subprocess (as a user runs it),
the two versions alternating, each with an empty cache folder of its own (lint reads no
cache: a second run in the same folder measured the same). Prints the best of ``--runs`` per
version and the ratio current / baseline, with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared/corpus/graph-docs-2021/api-reference/beta"
BASELINE = "fa07cb9"
BUDGET_RATIO = 1.25
BUDGET_SECONDS = 20.0


def export(ref: str, into: Path) -> Path:
    """``codegen/`` (and the templates it reads) of ``ref``, unpacked under ``into``."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", ref, "codegen", "templates", "pyproject.toml"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def lint_once(source: Path, corpus: Path, cache: Path, work: Path) -> float:
    """One CLI lint of ``corpus`` with the code under ``source``; its wall time."""
    env = {**os.environ, "PYTHONPATH": str(source), "CODEGEN_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "lint", str(corpus), "--format", "json", "--exit-zero"],
        cwd=work,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"lint with {source} exited {done.returncode}: {done.stderr[-500:]}")
    return took


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}), {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lint-speed-") as tmp:
        root = Path(tmp)
        versions = {"baseline": export(args.baseline, root / "baseline"), "current": REPO}
        work = root / "work"  # no pyproject.toml: neither version reads the project's settings
        work.mkdir()
        best: dict[str, float] = {}
        print(f"before: {load()}")
        for run in range(args.runs):
            for name, source in versions.items():
                cache = root / f"cache-{name}-{run}"
                took = lint_once(source, args.corpus, cache, work)
                best[name] = min(best.get(name, took), took)
                shutil.rmtree(cache, ignore_errors=True)
                print(f"  run {run + 1} {name:<8} {took:6.2f} s")
        print(f"after: {load()}")
        ratio = best["current"] / best["baseline"]
        within = ratio <= BUDGET_RATIO and best["current"] < BUDGET_SECONDS
        print(
            f"current {best['current']:.2f} s, baseline {args.baseline} {best['baseline']:.2f} s,"
            f" ratio {ratio:.2f} ({'within' if within else 'OVER'} the budget: <= {BUDGET_RATIO}"
            f" and < {BUDGET_SECONDS:.0f} s; best of {args.runs})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
