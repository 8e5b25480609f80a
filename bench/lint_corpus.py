"""Lint the whole beta corpus and, in the same run, time a plain markdown-it parse of it;
then time ``--changed-only`` for a one-page change.

    python bench/lint_corpus.py [CORPUS_FOLDER] [CHANGED_PAGE]

Prints the times and ratios (full lint vs the plain parse; one-page lint vs full lint).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt

from codegen.lint.runner import LintOptions, run_lint
from codegen.parser.docset import discover, page_names
from codegen.settings import project_root

DEFAULT = (
    Path(__file__).resolve().parents[1].parent / "shared/corpus/graph-docs-2021/api-reference/beta"
)


def main() -> None:
    """Run the three timings and print them."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    files = discover([folder])
    changed = (
        Path(sys.argv[2]) if len(sys.argv) > 2 else folder / "api" / "exactmatchsession-get.md"
    )
    if not changed.is_file():
        changed = files[len(files) // 2]

    start = time.perf_counter()
    findings = run_lint(LintOptions(paths=(folder,)))
    full = time.perf_counter() - start

    md = MarkdownIt("commonmark").enable("table")
    start = time.perf_counter()
    for f in files:
        md.parse(f.read_text(encoding="utf-8", errors="replace"))
    plain = time.perf_counter() - start

    start = time.perf_counter()
    name = page_names([changed], [folder], project_root())[changed]
    partial = run_lint(LintOptions(paths=(folder,), changed_paths=frozenset({name})))
    one = time.perf_counter() - start

    by_rule = Counter(f.rule for f in findings)
    print(f"pages: {len(files)}; findings: {len(findings)}")
    for rule, count in sorted(by_rule.items()):
        print(f"  {rule}: {count}")
    print(
        f"full lint: {full:.2f} s; plain markdown-it parse: {plain:.2f} s; ratio {full / plain:.3f}"
    )
    print(
        f"--changed-only on {name}: {one:.3f} s "
        f"({len(partial)} findings); ratio to full lint {one / full:.3f}"
    )


if __name__ == "__main__":
    main()
