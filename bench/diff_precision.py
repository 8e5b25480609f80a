"""Precision of ``codegen diff`` on the corpus: v1.0 against beta, differences judged by
reading both pages.

    python bench/diff_precision.py sample [--n 50] [--seed 19] > new.jsonl
    python bench/diff_precision.py report [bench/diff_precision.jsonl]

The population is what a "beta-only property copied into v1.0" or a forgotten beta update
produces: every change where v1.0 has something beta lacks or declares differently (the old
side, v1.0, is part of it), not the pure additions beta brings and not the generated package's
own names (``python-*``). ``sample`` draws a fixed-seed random sample of them (the changes whose hash with the seed is
smallest, so that a fix removing some changes leaves the rest of the sample as it was); each line is a
change with empty ``verdict`` and ``why`` for a person to fill in after opening both pages at
the reported lines: ``verdict`` "real" when the two doc sets do say what the change says,
"tool-error" when they do not (a mis-parse, a wrong match), and ``why`` one line saying so.

``report`` runs the diff again, prints the population per kind, the judged changes it still
produces and their precision, and the overall precision (goal: 0.95). Lines with ``"draw":
"earlier"`` are the tool errors earlier draws found (before the fixes they led to): the report
says which of them the diff still produces.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from codegen.diff.report import render
from codegen.diff.runner import DiffOptions, run_diff
from codegen.settings import project_root

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021" / "api-reference"
JUDGED = Path(__file__).with_name("diff_precision.jsonl")
GOAL = 0.95


def _where(side: dict[str, Any] | None) -> str | None:
    return None if side is None else f"{side['file']}:{side['line']}"


def population(old: Path, new: Path) -> list[dict[str, Any]]:
    """The changes where the old side has something the new one lacks or declares otherwise."""
    started = time.perf_counter()
    result = run_diff(
        DiffOptions(old=str(old), new=str(new), docs=(new,), root=project_root(), cache=True)
    )
    report = json.loads(render(result, "json", tool_version="bench"))
    print(f"diff: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return [
        {
            "kind": c["kind"],
            "level": c["level"],
            "subject": c["subject"],
            "message": c["message"],
            "old": _where(c["old"]),
            "new": _where(c["new"]) or _where(c["at"]),
        }
        for c in report["changes"]
        if c["old"] is not None and not c["kind"].startswith("python-")
    ]


def _key(c: dict[str, Any]) -> tuple[str, str, str | None]:
    return c["kind"], c["subject"], c["old"]


def _draw(c: dict[str, Any], seed: int) -> str:
    """A change's place in the draw: a hash of the seed and the change, so that the sample
    keeps its changes when the population gains or loses others."""
    return hashlib.sha256(json.dumps([seed, *_key(c)]).encode()).hexdigest()


def sample(n: int, seed: int) -> None:
    rows = population(CORPUS / "v1.0", CORPUS / "beta")
    for c in sorted(rows, key=lambda c: _draw(c, seed))[:n]:
        print(json.dumps({**c, "verdict": None, "why": ""}, ensure_ascii=False))


def report(judged_path: Path) -> None:
    rows = population(CORPUS / "v1.0", CORPUS / "beta")
    judged = [json.loads(line) for line in judged_path.read_text().splitlines() if line.strip()]
    produced = {_key(c) for c in rows}
    kinds = Counter(c["kind"] for c in rows)
    current = [j for j in judged if j.get("draw") != "earlier"]
    still = [j for j in current if _key(j) in produced and j["verdict"] in ("real", "tool-error")]
    per_kind: dict[str, Counter[str]] = {}
    for j in still:
        per_kind.setdefault(j["kind"], Counter())[j["verdict"]] += 1
    print(f"{'kind':36} {'v1.0 vs beta':>12} {'judged':>7} {'real':>5}")
    for kind in sorted(kinds, key=lambda k: (-kinds[k], k)):
        c = per_kind.get(kind, Counter())
        print(f"{kind:36} {kinds[kind]:12d} {sum(c.values()):7d} {c['real']:5d}")
    real = sum(1 for j in still if j["verdict"] == "real")
    gone = len(current) - len(still)
    print(f"population {len(rows)}; judged {len(still)} of this draw ({gone} no longer produced)")
    precision = real / len(still) if still else 0.0
    print(f"precision {precision:.3f} (goal {GOAL})")
    earlier = [j for j in judged if j.get("draw") == "earlier"]
    if earlier:
        left = [j for j in earlier if _key(j) in produced]
        print(
            f"tool errors found in earlier draws: {len(earlier)}, "
            f"{len(earlier) - len(left)} no longer produced"
        )
        for j in left:
            print(f"  still produced: {j['kind']} {j['subject']}: {j['why']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--n", type=int, default=50)
    s.add_argument("--seed", type=int, default=19)
    r = sub.add_parser("report")
    r.add_argument("judged", nargs="?", type=Path, default=JUDGED)
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.n, args.seed)
    else:
        report(args.judged)


if __name__ == "__main__":
    main()
