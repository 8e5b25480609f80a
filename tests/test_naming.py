"""Tests for codegen.generate.naming: example tables and hypothesis properties."""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
import unicodedata

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.generate.naming import (
    DOC_WIDTH,
    RESERVED_CLASSES,
    RESERVED_FIELDS,
    ascii_name,
    class_name,
    enum_member_name,
    field_name,
    normalize_text,
    py_comment,
    py_docstring,
    py_str,
    segment_name,
    unique_names,
)

# Pieces that stress quoting, escaping, wrapping and black's docstring handling.
TRICKY = [
    '"', '""', '"""', "'", "'''", "\\", "\\x41", "\\N{DASH}", "\\u00e9", "{{", "}}",
    "\r", "\r\n", "\t", "\x00", "\x0c", "\x85", "\u2028", "\u200b", "\ufeff",
    "\ud800", " ", "\n", "word", "é", "日本", "x" * 90, "# noqa", "type: int",
    "fmt: skip", "; fmt: off", "coding: latin-1", "pragma: no cover", "ruff: noqa",
]  # fmt: skip
tricky_text = st.lists(st.sampled_from(TRICKY), max_size=30).map("".join)
any_text = st.one_of(st.text(), tricky_text)
INDENTS = ["", "    ", "        "]


def _black_stable(src: str) -> bool:
    """True if black (default mode, and the project's 100 columns) leaves src as is."""
    modes = (black.Mode(), black.Mode(line_length=100))
    return all(black.format_str(src, mode=mode) == src for mode in modes)


def _is_safe_identifier(name: str) -> bool:
    """ASCII identifier that is neither a keyword nor a soft keyword."""
    return (
        name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
    )


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        ("exactMatchSession", "ExactMatchSession"),
        ("classifcationErrorBase", "ClassifcationErrorBase"),
        ("microsoft.graph.callRecords.session", "Session"),
        ("microsoft.graph.exactMatchDataStore", "ExactMatchDataStore"),
        ("ExactMatchSession", "ExactMatchSession"),
        ("foo-bar", "Foo_bar"),
        ("foo  bar", "Foo_bar"),
        ("2fa", "_2fa"),
        ("none", "None_"),
        ("true", "True_"),
        ("exception", "Exception_"),
        ("any", "Any_"),
        ("enum", "Enum_"),
        ("match", "Match"),
        ("_private_", "Private"),
        ("café", "Cafe"),
        ("ｇｒａｐｈ", "Graph"),
        ("exact\u200bMatch", "ExactMatch"),
        ("日本", "U65e5_u672c"),
        ("microsoft.graph.日本", "U65e5_u672c"),
        ("", "Unnamed"),
        ("...", "Unnamed"),
        ("microsoft.graph.", "Graph"),
    ],
)
def test_class_name(docs: str, expected: str) -> None:
    assert class_name(docs) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("dataUploadURI", "data_upload_uri"),
        ("dataStoreId", "data_store_id"),
        ("datastoreId", "datastore_id"),
        ("@odata.type", "odata_type"),
        ("@odata.nextLink", "odata_next_link"),
        ("@odata.context", "odata_context"),
        ("id", "id"),
        ("HTMLContent", "html_content"),
        ("userPrincipalName", "user_principal_name"),
        ("isMFARegistered", "is_mfa_registered"),
        ("x509Certificate", "x509_certificate"),
        ("ipv4Address", "ipv4_address"),
        ("OSVersion", "os_version"),
        ("eTag", "e_tag"),
        ("fooURL", "foo_url"),
        ("fooUrl", "foo_url"),
        ("from", "from_"),
        ("class", "class_"),
        ("self", "self_"),
        ("global", "global_"),
        ("import", "import_"),
        ("None", "none"),
        ("True", "true"),
        ("match", "match_"),
        ("type", "type"),
        ("fields", "fields"),
        ("field", "field_"),
        ("str", "str_"),
        ("additionalData", "additional_data_"),
        ("additional_data", "additional_data_"),
        ("toDict", "to_dict_"),
        ("to_dict", "to_dict_"),
        ("fromDict", "from_dict_"),
        ("2fa", "_2fa"),
        ("1", "_1"),
        ("a-b.c$d e", "a_b_c_d_e"),
        ("a__b", "a_b"),
        ("__init__", "init"),
        ("_from_", "from_"),
        ("naïveBayes", "naive_bayes"),
        ("user\u200bName", "user_name"),
        ("\ufeffid", "id"),
        ("soft\u00adHyphen", "soft_hyphen"),
        ("ｕｓｅｒＮａｍｅ", "user_name"),
        ("ﬁleName", "file_name"),
        ("Straße", "stra_u00df_e"),
        ("日本", "u65e5_u672c"),
        ("\u200b", "field_"),
        ("", "field_"),
        ("---", "field_"),
        ("created_date_time", "created_date_time"),
        ("createdDateTime", "created_date_time"),
    ],
)
def test_field_name(wire: str, expected: str) -> None:
    assert field_name(wire) == expected


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("dataClassification", "data_classification"),
        ("exactMatchDataStores", "exact_match_data_stores"),
        ("microsoft.graph.delta()", "delta"),
        ("microsoft.graph.security.runHuntingQuery", "run_hunting_query"),
        ("uploadAgent", "upload_agent"),
        ("$value", "value"),
        ("$count", "count"),
        ("{exactMatchDataStore-id}", "exact_match_data_store_id"),
        ("range(address='{address}')", "range"),
        ("import", "import_"),
        ("self", "self_"),
        ("", "segment"),
        ("()", "segment"),
    ],
)
def test_segment_name(segment: str, expected: str) -> None:
    assert segment_name(segment) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("notStarted", "NOT_STARTED"),
        ("unknownFutureValue", "UNKNOWN_FUTURE_VALUE"),
        ("inProgress", "IN_PROGRESS"),
        ("NOT_STARTED", "NOT_STARTED"),
        ("2fa", "_2FA"),
        ("none", "NONE"),
        ("a-b", "A_B"),
        ("", "EMPTY"),
        ("  ", "EMPTY"),
        ("-", "VALUE"),
        ("日本", "U65E5_U672C"),
        ("\u200b\u200d", "VALUE"),
        ("é", "E"),
    ],
)
def test_enum_member_name(value: str, expected: str) -> None:
    assert enum_member_name(value) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], []),
        (["data_store_id", "datastore_id"], ["data_store_id", "datastore_id"]),
        (["foo_url", "foo_url"], ["foo_url", "foo_url_2"]),
        (["a", "a", "a"], ["a", "a_2", "a_3"]),
        (["a", "a", "a_2"], ["a", "a_3", "a_2"]),
        (["from_", "from_"], ["from_", "from_2"]),
        (["Session", "Session"], ["Session", "Session_2"]),
    ],
)
def test_unique_names(names: list[str], expected: list[str]) -> None:
    assert unique_names(names) == expected


