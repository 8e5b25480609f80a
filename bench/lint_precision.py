"""Lint precision on the beta corpus, from findings judged by reading the pages.

    python bench/lint_precision.py sample [--per-rule N] [--seed S] > new.jsonl
    python bench/lint_precision.py report [bench/lint_precision.jsonl]

``sample`` lints the corpus and draws, with a fixed seed, up to N findings of every rule (a
stratified random sample: a rule with few findings is not drowned by the large ones); each line
is a finding with empty ``verdict`` and ``why`` for a person to fill in after opening the page at
the reported line: ``verdict`` true when the finding is a real defect a docs maintainer would
fix, false otherwise, and ``why`` one line saying so.

``report`` prints, per rule and severity (as lint gives them today: a rule may report some
findings as errors and others as warnings), the findings on the corpus, the judged ones and their
precision, and overall precision for errors and for warnings, each weighted by how many findings
every rule has on the corpus (the estimate of what share of the whole report is right). It also
says how many judged findings lint no longer produces (the sample is then stale for that rule).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from codegen.lint.report import render_report
from codegen.lint.runner import LintOptions, run_lint

ROOT = Path(__file__).resolve().parents[1]

BETA = ROOT.parent / "shared" / "corpus" / "graph-docs-2021" / "api-reference" / "beta"
JUDGED = Path(__file__).with_name("lint_precision.jsonl")
GOALS = {"error": 0.95, "warning": 0.90}  # overall; every error rule: 0.90


def _findings(docs: Path) -> list[dict[str, Any]]:
    """Every finding on ``docs``, as the JSON report gives them."""
    report = render_report(run_lint(LintOptions(paths=(docs,))), "json", tool_version="bench")
    rows: list[dict[str, Any]] = json.loads(report)["findings"]
    return rows


def _key(f: dict[str, Any]) -> tuple[str, str, int, str]:
    return f["rule"], f["file"], int(f["line"]), f["message"]


def sample(docs: Path, per_rule: int, seed: int) -> None:
    """Print a stratified random sample of findings as JSON lines to judge."""
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in _findings(docs):
        by_rule[f["rule"]].append(f)
    rng = random.Random(seed)
    for rule in sorted(by_rule):
        for f in rng.sample(by_rule[rule], min(per_rule, len(by_rule[rule]))):
            print(json.dumps({**f, "verdict": None, "why": ""}, ensure_ascii=False))


def report(docs: Path, judged_path: Path) -> None:
    """Print precision per rule and severity, and overall for errors and for warnings."""
    judged = [json.loads(line) for line in judged_path.read_text().splitlines() if line.strip()]
    current = _findings(docs)
    counts = Counter((f["rule"], f["severity"]) for f in current)
    live = {_key(f): f["severity"] for f in current}  # a judged finding's severity today
    verdicts: dict[tuple[str, str], list[bool]] = defaultdict(list)
    by_rule: dict[str, list[bool]] = defaultdict(list)
    stale: Counter[str] = Counter()
    for j in judged:
        if j.get("verdict") is None:
            continue
        if _key(j) not in live:
            stale[j["rule"]] += 1
            continue
        verdicts[(j["rule"], live[_key(j)])].append(bool(j["verdict"]))
        by_rule[j["rule"]].append(bool(j["verdict"]))
    print(f"{len(judged)} judged findings; {sum(stale.values())} no longer produced by lint")
    print(f"{'rule':38} {'severity':8} {'beta':>6} {'judged':>6} {'precision':>9}")
    weighted: dict[str, list[float]] = {"error": [0.0, 0.0], "warning": [0.0, 0.0]}
    failing = []
    for rule, sev in sorted(set(counts) | set(verdicts)):
        sample = verdicts.get((rule, sev)) or by_rule.get(rule, [])  # else: the rule's sample
        precision = sum(sample) / len(sample) if sample else None
        shown = f"{precision:.2f}" if precision is not None else "-"
        judged_here = len(verdicts.get((rule, sev), []))
        print(f"{rule:38} {sev:8} {counts[(rule, sev)]:6} {judged_here:6} {shown:>9}")
        if precision is not None and sev in weighted:
            weighted[sev][0] += precision * counts[(rule, sev)]
            weighted[sev][1] += counts[(rule, sev)]
        if sev == "error" and precision is not None and precision < 0.90:
            failing.append(rule)
    for sev, (right, total) in weighted.items():
        value = right / total if total else float("nan")
        print(f"overall {sev}s (weighted by findings on beta): {value:.3f} (goal {GOALS[sev]})")
    print("error rules below 0.90: " + (", ".join(failing) if failing else "none"))


def main() -> None:
    """Sample or report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--docs", type=Path, default=BETA)
    s.add_argument("--per-rule", type=int, default=15)
    s.add_argument("--seed", type=int, default=2021)
    r = sub.add_parser("report")
    r.add_argument("judged", nargs="?", type=Path, default=JUDGED)
    r.add_argument("--docs", type=Path, default=BETA)
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.docs, args.per_rule, args.seed)
    else:
        report(args.docs, args.judged)


if __name__ == "__main__":
    main()
