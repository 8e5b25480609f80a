"""The flat front-matter fast path reads exactly what yaml.safe_load reads, or declines."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.parser.page import flat_front_matter, read_page

# Front-matter shapes of the corpus (graph-docs-2021 beta/v1.0, docstubs-2020).
TAKEN = [
    'title: "exactMatchSession resource type"',
    "title: exactMatchSession resource type",
    "description: Retrieve a user's usage summary for a printer.",
    'description: A record of a "final state" (completed).',
    "title: 'Get list'",
    "localization_priority: Normal",
    "ms.prod: microsoft-identity-platform",
    'ms.prod: ""',
    "doc_type: resourcePageType",
    'doc_type: "apiPageType"',
    "author: dougeby",
    'author: "Dimitri-Lynch"  ',
]
DECLINED = [
    "ms.date: 09/10/2017",  # not a plain word: yaml decides
    "ms.date: 2019-01-01",  # a date for yaml
    "title: Get: one",  # ": " inside a plain scalar
    "title: a # comment",
    "isPreview: true",
    "hidden: yes",
    "on: off",
    "count: 3",
    "ms.technology:",  # null
    'title: "tab\\tescape"',
    "title: 'it''s'",
    "keywords:",
    "  - one",
    "title: >",
    "title: [a, b]",
    "title: &anchor x",
    "title: *alias",
    "# comment",
    " indented: x",
    "title:\tx",
]


@pytest.mark.parametrize("line", TAKEN)
def test_taken_shapes_read_as_yaml_reads_them(line: str) -> None:
    got = flat_front_matter([line, "doc_type: resourcePageType"])
    assert got is not None
    assert got == yaml.safe_load(f"{line}\ndoc_type: resourcePageType")


@pytest.mark.parametrize("line", DECLINED)
def test_other_shapes_are_left_to_yaml(line: str) -> None:
    assert flat_front_matter(["title: x", line]) is None


_KEY = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_.-]{0,12}\Z")
_TEXT = st.text(alphabet=st.sampled_from("aZ09 _.,/()+-'\"!?;:#\\&*[]{}|>%@`\t"), max_size=20)
_VALUE = st.one_of(
    _TEXT,
    _TEXT.map(lambda t: f'"{t}"'),
    _TEXT.map(lambda t: f"'{t}'"),
    st.sampled_from(["true", "No", "null", "~", "3", "1.5", "2019-01-01", "09/10/2017", ""]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_KEY, _VALUE), min_size=1, max_size=6))
def test_fast_path_agrees_with_yaml(pairs: list[tuple[str, str]]) -> None:
    """Whenever the fast path answers, yaml.safe_load gives the same dict."""
    lines = [f"{k}: {v}" for k, v in pairs]
    got = flat_front_matter(lines)
    if got is None:
        return
    assert got == yaml.safe_load("\n".join(lines))


def test_page_front_matter_and_lines_unchanged() -> None:
    page = read_page('---\ntitle: "A b"\nms.date: 09/10/2017\ndoc_type: x\n---\n# A b\n', "r.md")
    assert page.front_matter == {"title": "A b", "ms.date": "09/10/2017", "doc_type": "x"}
    assert page.front_matter_lines == {"title": 2, "ms.date": 3, "doc_type": 4}