def test_unique_names_on_converted_wire_names() -> None:
    names = [field_name(w) for w in ["fooURL", "fooUrl", "dataStoreId", "datastoreId"]]
    assert unique_names(names) == ["foo_url", "foo_url_2", "data_store_id", "datastore_id"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", '""'),
        ("abc", '"abc"'),
        ("it's", '"it\'s"'),
        ('say "hi"', "'say \"hi\"'"),
        ("\"'", '"\\"\'"'),
        ("a\\b", '"a\\\\b"'),
        ("line\nnext\r\t", '"line\\nnext\\r\\t"'),
        ("nul\x00", '"nul\\x00"'),
        ("zero\u200bwidth", '"zero\\u200bwidth"'),
        ("café 日本", '"café 日本"'),
        ("{{ x }}", '"{{ x }}"'),
    ],
)
def test_py_str(value: str, expected: str) -> None:
    assert py_str(value) == expected
    assert ast.literal_eval(expected) == value


@pytest.mark.parametrize(
    ("text", "indent", "expected"),
    [
        ("Short text.", "    ", '"""Short text."""'),
        ("  Spaced\r\n\ttext \x00 ", "    ", '"""Spaced text"""'),
        ("", "    ", '""""""'),
        ('Has """ inside', "    ", '"""Has \\"\\"" inside"""'),
        ('"Quoted" start', "    ", '"""\\"Quoted" start"""'),
        ('Ends with "quote"', "    ", '"""Ends with "quote\\x22"""'),
        ('"', "    ", '"""\\x22"""'),
        ('""', "    ", '"""\\"\\x22"""'),
        ("back\\slash", "    ", '"""back\\\\slash"""'),
        ("'''", "    ", '"""\'\'\'"""'),
        ("{{ x }}", "", '"""{{ x }}"""'),
    ],
)
def test_py_docstring_examples(text: str, indent: str, expected: str) -> None:
    assert py_docstring(text, indent) == expected


