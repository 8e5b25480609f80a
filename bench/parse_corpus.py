"""Parse the whole beta corpus into the IR and, in the same run, time a plain markdown-it parse.

    python bench/parse_corpus.py [CORPUS_FOLDER] [REPEAT]

Prints both times and their ratio (target: IR parse <= 0.5 x plain parse).  With REPEAT > 1
each side runs that many times, alternating, and the best time of each counts (steadier on a
busy machine).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt

from codegen.parser.docset import discover, parse_text
from codegen.resolve.model_builder import build_model

DEFAULT = (
    Path(__file__).resolve().parents[1].parent / "shared/corpus/graph-docs-2021/api-reference/beta"
)


def main() -> None:
    """Run both parses and print the figures."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    files = discover([folder])
    texts = [(f.read_text(encoding="utf-8", errors="replace"), f.as_posix()) for f in files]

    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    md = MarkdownIt("commonmark").enable("table")
    ours = plain = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        model = build_model([parse_text(text, name) for text, name in texts])
        ours = min(ours, time.perf_counter() - start)
        start = time.perf_counter()
        for text, _ in texts:
            md.parse(text)
        plain = min(plain, time.perf_counter() - start)

    print(f"pages: {len(texts)}; types {len(model.types)}, operations {len(model.operations)}")
    print(f"IR parse (read pages, parse, resolve): {ours:.2f} s")
    print(f"plain MarkdownIt('commonmark').enable('table').parse: {plain:.2f} s")
    print(f"ratio: {ours / plain:.3f} (target <= 0.5)")


if __name__ == "__main__":
    main()
