"""The docs' examples as the acceptance test of the generated package (issue 17).

    python bench/docs_examples.py [DOCS] [--out DIR] [--package NAME] [--reuse] [--async]
                                  [--sample N] [--seed S] [--json FILE] [--top K]
                                  [--no-attribution]

Generates the package from DOCS (default: the beta corpus) through the real CLI
(``python -m codegen generate DOCS --out DIR --package NAME``, the user's cache), imports it,
parses DOCS into the model in this process, and runs every example of every operation through
``codegen.conformance.Harness`` against a loopback server on 127.0.0.1: the request rebuilt
through the client's public API and compared with the example, the response decoded and
round-tripped, ``validate_request`` and ``validate`` on the example bodies. Prints each stage's
pass rate and its top failure reasons (count, who is to blame, three examples as file:line).
``--reuse`` skips the generation when DIR/NAME exists; ``--sample N`` runs N operations with
examples drawn with ``--seed``; ``--json FILE`` writes every outcome and the summary.

Then it lints DOCS (``codegen.lint``, every rule, no metadata) and attributes each failing
stage to the lint rule that reports the docs defect on the lines that stage read
(``codegen.attribution``): it prints, per stage, the share passed or attributed, which rules
explain the failures, and the unexplained ones by reason (generator defects, or docs defects
no rule reports yet). ``--no-attribution`` skips that.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from codegen import attribution, conformance
from codegen.api import parse_docs
from codegen.lint.runner import LintOptions, run_lint
from tests.support import LoopbackServer, Reply

DEFAULT = REPO.parent / "shared/corpus/graph-docs-2021/api-reference/beta"


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--package", default="conformancepkg")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--async", dest="flavour", action="store_const", const="async", default="sync"
    )
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument(
        "--no-attribution", dest="attribution", action="store_false",
        help="skip linting the docs to attribute each failure to the rule that reports it",
    )  # fmt: skip
    args = parser.parse_args(argv)
    docs = args.docs.resolve()
    out = (args.out or Path(tempfile.mkdtemp(prefix="docs-examples-"))).resolve()
    print(f"machine: {machine()}")
    generated = None
    if not (args.reuse and (out / args.package).is_dir()):
        generated = conformance.generate_with_cli([docs], out, args.package, cwd=REPO)
        print(f"generated {out / args.package} in {generated:.1f} s (codegen generate, CLI)")
    started = time.perf_counter()
    model = parse_docs([docs], REPO, cache=True)
    parsed = time.perf_counter() - started
    package = conformance.import_package(out, args.package)
    ops = conformance.sample_operations(model, args.sample, args.seed)
    server = LoopbackServer()
    try:
        started = time.perf_counter()
        harness = conformance.Harness(model, package, server, Reply, flavour=args.flavour)
        tree = time.perf_counter() - started
        started = time.perf_counter()
        pairs = list(harness.examples(ops))
        outcomes = harness.run(ops)
        ran = time.perf_counter() - started
    finally:
        server.close()
    summary = conformance.summarize(outcomes)
    attributed = None
    if args.attribution:
        started = time.perf_counter()
        findings = run_lint(LintOptions(paths=(docs,), root=REPO))
        linted = time.perf_counter() - started
        explained = attribution.attribute(pairs, outcomes, findings)
        attributed = attribution.summarize_attribution(summary, explained)
    print(
        f"model parsed in {parsed:.1f} s, tree built in {tree:.1f} s,"
        f" {len(outcomes)} examples run in {ran:.1f} s ({args.flavour} client)"
    )
    print(conformance.format_summary(summary, args.top))
    if attributed is not None:
        print(f"\ndocs linted in {linted:.1f} s ({len(findings)} findings)")
        print(attribution.format_attribution(attributed, args.top))
    if args.json is not None:
        report = conformance.report_json(
            outcomes,
            summary,
            docs=str(docs),
            package=args.package,
            flavour=args.flavour,
            machine=machine(),
            generate_seconds=generated,
            run_seconds=ran,
        )
        if attributed is not None:
            report["attribution"] = {
                "summary": attributed,
                "failures": [dataclasses.asdict(a) for a in explained],
            }
        args.json.write_text(
            json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"\nreport written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
