"""How many of the docs' request paths the generated client reaches (issue 17).

    python bench/url_coverage.py [DOCS] [--out DIR] [--package NAME] [--reuse] [--count N]
                                 [--seed S] [--json FILE]

A fixed-seed sample of ``--count`` (default 200) distinct (method, path template) pairs of the
operations' paths (every path the HTTP request sections give, query strings dropped), each
template filled with sample values (``{user-id}`` -> ``userid-1``). A path is reachable when
the walk from ``GraphClient`` succeeds (the generator's tree names each segment's accessor,
which is called on the real generated objects) and some method of the final builder sends a
request whose path, as a loopback server on 127.0.0.1 receives it, is that URL (percent-decoded;
literal segments case-insensitively, values exactly). The package is generated through the real
CLI as bench/docs_examples.py does (``--reuse`` keeps DIR/NAME when it exists).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.docs_examples import DEFAULT, machine
from codegen import conformance
from codegen.api import parse_docs
from codegen.generate import client_tree
from tests.support import LoopbackServer, Reply


def why_not(template: str) -> str:
    """Why the generator gives a path no builder by design, or "" (client_tree's own rules)."""
    segments = [s for s in template.split("/") if s]
    well_formed = getattr(client_tree, "well_formed", None)
    if well_formed is not None and not well_formed(segments):
        return "not a request template (prose or a glob in the path)"
    if not client_tree.sendable(segments):
        return "a '.', '..', '#' or backslash segment (never sent)"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--package", default="conformancepkg")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    docs = args.docs.resolve()
    out = (args.out or Path(tempfile.mkdtemp(prefix="url-coverage-"))).resolve()
    print(f"machine: {machine()}")
    if not (args.reuse and (out / args.package).is_dir()):
        seconds = conformance.generate_with_cli([docs], out, args.package, cwd=REPO)
        print(f"generated {out / args.package} in {seconds:.1f} s (codegen generate, CLI)")
    model = parse_docs([docs], REPO, cache=True)
    package = conformance.import_package(out, args.package)
    sample = conformance.sample_paths(model, args.count, args.seed)
    server = LoopbackServer()
    started = time.perf_counter()
    try:
        harness = conformance.Harness(model, package, server, Reply)
        coverage = conformance.Coverage(harness)
        harness.client()
        reaches = [coverage.reach(method, template, op) for method, template, op in sample]
        harness.close()
    finally:
        server.close()
    ran = time.perf_counter() - started
    reached = [r for r in reaches if r.reachable]
    designed = {r.template: why_not(r.template) for r in reaches if not r.reachable}
    by_design = [r for r in reaches if not r.reachable and designed[r.template]]
    print(
        f"{len(reaches)} distinct request paths sampled (seed {args.seed}) of"
        f" {len({(o.method, p) for o in model.operations for p in o.paths})}, run in {ran:.1f} s"
    )
    print(f"reachable: {len(reached)}/{len(reaches)} = {len(reached) / max(1, len(reaches)):.1%}")
    same = sum(1 for r in reached if r.same_method)
    print(
        f"  by a method of the path's own HTTP method: {same}/{len(reaches)}"
        f" = {same / max(1, len(reaches)):.1%}"
    )
    rest = len(reaches) - len(by_design)
    print(
        f"  of the paths the generator means to serve ({rest}; {len(by_design)} are no request"
        f" template by design): {len(reached)}/{rest} = {len(reached) / max(1, rest):.1%}"
    )
    kinds = Counter(
        (designed[r.template] or r.why.split(":", 1)[0].split(" '")[0])
        for r in reaches
        if not r.reachable
    )
    print("unreachable, by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    for r in reaches:
        if not r.reachable:
            print(
                f"  {r.method} {r.template}  [{r.op_id}]\n      -> {designed[r.template] or r.why}"
            )
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {"machine": machine(), "seed": args.seed, "reaches": [asdict(r) for r in reaches]},
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