def test_py_docstring_wraps_on_words() -> None:
    doc = py_docstring(" ".join(["word"] * 40), "    ")
    lines = doc.split("\n")
    assert len(lines) > 2 and lines[-1] == '    """'
    assert all(len(line) <= DOC_WIDTH for line in ["    " + lines[0], *lines[1:]])
    assert all(line.strip('"').strip().startswith("word") for line in lines[:-1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain text.", "# Plain text."),
        ("two\nlines\r\n", "# two lines"),
        ("", "#"),
        ("\x00\x1b", "#"),
        ("type: int", "# `type`: int"),
        ("Type of the item.", "# Type of the item."),
        ("a # noqa: E501", "# a # `noqa`: E501"),
        ("a; fmt: skip", "# a; `fmt`: skip"),
        ("fmt: off", "# `fmt`: off"),
        ("pragma: no cover", "# `pragma`: no cover"),
        ("Character encoding: utf-8", "# Character encoding : utf-8"),
    ],
)
def test_py_comment(text: str, expected: str) -> None:
    assert py_comment(text) == expected


def test_reserved_sets() -> None:
    assert {"additional_data", "to_dict", "from_dict", "self"} <= RESERVED_FIELDS
    assert {"None", "True", "Exception", "Any"} <= RESERVED_CLASSES


@given(any_text)
def test_identifiers_are_always_safe(text: str) -> None:
    for name in (class_name(text), segment_name(text), enum_member_name(text)):
        assert _is_safe_identifier(name), (text, name)
    field = field_name(text)
    assert _is_safe_identifier(field) and field not in RESERVED_FIELDS
    assert "__" not in field
    assert class_name(text) not in RESERVED_CLASSES


@given(st.one_of(any_text, st.text(st.characters(categories=["L", "N", "Cf", "Mn", "Zs"]))))
def test_docs_names_fold_to_ascii_and_lose_no_letter(text: str) -> None:
    """Identifiers are ASCII, hence NFKC-stable (Python normalises identifiers with NFKC: a
    non-ASCII name could be imported as another one); no letter or digit is dropped, only
    invisible format characters."""
    assert ascii_name(text).isascii()
    for char in text:
        if char.isalnum():
            assert any(c.isalnum() for c in ascii_name(char)), repr(char)
        if unicodedata.category(char) == "Cf":
            assert ascii_name(char) == ""
    for name in (class_name(text), field_name(text), segment_name(text), enum_member_name(text)):
        assert name.isascii() and unicodedata.normalize("NFKC", name) == name


@given(any_text)
def test_field_and_class_names_are_idempotent(text: str) -> None:
    field = field_name(text)
    assert field_name(field) == field
    assert segment_name(field) == field
    assert class_name(class_name(text)) == class_name(text)


@given(st.lists(st.sampled_from(["a", "a_2", "b", "from_", "from_2", "X"]), max_size=12))
def test_unique_names_properties(names: list[str]) -> None:
    result = unique_names(names)
    assert len(result) == len(names) and len(set(result)) == len(result)
    assert unique_names(names) == result
    firsts = {name: i for i, name in reversed(list(enumerate(names)))}
    assert all(result[i] == name for name, i in firsts.items())
    assert all(name.isidentifier() for name in result)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_py_str_round_trips_and_is_black_stable(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and "\r" not in literal
    assert literal[0] == literal[-1] and literal[0] in "\"'"
    src = f"x = {literal}\n"
    assert _black_stable(src)


@settings(max_examples=300, deadline=None)
@given(any_text, st.sampled_from(INDENTS))
def test_py_docstring_compiles_evaluates_and_is_black_stable(text: str, indent: str) -> None:
    doc = py_docstring(text, indent)
    src = {
        "": f"{doc}\n",
        "    ": f"class A:\n    {doc}\n",
        "        ": f"class A:\n    class B:\n        {doc}\n",
    }[indent]
    tree = ast.parse(src)
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    value = ast.get_docstring(classes[-1] if classes else tree)
    assert value is not None
    assert value.replace("\n", " ") == normalize_text(text)
    assert _black_stable(src)
    for line in (indent + doc).split("\n"):
        assert len(line) <= DOC_WIDTH or " " not in line.strip('" ')


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_py_comment_is_one_inert_line(text: str) -> None:
    comment = py_comment(text)
    assert comment.startswith("#") and comment.isprintable()
    for src in (f"{comment}\nx = 1\n", f"x = 1  {comment}\n"):
        tokens = list(tokenize.generate_tokens(io.StringIO(src).readline))
        assert [t.string for t in tokens if t.type == tokenize.COMMENT] == [comment]
        tree = ast.parse(src, type_comments=True)
        assert tree.body[0].type_comment is None  # type: ignore[attr-defined]
        compile(src.encode(), "<generated>", "exec")
        assert _black_stable(src)
