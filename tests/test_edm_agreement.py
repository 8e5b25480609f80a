"""One list of EDM cases through every checker: the decoder, the encoder, ``validate()`` and lint.

They read one table (``codegen/runtime/_edm.py``), so a wire value is accepted by all of them
or by none (issue 17, item 8): ``from_dict`` raises DecodeError exactly when ``validate()``
reports the value and lint reports the example holding it; a value they accept goes back out
through ``to_dict`` as a value they accept again, and decodes to the same Python value.
"""

from __future__ import annotations

import importlib
import json
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.api import parse_docs
from codegen.generate.package import Options, render_package
from codegen.lint.runner import LintOptions, run_lint

PROPS = {
    "id": "String",
    "text": "String",
    "flag": "Boolean",
    "small": "Int16",
    "count": "Int32",
    "big": "Int64",
    "octet": "Byte",
    "ratio": "Double",
    "when": "DateTimeOffset",
    "day": "Date",
    "alarm": "TimeOfDay",
    "span": "Duration",
    "key": "Guid",
    "blob": "Binary",
}

# (property, wire value, accepted): the six values the checkers used to disagree on first
CASES: list[tuple[str, Any, bool]] = [
    ("span", "P1Y", False),
    ("span", "P1M", False),
    ("alarm", "10:00", True),
    ("key", "{0f8fad5b-d9cb-469f-a165-70867728950e}", False),
    ("blob", "aGVsbG8", True),
    ("blob", "aGVsbG8=", True),
    ("span", "P2W", False),
    ("span", "P1DT2H3M4.5S", True),
    ("span", "-PT0.5S", True),
    ("span", "PT", False),
    ("alarm", "23:59:59.1234567", True),
    ("alarm", "24:00", False),
    ("key", "0F8FAD5B-D9CB-469F-A165-70867728950E", True),
    ("key", "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", False),
    ("blob", "-_-_", True),
    ("blob", "a", False),
    ("when", "2024-02-29T23:59:59.1234567Z", True),
    ("when", "2024-02-29T23:59:59+05:30", True),
    ("when", "2024-02-29T23:59", False),  # no offset: names no instant
    ("when", "2023-02-29T00:00:00Z", False),
    ("day", "2024-02-29", True),
    ("day", "2024-2-29", False),
    ("count", 2147483647, True),
    ("count", 2147483648, False),
    ("count", "50", False),
    ("count", True, False),
    ("small", -32768, True),
    ("small", 40000, False),
    ("octet", 255, True),
    ("octet", -1, False),
    ("big", 9223372036854775807, True),
    ("ratio", 0.5, True),
    ("ratio", 3, True),
    ("ratio", "NaN", True),
    ("ratio", "0.5", False),
    ("flag", False, True),
    ("flag", 0, False),
    ("text", "x", True),
    ("text", 5, False),
]
IDS = [f"{p}={json.dumps(v)}" for p, v, _ in CASES]


def _resource() -> str:
    rows = "".join(f"|{name}|{edm}|The {name}.|\n" for name, edm in PROPS.items())
    return (
        '---\ntitle: "widget resource type"\ndescription: "A widget."\n'
        "doc_type: resourcePageType\n---\n\n# widget resource type\n\nNamespace: microsoft.graph\n\n"
        "A widget.\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n" + rows
    )


def _get_page(index: int, prop: str, value: Any) -> str:
    body = json.dumps({"id": "w1", prop: value})
    return (
        f'---\ntitle: "Get widget {index}"\ndescription: "Get a widget."\n'
        "doc_type: apiPageType\n---\n\n"
        f"# Get widget {index}\n\nNamespace: microsoft.graph\n\nGet a widget.\n\n"
        '## HTTP request\n<!-- { "blockType": "ignored" } -->\n``` http\nGET /widgets/{id}\n```\n\n'
        "## Request body\nDo not supply a request body for this method.\n\n"
        "## Response\nIf successful, this method returns a `200 OK` response code and a "
        "[widget](../resources/widget.md) object in the response body.\n\n"
        "## Example\n\n### Request\n"
        f'<!-- {{ "blockType": "request", "name": "get_widget_{index}" }} -->\n'
        "``` http\nGET https://graph.microsoft.com/beta/widgets/w1\n```\n\n### Response\n"
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget" } -->\n'
        "``` http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n"
        f"{body}\n```\n"
    )


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("edm") / "docs"
    (root / "resources").mkdir(parents=True)
    (root / "api").mkdir()
    (root / "resources" / "widget.md").write_text(_resource(), encoding="utf-8")
    for index, (prop, value, _) in enumerate(CASES):
        page = _get_page(index, prop, value)
        (root / "api" / f"widget-get-{index:02d}.md").write_text(page, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pkg(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    name = f"edm_{uuid.uuid4().hex[:10]}"
    out = tmp_path_factory.mktemp("out")
    for path, source in render_package(parse_docs([docs], docs), Options(package=name)).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(source, encoding="utf-8")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(out))
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


@pytest.fixture(scope="module")
def linted(docs: Path) -> dict[int, set[str]]:
    """The rules lint reports on each case's page, by case index."""
    found: dict[int, set[str]] = {}
    for d in run_lint(LintOptions(paths=(docs,), root=docs)):
        stem = Path(d.source.file).stem
        if stem.startswith("widget-get-"):
            found.setdefault(int(stem.removeprefix("widget-get-")), set()).add(d.rule)
    return found


VALUE_RULES = {"example-value-type", "example-value-format", "example-int-range"}


@pytest.mark.parametrize(("index", "case"), enumerate(CASES), ids=IDS)
def test_every_checker_agrees(
    index: int, case: tuple[str, Any, bool], pkg: ModuleType, linted: dict[int, set[str]]
) -> None:
    prop, value, accepted = case
    wire = {"id": "w1", prop: value}
    widget = pkg.models.Widget
    issues = pkg.validate("microsoft.graph.widget", wire)
    assert (not issues) is accepted, issues
    assert bool(linted.get(index, set()) & VALUE_RULES) is (not accepted), linted.get(index)
    if not accepted:
        with pytest.raises(pkg.DecodeError) as raised:
            widget.from_dict(wire)
        assert raised.value.path == "/" + prop and issues[0].path == "/" + prop
        return
    decoded = widget.from_dict(wire)
    sent = decoded.to_dict()
    assert pkg.validate("microsoft.graph.widget", sent) == []
    assert widget.from_dict(sent) == decoded


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", "50"),
        ("count", 2**31),
        ("count", 1.5),
        ("flag", 1),
        ("text", 5),
        ("ratio", "0.5"),
        ("octet", 256),
    ],
)
def test_the_encoder_refuses_what_the_decoder_would(
    pkg: ModuleType, field: str, value: Any
) -> None:
    widget = pkg.models.Widget(**{field: value})
    with pytest.raises(pkg.EncodeError) as raised:
        widget.to_dict()
    assert raised.value.path == "/" + field
    wire = {v: k for k, v in dict(pkg.models.Widget.FIELD_WIRES).items()}
    assert pkg.validate("microsoft.graph.widget", {wire.get(field, field): value})


def test_a_naive_datetime_is_refused_not_taken_as_utc(pkg: ModuleType) -> None:
    import datetime

    with pytest.raises(pkg.EncodeError, match="naive"):
        pkg.models.Widget(when=datetime.datetime(2024, 1, 1, 12, 0)).to_dict()
    aware = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC)
    assert pkg.models.Widget(when=aware).to_dict() == {"when": "2024-01-01T12:00:00Z"}
