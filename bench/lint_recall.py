"""Lint recall on the beta corpus, from pages read in full by a person.

    python bench/lint_recall.py draw [--count N] [--seed S]
    python bench/lint_recall.py report [bench/lint_recall.jsonl] [--misses] [--findings FILE]
                                       [--metadata PATH]

``draw`` prints the pages to read: ``--count`` pages of the beta ``api/`` and ``resources/``
folders drawn at random with a fixed seed, at most a third of them ``intune-*`` (more than half
the corpus is Intune's generated pages; uncapped, they would be most of the sample).

``bench/lint_recall.jsonl`` holds one line per page drawn and read::

    {"page": "api/x.md", "read_with": ["resources/y.md", ...],
     "defects": [{"file": "api/x.md", "line": 12, "what": "...", "rule": "example-value-type"}]}

``read_with`` names the pages the reader opened to judge the page (its resource page, the
types its examples use); ``defects`` every real defect found on the page (or, when the page
contradicts one of those, at the line of the page drawn), what a careful docs reviewer would
flag, each with the rule that should report it: a rule id of the catalog, or ``"none"`` when
no rule checks that kind of defect. A page with no defect has ``"defects": []``.

``report`` lints the whole corpus (cross-page rules need every page) and matches each defect
with the findings at its file within ±2 lines of its line:

- **named**: a finding of the rule the defect names (a defect naming ``none`` is never found
  this way);
- **any**: a finding of any rule (a rule added later, or one reporting the defect under
  another id, counts).

Either way one finding finds one defect at most (a defect takes a finding of its own rule
first, then the nearest other): an ``annotation-missing`` at a request block does not also
find the placeholder in the URL on the next line.

It prints recall both ways, counting findings at warning or error, and at any severity
(info included), per rule named and overall; ``--misses`` lists the defects not found.

``--metadata PATH`` lints with a CSDL document as ``codegen lint --metadata`` does, so the
``csdl-*`` rules report too (defects only the service metadata shows, an enum member the service
lacks, are found then): ``--metadata ../shared/metadata/beta-USNat.csdl``. Without it the docs
alone are linted (and ``--findings`` is a saved report of either kind).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from codegen.lint.catalog import RULES
from codegen.lint.report import render_report
from codegen.lint.runner import LintOptions, run_lint

ROOT = Path(__file__).resolve().parents[1]
BETA = ROOT.parent / "shared" / "corpus" / "graph-docs-2021" / "api-reference" / "beta"
READ = Path(__file__).with_name("lint_recall.jsonl")
WINDOW = 2  # a finding within this many lines of the defect's line finds it
SEVERE = ("error", "warning")


def corpus_pages(docs: Path) -> list[str]:
    """Every page of the api/ and resources/ folders, as lint names them (sorted)."""
    return sorted(
        f"{folder}/{p.name}"
        for folder in ("api", "resources")
        for p in (docs / folder).glob("*.md")
        if p.is_file()
    )


def draw(pages: list[str], count: int, seed: int) -> list[str]:
    """``count`` pages in a random order fixed by ``seed``, at most a third of them Intune's."""
    order = list(pages)
    random.Random(seed).shuffle(order)
    out: list[str] = []
    intune = 0
    for page in order:
        if len(out) == count:
            break
        if page.split("/", 1)[1].startswith("intune-"):
            if intune >= count // 3:
                continue
            intune += 1
        out.append(page)
    return out


def load(path: Path) -> list[dict[str, Any]]:
    """The pages read, with their defects; every record checked."""
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    for r in records:
        assert set(r) == {"page", "read_with", "defects"}, r.get("page")
        for d in r["defects"]:
            assert set(d) == {"file", "line", "what", "rule"}, (r["page"], d)
            assert d["rule"] == "none" or d["rule"] in RULES, (r["page"], d["rule"])
            assert isinstance(d["line"], int) and d["line"] > 0 and d["what"], (r["page"], d)
    return records


