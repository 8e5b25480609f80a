"""Tests for codegen.parser.type_names: Type-column cells to TypeRef."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen.ir.types import PRIMITIVES, TypeRef
from codegen.parser.type_names import link_targets, normalize_type

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BETA = SHARED / "corpus" / "graph-docs-2021" / "api-reference" / "beta"

# (cell as written in the docs, name, collection, namespace, link)
CASES: list[tuple[str, str, bool, str | None, str | None]] = [
    ("String", "Edm.String", False, None, None),
    ("string", "Edm.String", False, None, None),
    ("`string`", "Edm.String", False, None, None),
    ("**String**", "Edm.String", False, None, None),
    ("String collection", "Edm.String", True, None, None),
    ("String Collection", "Edm.String", True, None, None),
    ("Collection(String)", "Edm.String", True, None, None),
    ("collection(string)", "Edm.String", True, None, None),
    ("`collection(string)`", "Edm.String", True, None, None),
    ("Collection of String", "Edm.String", True, None, None),
    ("String array", "Edm.String", True, None, None),
    ("String[]", "Edm.String", True, None, None),
    ("String (identifier)", "Edm.String", False, None, None),
    ("string (enum)", "Edm.String", False, None, None),
    ("string (url)", "Edm.String", False, None, None),
    ("(Optional) String", "Edm.String", False, None, None),
    ("string, maximum size 20", "Edm.String", False, None, None),
    ("String<br>", "Edm.String", False, None, None),
    ("String.", "Edm.String", False, None, None),
    ("`Edm.String`", "Edm.String", False, None, None),
    ("Boolean", "Edm.Boolean", False, None, None),
    ("`bool`", "Edm.Boolean", False, None, None),
    ("`Edm.boolean `", "Edm.Boolean", False, None, None),
    ("Int32", "Edm.Int32", False, None, None),
    ("int", "Edm.Int32", False, None, None),
    ("Integer", "Edm.Int32", False, None, None),
    ("Edm.Int32", "Edm.Int32", False, None, None),
    ("Int32 collection", "Edm.Int32", True, None, None),
    ("Int64", "Edm.Int64", False, None, None),
    ("Int16", "Edm.Int16", False, None, None),
    ("Byte", "Edm.Byte", False, None, None),
    ("Double", "Edm.Double", False, None, None),
    ("Single", "Edm.Single", False, None, None),
    ("Float", "Edm.Single", False, None, None),
    ("Decimal", "Edm.Decimal", False, None, None),
    ("DateTimeOffset", "Edm.DateTimeOffset", False, None, None),
    ("DateTimeOffSet", "Edm.DateTimeOffset", False, None, None),
    ("DateTime", "Edm.DateTimeOffset", False, None, None),
    ("datetime", "Edm.DateTimeOffset", False, None, None),
    ("edm.DateTime", "Edm.DateTimeOffset", False, None, None),
    ("`Edm.DateTimeOffset`", "Edm.DateTimeOffset", False, None, None),
    ("Date", "Edm.Date", False, None, None),
    ("[Date](../resources/date.md)", "Edm.Date", False, None, "../resources/date.md"),
    ("TimeOfDay", "Edm.TimeOfDay", False, None, None),
    ("Duration", "Edm.Duration", False, None, None),
    ("Guid", "Edm.Guid", False, None, None),
    ("GUID collection", "Edm.Guid", True, None, None),
    ("Binary", "Edm.Binary", False, None, None),
    ("Stream", "Edm.Stream", False, None, None),
    ("Edm.Stream", "Edm.Stream", False, None, None),
    ("Json", "microsoft.graph.Json", False, None, None),
    ("microsoft.graph.json", "microsoft.graph.Json", False, None, None),
    ("JSON object", "microsoft.graph.Json", False, None, None),
    ("[Json](../resources/json.md)", "microsoft.graph.Json", False, None, "../resources/json.md"),
    ("Untyped JSON object", "Edm.Untyped", False, None, None),
    (
        "[classificationError](../resources/classificationError.md)",
        "classificationError",
        False,
        None,
        "../resources/classificationError.md",
    ),
    (
        "[exactMatchSession](../resources/exactmatchsession.md) collection",
        "exactMatchSession",
        True,
        None,
        "../resources/exactmatchsession.md",
    ),
    (
        "Collection([keyValuePair](../resources/keyvaluepair.md))",
        "keyValuePair",
        True,
        None,
        "../resources/keyvaluepair.md",
    ),
    (
        "Collection of [openShift](openshift.md)",
        "openShift",
        True,
        None,
        "openshift.md",
    ),
    (
        "[microsoft.graph.callRecords.session](callrecords-session.md) collection",
        "session",
        True,
        "microsoft.graph.callRecords",
        "callrecords-session.md",
    ),
    (
        "[microsoft.graph.keyValue](../resources/keyvalue.md) collection",
        "keyValue",
        True,
        None,
        "../resources/keyvalue.md",
    ),
    (
        "[threatCategory](enums.md#threatcategory-values)",
        "threatCategory",
        False,
        None,
        "enums.md#threatcategory-values",
    ),
    (
        "[emailaddress.md](emailaddress.md) collection",
        "emailaddress",
        True,
        None,
        "emailaddress.md",
    ),
    ("[orgContact](orgcontact.md)\xa0collection", "orgContact", True, None, "orgcontact.md"),
    (
        "[searchResponse](searchresponse.md) Collection",
        "searchResponse",
        True,
        None,
        "searchresponse.md",
    ),
    (
        "[Collection of groupSettingTemplate](groupsettingtemplate.md)",
        "groupSettingTemplate",
        True,
        None,
        "groupsettingtemplate.md",
    ),
    (
        "[fileHashType](filehashtypeenumtype.md) enum",
        "fileHashType",
        False,
        None,
        "filehashtypeenumtype.md",
    ),
    ("[identitySet][]", "identitySet", False, None, None),
    ("[**driveItem**][driveItem] collection", "driveItem", True, None, None),
    ("Collection([columnDefinition][])", "columnDefinition", True, None, None),
    ("[educationAssignment]collection", "educationAssignment", True, None, None),
    ("[educationStudent]", "educationStudent", False, None, None),
    ("riskLevel collection", "riskLevel", True, None, None),
    ("alertFeedback enum", "alertFeedback", False, None, None),
    ("error object", "error", False, None, None),
    ("**dateTimeTimeZone**", "dateTimeTimeZone", False, None, None),
    ("`timeOffReasonIconType`", "timeOffReasonIconType", False, None, None),
    ("microsoft.graph.printer", "printer", False, None, None),
    ("Collection(microsoft.graph.columnDefinition)", "columnDefinition", True, None, None),
    (
        "microsoft.graph.callRecords.modality collection",
        "modality",
        True,
        "microsoft.graph.callRecords",
        None,
    ),
    (
        "microsoft.graph.windowsUpdates.updateCategory",
        "updateCategory",
        False,
        "microsoft.graph.windowsUpdates",
        None,
    ),
    ("routingPolicy collection collection", "routingPolicy", True, None, None),
]

NOT_TYPES = [
    "",
    "   ",
    "None",
    "None.",
    "none",
    "N/A",
    "See description",
    "Not supported.",
    "Enumeration",
    "Enumeration collection",
    "Object",
    "Distribution groups",
    "string/number",
    "(boolean or string or number) collection",
    "application/json",
    "Moment in time when the resource was created.  DateTimeOffset",
    "Read properties and relationships of the [reportRoot](../resources/reportroot.md) object.",
    "A supported resource instance: [message](message.md), [event](event.md).",
    "[Microsoft 365 groups](#microsoft-365-groups)",
    "GET /sites/{site-id}/permissions",
]


@pytest.mark.parametrize(("cell", "name", "collection", "namespace", "link"), CASES)
def test_real_spellings(
    cell: str, name: str, collection: bool, namespace: str | None, link: str | None
) -> None:
    ref = normalize_type(cell)
    assert ref == TypeRef(
        name=name, collection=collection, namespace=namespace, link=link, raw=cell.strip()
    )


@pytest.mark.parametrize("cell", NOT_TYPES)
def test_cells_naming_no_type(cell: str) -> None:
    assert normalize_type(cell) is None


def test_primitives_are_canonical_and_flagged() -> None:
    for cell, name, *_ in CASES:
        ref = normalize_type(cell)
        assert ref is not None
        assert ref.is_primitive == (name in PRIMITIVES)


def test_result_is_cached() -> None:
    assert normalize_type("[user](user.md) collection") is normalize_type(
        "[user](user.md) collection"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("[a](b.md) or [c d](e.md)", [("a", "b.md"), ("c d", "e.md")]),
        ('[x](y.md "A title")', [("x", "y.md")]),
        ("[x](y.md 'A title')", [("x", "y.md")]),
        ("[x](<a b.md>)", [("x", "a b.md")]),
        ("Collection([x](link))", [("x", "link")]),
        ("[[inner](i.md)](o.md)", [("[inner](i.md)", "o.md")]),
        ("[a](b(c).md)", [("a", "b(c).md")]),
        (r"[a\]b](t.md)", [(r"a\]b", "t.md")]),
        (r"\[a](b.md)", []),
        ("![image](p.png)", []),
        ("[a] (b.md)", []),
        ("[a](b.md", []),
        ("[identitySet][]", []),
        ("plain text", []),
    ],
)
def test_link_targets(cell: str, expected: list[tuple[str, str]]) -> None:
    assert link_targets(cell) == expected


def test_link_targets_reconstruct_plain_links() -> None:
    cell = "[exactMatchSession](../resources/exactmatchsession.md) collection"
    ((label, target),) = link_targets(cell)
    assert f"[{label}]({target})" in cell


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(cell: str) -> None:
    ref = normalize_type(cell)
    assert ref is None or isinstance(ref, TypeRef)
    assert isinstance(link_targets(cell), list)


@given(
    st.text(
        alphabet=st.sampled_from(list("[]()<>`*_\\!#. |collectionCOLLECTIONmd/\"'")),
        max_size=60,
    )
)
def test_markdown_punctuation_never_raises(cell: str) -> None:
    ref = normalize_type(cell)
    assert ref is None or (isinstance(ref, TypeRef) and ref.name)


# --- corpus ---------------------------------------------------------------

_SPLIT = re.compile(r"(?<!\\)\|")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_PRIMITIVE_WORDS = {
    *("string", "boolean", "bool", "int", "int16", "int32", "int64", "integer"),
    *("single", "double", "float", "decimal", "datetime", "datetimeoffset", "date"),
    *("timeofday", "duration", "guid", "binary", "stream", "json"),
}


def _cells(line: str) -> list[str]:
    line = line.strip().removeprefix("|")
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip() for c in _SPLIT.split(line)]


def _property_type_cells(pages: list[Path]) -> set[str]:
    """Type cells of tables whose header has both a Property and a Type column."""
    found: set[str] = set()
    for page in pages:
        lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
        fenced = False
        for i, line in enumerate(lines[:-1]):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if fenced or "|" not in line or not _DELIMITER.match(lines[i + 1]):
                continue
            header = [re.sub(r"[*_`]", "", c).strip().lower() for c in _cells(line)]
            if "type" not in header or "property" not in header:
                continue
            col = header.index("type")
            for row in lines[i + 2 :]:
                if "|" not in row or not row.strip():
                    break
                cells = _cells(row)
                if col < len(cells):
                    found.add(cells[col])
    return found


@pytest.mark.skipif(not BETA.is_dir(), reason="docs corpus not available")
def test_beta_corpus_property_types() -> None:
    cells = _property_type_cells(sorted(BETA.glob("*/*.md")))
    assert len(cells) > 1000
    refs = {cell: normalize_type(cell) for cell in cells}
    mapped = [ref for ref in refs.values() if ref is not None]
    assert len(mapped) / len(cells) >= 0.98, sorted(c for c, r in refs.items() if r is None)
    for ref in mapped:
        looks_primitive = (
            ref.name.startswith("Edm.")
            or ref.name.lower() in _PRIMITIVE_WORDS
            or (ref.namespace or "").lower() == "edm"
        )
        assert ref.is_primitive or not looks_primitive, ref
        assert ref.name and " " not in ref.name, ref
