"""Tests for codegen.parser.tolerant_json."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.source import SourceRef
from codegen.parser import tolerant_json
from codegen.parser.tolerant_json import parse_tolerant_json

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BETA = SHARED / "corpus" / "graph-docs-2021" / "api-reference" / "beta"
_JSON_FENCE = re.compile(
    r"^[ \t]*```[ \t]*json[ \t]*\n(.*?)^[ \t]*```", re.MULTILINE | re.DOTALL | re.IGNORECASE
)

SRC = SourceRef(file="api/x.md", line=10)


def parse(text: str) -> tuple[Any, bool, list[Diagnostic]]:
    return parse_tolerant_json(text, source=SRC)


def found(diags: list[Diagnostic]) -> list[tuple[str, int]]:
    """(rule, page line) of each diagnostic."""
    return [(d.rule, d.source.line) for d in diags]


def repaired(text: str) -> tuple[Any, list[tuple[str, int]]]:
    """Parse text that must repair; return the value and (rule, line) of the repairs."""
    value, ok, diags = parse(text)
    assert ok, diags
    assert all(d.severity is Severity.WARNING and d.source.file == SRC.file for d in diags)
    return value, found(diags)


def invalid(text: str) -> Diagnostic:
    """Parse text that must fail; return its one json-invalid diagnostic."""
    value, ok, diags = parse(text)
    assert (value, ok) == (None, False)
    assert len(diags) == 1 and diags[0].rule == "json-invalid", diags
    assert diags[0].severity is Severity.ERROR
    return diags[0]


# --- fast path and empty input -------------------------------------------------------


def test_valid_json_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise AssertionError("repairs must only run when json.loads fails")

    monkeypatch.setattr(tolerant_json, "_Repairer", boom)
    assert parse('{"a": [1, 2.5, null, true], "b": "x"}') == (
        {"a": [1, 2.5, None, True], "b": "x"},
        True,
        [],
    )
    assert parse("[]") == ([], True, [])
    assert parse('"s"') == ("s", True, [])


@pytest.mark.parametrize("text", ["", " ", "\n\n  \t\n", "\u00a0\n", "\ufeff", "\u200b \n"])
def test_empty_or_blank_text_is_no_body(text: str) -> None:
    assert parse(text) == (None, True, [])


# --- repairs, each with its rule id and exact page line -------------------------------


def test_trailing_commas_in_objects_and_arrays() -> None:
    text = '{\n  "a": [\n    1,\n    2,\n  ],\n  "b": {"c": 3,},\n}'
    value, diags = repaired(text)
    assert value == {"a": [1, 2], "b": {"c": 3}}
    assert diags == [
        ("json-trailing-comma", 13),
        ("json-trailing-comma", 15),  # two on one line: one diagnostic per line and rule
    ]


def test_line_comments_and_block_comments() -> None:
    text = (
        "{\n"
        '  "isMuted": true, // will be set to true on mute\n'
        "  /* relationships\n"
        "     spanning lines */\n"
        '  "id": "1" /* inline */\n'
        "}\n"
        "// trailing note"
    )
    value, diags = repaired(text)
    assert value == {"isMuted": True, "id": "1"}
    assert diags == [
        ("json-comment", 11),
        ("json-comment", 12),
        ("json-comment", 14),
        ("json-comment", 16),
    ]


def test_comment_between_key_and_value() -> None:
    text = '{\n  "3a73c9dd": // client-generated GUID\n  {\n    "x": 1\n  }\n}'
    assert repaired(text) == ({"3a73c9dd": {"x": 1}}, [("json-comment", 11)])


@pytest.mark.parametrize(
    ("text", "expected", "lines"),
    [
        ('{"value": [\n  {"id": 1},\n  ...\n]}', {"value": [{"id": 1}]}, [12]),
        ('{"value": [ {...}, ... ]}', {"value": [{}]}, [10]),
        ('{"value": [\n  {...},\n  {...}\n]}', {"value": [{}, {}]}, [11, 12]),
        ('[\n  ...,\n  {"id": 2}\n]', [{"id": 2}], [11]),
        ('{\n  "a": "b",\n  ...\n}', {"a": "b"}, [12]),
        ('{\n  "a": "b", ...\n}', {"a": "b"}, [11]),
        ('{\n  "a": "b",\n  …\n  "c": "d"\n}', {"a": "b", "c": "d"}, [12]),
        ('{\n  "a": 1,\n  "prop": ...,\n  "c": 2\n}', {"a": 1, "c": 2}, [12]),
        ('{\n  "a": 1,\n  "prop": ...\n}', {"a": 1}, [12]),
        ('{\n  "metadata": [..],\n  "name": "x"\n}', {"metadata": [], "name": "x"}, [11]),
        ("{...}", {}, [10]),
    ],
)
def test_truncation_markers_are_dropped(text: str, expected: Any, lines: list[int]) -> None:
    value, diags = repaired(text)
    assert value == expected
    assert diags == [("json-truncation", line) for line in lines]


def test_truncation_marker_after_a_value_inside_a_list_is_not_guessed() -> None:
    assert invalid('{"a": [1, 2 ... 3]}').source.line == 10


def test_odd_whitespace_outside_strings_is_one_diagnostic() -> None:
    text = '{\n\u00a0\u00a0"a": "x\u00a0y",\u202f\n\u200b "b":\ufeff2\n}'
    value, diags = repaired(text)
    assert value == {"a": "x\u00a0y", "b": 2}  # the nbsp inside the string is kept
    assert diags == [("json-nbsp", 11)]


def test_missing_comma_between_members_on_consecutive_lines() -> None:
    text = '{\n  "id": "492c"\n  "accountEnabled": true,\n  "p": {"x": 1}\n  "q": []\n}'
    value, diags = repaired(text)
    assert value == {"id": "492c", "accountEnabled": True, "p": {"x": 1}, "q": []}
    assert diags == [("json-missing-comma", 11), ("json-missing-comma", 13)]


def test_missing_comma_between_array_elements_on_separate_lines() -> None:
    value, diags = repaired('[\n  {"a": 1}\n  {"b": 2}\n]')
    assert value == [{"a": 1}, {"b": 2}]
    assert diags == [("json-missing-comma", 11)]


def test_missing_comma_on_one_line_is_not_guessed() -> None:
    assert invalid('{"a": 1 "b": 2}').source.line == 10
    assert invalid('{\n  "a": "b" "c"\n}').source.line == 11  # string next to string: no member
    assert invalid('{"a": 1}\n{"b": 2}').source.line == 11  # two top-level values


def test_fragment_of_members_is_wrapped() -> None:
    value, diags = repaired('"description@odata.type": "String",\n"description": "Kandierte"')
    assert value == {"description@odata.type": "String", "description": "Kandierte"}
    assert diags == [("json-fragment", 10)]


def test_fragment_with_trailing_comma_and_missing_comma() -> None:
    text = '\n    "body": {\n        "contentType": "html"\n    }\n    "x": [],\n'
    value, diags = repaired(text)
    assert value == {"body": {"contentType": "html"}, "x": []}
    assert diags == [
        ("json-fragment", 11),
        ("json-missing-comma", 13),
        ("json-trailing-comma", 14),
    ]


def test_single_quoted_strings_are_requoted() -> None:
    text = "[\n  {\n    'target':'#para-id',\n    'content':'<img alt=\"a\" />',\n    'it':'it\\'s'\n  }\n]"
    value, diags = repaired(text)
    assert value == [{"target": "#para-id", "content": '<img alt="a" />', "it": "it's"}]
    assert diags == [
        ("json-single-quote", 12),
        ("json-single-quote", 13),
        ("json-single-quote", 14),
    ]


def test_value_string_wrapped_over_lines_is_joined() -> None:
    text = '{\n  "@odata.id": "https://x/users(\'a\')/messages\n(\'AAMk=\')",\n  "n": 1\n}'
    value, diags = repaired(text)
    assert value == {"@odata.id": "https://x/users('a')/messages('AAMk=')", "n": 1}
    assert diags == [("json-control-char", 11)]


def test_raw_tab_in_a_string_is_escaped() -> None:
    assert repaired('{\n  "a": "x\ty"\n}') == ({"a": "x\ty"}, [("json-control-char", 11)])


def test_key_string_over_lines_is_not_joined() -> None:
    text = '{\n  "max": 1440,"\n  isUsableOnce":false\n}'
    assert invalid(text).source.line == 11


def test_leading_and_doubled_commas() -> None:
    text = '{\n  "attributes": [\n    ,{"name": "a"}\n  ],\n  "b": 1,,\n  "c": 2\n}'
    value, diags = repaired(text)
    assert value == {"attributes": [{"name": "a"}], "b": 1, "c": 2}
    assert diags == [("json-extra-comma", 12), ("json-extra-comma", 14)]


def test_several_repairs_are_listed_in_line_order() -> None:
    text = '{\n  "a": 1, // note\n  "b": [\n    {...},\n    ...\n  ],\n}'
    value, diags = repaired(text)
    assert value == {"a": 1, "b": [{}]}
    assert diags == [
        ("json-comment", 11),
        ("json-truncation", 13),
        ("json-truncation", 14),
        ("json-trailing-comma", 15),
    ]


# --- string contents are never touched ------------------------------------------------


def test_strings_that_look_like_repairs_stay_untouched() -> None:
    strings = {
        "url": "https://graph.microsoft.com//beta",
        "comment": "/* not a comment */ // nor this",
        "dots": "...",
        "ellipsis": "and so on…",
        "commas": "a, ], }, ,",
        "quotes": "say \"hi\", 'there' // ,}",
        "escaped": "back\\slash\\",
        "nbsp": "a\u00a0b\u200b",
    }
    body = ",\n".join(
        f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in strings.items()
    )
    value, diags = repaired("{\n" + body + ",\n}")
    assert value == strings
    assert diags == [("json-trailing-comma", 18)]


def test_nothing_is_repaired_inside_strings_of_invalid_text() -> None:
    diag = invalid('{"a": "x, }", "b": nope}')
    assert diag.source.line == 10


# --- what cannot be repaired ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ('{\n  "a": 1,\n  "b": \n}', 13, "Expecting value"),
        ('{\n  "address": NAV.PostalAddress,\n  "x": 1\n}', 11, "Expecting value"),
        ("{\n  credentials: [1]\n}", 11, "Expecting property name"),
        ("[Zip file containing a Teams app package]", 10, "Expecting value"),
        ('{\n  "code": ""internal",\n  "m": 1\n}', 11, "Expecting ',' delimiter"),
        ('{"a": 1}\n\nHTTP/1.1 201 No Content', 12, "Extra data"),
        ('{\n  "a": "never closed\n}', 11, "Invalid control character at (line 2, column 21"),
        ('{\n  "a": "never closed', 11, "Unterminated string starting at (line 2, column 8"),
    ],
)
def test_invalid_json_names_the_error_and_its_line(text: str, line: int, what: str) -> None:
    diag = invalid(text)
    assert diag.source == SourceRef(file=SRC.file, line=line)
    assert what in diag.message and "line" in diag.message and "column" in diag.message


def test_error_line_is_mapped_back_through_repairs_that_remove_lines() -> None:
    text = '{\n  "a": "x\ny", /* a\n b */\n  "b": nope\n}'
    diag = invalid(text)
    assert diag.source.line == 14
    assert "line 5, column 8" in diag.message


def test_error_line_in_a_wrapped_fragment() -> None:
    assert invalid('"a": 1,\n"b": nope').source.line == 11


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000,
        "/*" * 50_000,
        '"\\' * 50_000,
        "\ud800",
        '"\ud800"',
        "{\ud800: 1}",
        "\x00\x01\x02",
        "'",
        "{,}",
        ",",
        "...",
        "…",
        '"a":',
        "}{",
    ],
)
def test_never_raises_on_hostile_input(text: str) -> None:
    value, ok, diags = parse(text)
    assert ok or (value is None and [d.rule for d in diags] == ["json-invalid"])


def test_lone_surrogate_escape_is_valid_json() -> None:
    assert parse('["\\ud800"]') == (["\ud800"], True, [])


# --- properties -----------------------------------------------------------------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    value, ok, diags = parse(text)
    last = SRC.line + text.count("\n")
    assert all(SRC.line <= d.source.line <= last for d in diags)
    if ok:
        assert all(d.severity is Severity.WARNING for d in diags)
    else:
        assert value is None and [d.rule for d in diags] == ["json-invalid"]


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("{}[],:.\"'/*\\ \n\u00a0…0aetrufnl"), max_size=60))
def test_json_like_text_never_raises(text: str) -> None:
    value, ok, diags = parse(text)
    assert ok or (value is None and len(diags) == 1)


@settings(max_examples=200)
@given(JSON_VALUES, st.sampled_from([None, 0, 2, 4]), st.booleans())
def test_dumped_json_parses_back_without_diagnostics(
    value: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert parse(text) == (value, True, [])


def _dump_with_trailing_commas(value: Any, depth: int = 0) -> str:
    """json.dumps(indent=2) style, with a trailing comma in every non-empty container."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{json.dumps(k)}: {_dump_with_trailing_commas(v, depth + 1)},"
            for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{_dump_with_trailing_commas(v, depth + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    return json.dumps(value)


@settings(max_examples=200)
@given(JSON_VALUES)
def test_trailing_commas_are_repaired_back_to_the_value(value: Any) -> None:
    text = _dump_with_trailing_commas({"root": value})
    lines = text.split("\n")
    expected = [
        ("json-trailing-comma", SRC.line + i)
        for i, line in enumerate(lines[:-1])
        if line.endswith(",") and lines[i + 1].lstrip()[:1] in ("}", "]")
    ]
    assert repaired(text) == ({"root": value}, expected)


@settings(max_examples=200)
@given(JSON_VALUES)
def test_line_comments_after_every_line_are_removed(value: Any) -> None:
    lines = json.dumps(value, indent=2).split("\n")
    text = "\n".join(line + " // note, with ] and } and 'quotes'" for line in lines)
    expected = [("json-comment", SRC.line + i) for i in range(len(lines))]
    assert repaired(text) == (value, expected)


@settings(max_examples=100)
@given(JSON_VALUES)
def test_nbsp_indentation_is_repaired(value: Any) -> None:
    text = json.dumps({"k": value}, indent=2)
    text = re.sub(r"^ +", lambda m: "\u00a0" * len(m.group()), text, flags=re.MULTILINE)
    assert repaired(text) == ({"k": value}, [("json-nbsp", SRC.line + 1)])


# --- the real corpus ------------------------------------------------------------------


@pytest.mark.skipif(not BETA.is_dir(), reason="../shared/corpus not present")
def test_beta_corpus_json_fences() -> None:
    total = plain_failures = repaired_blocks = still_invalid = 0
    rules: dict[str, int] = {}
    for path in sorted(BETA.rglob("*.md")):
        rel = path.relative_to(BETA).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in _JSON_FENCE.finditer(text):
            body = m.group(1)
            if not body.strip():
                continue
            line = text.count("\n", 0, m.start(1)) + 1
            total += 1
            try:
                json.loads(body)
            except ValueError:
                plain_failures += 1
            _, ok, diags = parse_tolerant_json(body, source=SourceRef(file=rel, line=line))
            assert all(line <= d.source.line <= line + body.count("\n") for d in diags)
            for d in diags:
                rules[d.rule] = rules.get(d.rule, 0) + 1
            if not ok:
                still_invalid += 1
            elif diags:
                repaired_blocks += 1
    print(
        f"\nbeta ```json fences: {total}, json.loads failed: {plain_failures}, "
        f"repaired: {repaired_blocks}, still invalid: {still_invalid}, "
        f"rules: {sorted(rules.items())}"
    )
    assert total > 1000
    assert plain_failures > 0
    assert repaired_blocks > 0
    assert still_invalid / total < plain_failures / total
    assert repaired_blocks + still_invalid <= plain_failures