def _findings(
    docs: Path, saved: Path | None, metadata: Path | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every finding on ``docs`` (the JSON report's, compared with ``metadata`` when given, or
    those of a saved ``codegen lint --format json`` report of the same docs), by file."""
    if saved is not None:
        report = saved.read_text()
    else:
        options = LintOptions(paths=(docs,), metadata=metadata)
        report = render_report(run_lint(options), "json", tool_version="bench")
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in json.loads(report)["findings"]:
        by_file[f["file"]].append(f)
    return by_file


def matches(defect: dict[str, Any], findings: list[dict[str, Any]], *, named: bool, severe: bool):
    """The findings that find ``defect``: at its file (``findings`` are that file's), within
    ``WINDOW`` lines, of its rule (``named``) or any rule, at warning or error (``severe``)."""
    return [
        f
        for f in findings
        if abs(int(f["line"]) - defect["line"]) <= WINDOW
        and (not named or f["rule"] == defect["rule"])
        and (not severe or f["severity"] in SEVERE)
    ]


def found_by(
    defects: list[dict[str, Any]],
    by_file: dict[str, list[dict[str, Any]]],
    *,
    named: bool,
    severe: bool,
) -> list[bool]:
    """Which defects a finding finds, one finding finding one defect at most: a defect takes
    a finding of its own rule first, then the nearest; so one finding does not find two defects
    on neighbouring lines (an annotation-missing at the request block is not also the
    placeholder in the URL on the next line)."""
    used: set[int] = set()
    out = [False] * len(defects)
    for own_rule in (True, False):  # every defect its own rule's finding first, then any
        if own_rule is False and named:
            break
        for i, d in enumerate(defects):
            if out[i]:
                continue
            near = [
                f
                for f in matches(d, by_file[d["file"]], named=named or own_rule, severe=severe)
                if id(f) not in used
            ]
            if near:
                best = min(near, key=lambda f: abs(int(f["line"]) - d["line"]))
                used.add(id(best))
                out[i] = True
    return out


def report(
    docs: Path,
    path: Path,
    misses: bool,
    saved: Path | None = None,
    metadata: Path | None = None,
) -> None:
    """Print recall, named and any, at warning-or-error and at any severity."""
    records = load(path)
    defects = [d for r in records for d in r["defects"]]
    by_file = _findings(docs, saved, metadata)
    modes = {
        (named, severe): found_by(defects, by_file, named=named, severe=severe)
        for named in (True, False)
        for severe in (True, False)
    }
    pages = len(records)
    intune = sum(r["page"].split("/", 1)[1].startswith("intune-") for r in records)
    print(f"{pages} pages read ({intune} intune-*), {len(defects)} defects")
    print(
        f"{'rule named':38} {'defects':>7} {'named w/e':>9} {'named any':>9} {'any w/e':>7} {'any':>5}"
    )
    rows: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(defects):
        rows[d["rule"]].append(i)
    for rule in sorted(rows, key=lambda r: (-len(rows[r]), r)):
        idx = rows[rule]
        cells = [
            sum(modes[m][i] for i in idx)
            for m in ((True, True), (True, False), (False, True), (False, False))
        ]
        print(
            f"{rule:38} {len(idx):7} "
            + " ".join(
                f"{c:>9}" if k < 2 else f"{c:>7}" if k == 2 else f"{c:>5}"
                for k, c in enumerate(cells)
            )
        )
    for (named, severe), found in modes.items():
        value = sum(found) / len(found) if found else float("nan")
        how = "the rule named" if named else "any rule"
        at = "warning or error" if severe else "any severity"
        print(f"recall, {how}, {at}: {value:.2f} ({sum(found)}/{len(found)})")
    if misses:
        print("\nnot found by any rule at warning or error:")
        for d, found in zip(defects, modes[(False, True)], strict=True):
            if not found:
                print(f"  {d['file']}:{d['line']} [{d['rule']}] {d['what']}")


def main() -> None:
    """Draw or report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--docs", type=Path, default=BETA)
    d.add_argument("--count", type=int, default=30)
    d.add_argument("--seed", type=int, default=18)
    r = sub.add_parser("report")
    r.add_argument("read", nargs="?", type=Path, default=READ)
    r.add_argument("--docs", type=Path, default=BETA)
    r.add_argument("--misses", action="store_true")
    r.add_argument("--findings", type=Path, help="a saved JSON report of the docs (no re-lint)")
    r.add_argument("--metadata", type=Path, help="a CSDL document to lint with (csdl-* rules)")
    args = parser.parse_args()
    if args.command == "draw":
        for page in draw(corpus_pages(args.docs), args.count, args.seed):
            print(page)
    else:
        report(args.docs, args.read, args.misses, args.findings, args.metadata)


if __name__ == "__main__":
    main()
