"""The parser never raises: arbitrary text, mutated real pages, and the whole corpus."""

from __future__ import annotations

import collections
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.ir.diagnostics import Diagnostic
from codegen.parser.docset import discover, parse_file, parse_text
from codegen.resolve.model_builder import build_model
from tests.conftest import CORPUS, DOCS, needs_corpus

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md"))}
MARKDOWN_BITS = [
    "---\n",
    "|a|b|\n",
    "|:--|:--|\n",
    "```http\n",
    "```json\n",
    "```\n",
    "<!-- {\n",
    "}-->\n",
    '"blockType": "resource",',
    "# Properties\n",
    "## Request body\n",
    "{",
    "}",
    "[",
    "]",
    ",",
    "Inherited from [x](y.md)",
    "\u00a0",
    "...",
    "// c\n",
    "GET /a/{b}\n",
    "HTTP/1.1 200 OK\n",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    page = parse_text(text, "api/x.md")
    build_model([page])


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(SEED_TEXTS)),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.sampled_from(MARKDOWN_BITS)),
        max_size=8,
    ),
)
def test_mutated_seed_pages_never_raise(name: str, edits: list[tuple[int, int, str]]) -> None:
    text = SEED_TEXTS[name]
    for position, cut, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
    folder = "resources" if name == "exactmatchsession.md" else "api"
    page = parse_text(text, f"{folder}/{name}")
    model = build_model([page])
    assert all(isinstance(d, Diagnostic) for d in model.diagnostics)


def test_diagnostics_name_file_and_line() -> None:
    text = '# T\n\n<!-- {\n  "blockType": "resource",\n  "@odata.type": "microsoft.graph.t",\n} -->\n```json\n{"a": 1,}\n```\n'
    page = parse_text(text, "resources/t.md")
    rules = {(d.rule, d.source.line) for d in page.diagnostics}
    assert ("annotation-json-trailing-comma", 5) in rules
    assert ("json-trailing-comma", 8) in rules


@pytest.mark.corpus
@needs_corpus()
def test_whole_corpus_parses_without_exceptions() -> None:
    folders = [
        CORPUS / "graph-docs-2021" / "api-reference" / "beta",
        CORPUS / "graph-docs-2021" / "api-reference" / "v1.0",
        CORPUS / "docstubs-2020",
    ]
    counts = collections.Counter()
    for folder in folders:
        files = discover([folder])
        pages = [parse_file(f) for f in files]
        model = build_model(pages)
        counts[folder.name] = len(files)
        assert model.types and model.operations
        # every diagnostic points into a page of this folder, at a real line
        sample = random.Random(0).sample(list(model.diagnostics), min(200, len(model.diagnostics)))
        for d in sample:
            assert d.source.line >= 1 and d.source.file.endswith(".md")
    assert counts == {"beta": 7948, "v1.0": 3341, "docstubs-2020": 5630}
