"""Base types the docs' examples show and no page declares (codegen/resolve/example_types.py).

api/calendar-getschedule.md:60 puts a ``customTimeZone`` where workingHours.timeZone is a
``timeZoneBase``, api/educationoutcome-update.md:63 an ``educationFeedbackOutcome`` where the
page updates an ``educationOutcome``: neither derived type's page names its base, so the
generated package refused them (decode-error, validate odata-type) as the service sends them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.api import parse_docs
from codegen.ir.model import Model
from tests.test_lint_rules import _RESOURCE, Edit, G, write_docs

WP = "docs/resources/widgetpart.md"


def _part(name: str, rows: str) -> str:
    return (
        _RESOURCE.format(name=name, desc="A part of a widget.")
        + "\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n"
        + rows
        + "\n"
    )


def _model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, rows: str, *extra: Edit
) -> Model:
    monkeypatch.chdir(tmp_path)
    page = f"docs/resources/{name.lower()}.md"
    tagged = f'"part": {{"@odata.type": "#microsoft.graph.{name}", "label": "Lid", "weight": 1.5}}'
    write_docs(
        tmp_path,
        (
            (page, None, _part(name, rows)),
            (G, '"part": {"label": "Lid", "weight": 12.5}', tagged),
            *extra,
        ),
    )
    return parse_docs([Path("docs")])


OWN = "|hinge|String|The hinge of the lid.|"


def test_a_type_tagged_where_its_base_is_expected_derives_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = _model(tmp_path, monkeypatch, "lidWidgetPart", OWN).type("lidWidgetPart")
    assert t is not None and t.base_type == "widgetPart"


def test_a_page_restating_the_base_properties_derives_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resources/message.md lists every property of outlookItem, whose name it does not share;
    two properties (metadataEntry's key and value, which stringKeyStringValuePair restates)
    are too few to tell."""
    rows = "|label|String|The label.|\n|weight|Double|The weight.|\n|size|Int32|The size.|\n" + OWN
    assert _model(tmp_path, monkeypatch, "hinge", rows).type("hinge").base_type is None
    third = (
        WP,
        "|weight|Double|The weight of the part, in grams.|",
        "|weight|Double|W.|\n|size|Int32|S.|",
    )
    assert (
        _model(tmp_path, monkeypatch, "hinge", rows, third).type("hinge").base_type == "widgetPart"
    )


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("gadget", OWN),  # names unrelated, no property restated
        ("lidWidgetPart", "|label|String|The label.|\n" + OWN),  # restates some, not all
    ],
)
def test_an_unrelated_type_gets_no_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, rows: str
) -> None:
    t = _model(tmp_path, monkeypatch, name, rows).type(name)
    assert t is not None and t.base_type is None


def test_a_related_type_restating_every_base_property_derives_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resources/customtimezone.md lists timeZoneBase's one property, name, as its own."""
    rows = "|label|String|The label.|\n|weight|Double|The weight.|\n" + OWN
    t = _model(tmp_path, monkeypatch, "lidWidgetPart", rows).type("lidWidgetPart")
    assert t is not None and t.base_type == "widgetPart"
