"""``codegen diff`` (issue 19) through the real CLI: a small page set and edits to it, each with
the exact report it must give; no-op edits that must give none; a git revision; suppressions;
every output format (SARIF against the official schema)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests.support import Run, codegen_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

FRONT = (
    '---\ntitle: "{title}"\ndescription: ""\ndoc_type: {kind}\n---\n\n# {title}\n\n'
    "Namespace: microsoft.graph\n\n"
)
WIDGET = FRONT.format(title="widget resource type", kind="resourcePageType") + """A widget.

Inherits from [entity](entity.md).

## Methods
|Method|Return Type|Description|
|:---|:---|:---|
|[Get widget](../api/widget-get.md)|[widget](widget.md)|Read a widget.|
|[List widgets](../api/widget-list.md)|[widget](widget.md) collection|List widgets.|
|[Create widget](../api/widget-post.md)|[widget](widget.md)|Create a widget.|

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The identifier. Inherited from [entity](entity.md). Read-only.|
|name|String|The name of the widget.|
|size|Int32|How big the widget is.|
|color|[widgetColor](enums.md#widgetcolor-values)|The colour.|
|tags|String collection|Labels.|
|ownerId|String|Who owns it. Read-only.|

## Relationships
|Relationship|Type|Description|
|:---|:---|:---|
|parts|[part](part.md) collection|The parts of the widget.|

## JSON representation
<!-- {
  "blockType": "resource",
  "keyProperty": "id",
  "@odata.type": "microsoft.graph.widget",
  "baseType": "microsoft.graph.entity",
  "openType": false
}
-->
```json
{
  "@odata.type": "#microsoft.graph.widget",
  "id": "String (identifier)",
  "name": "String",
  "size": 1024,
  "color": "String",
  "tags": ["String"],
  "ownerId": "String"
}
```
"""
PART = FRONT.format(title="part resource type", kind="resourcePageType") + """A part of a widget.

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The identifier. Read-only.|
|weight|Double|The weight in grams.|

## JSON representation
<!-- {
  "blockType": "resource",
  "keyProperty": "id",
  "@odata.type": "microsoft.graph.part"
}
-->
```json
{
  "id": "String (identifier)",
  "weight": 1.5
}
```
"""
ENUMS = FRONT.format(title="Enum values", kind="enumPageType") + """### widgetColor values

|Member|Description|
|:---|:---|
|red|Red.|
|green|Green.|
|blue|Blue.|
"""
AUTH = "|Authorization|Bearer {token}. Required.|\n"


def _api(
    title: str,
    method: str,
    path: str,
    response: str,
    *,
    body: str = "",
    headers: str = AUTH,
    example: str = "",
) -> str:
    body = body or "Do not supply a request body for this method.\n"
    return FRONT.format(title=title, kind="apiPageType") + f"""{title}.

## HTTP request
<!-- {{ "blockType": "ignored" }} -->
```http
{method} {path}
```

## Request headers
|Name|Description|
|:---|:---|
{headers}
## Request body
{body}
## Response
{response}
{example}"""


RETURNS = "If successful, this method returns a `{0}` response code and {1} in the response body.\n"
GET = _api(
    "Get widget",
    "GET",
    "/widgets/{widget-id}",
    RETURNS.format("200 OK", "a [widget](../resources/widget.md) object"),
    example="""## Example
### Request
<!-- { "blockType": "request", "name": "get_widget" } -->
```http
GET https://graph.microsoft.com/beta/widgets/w1
```
### Response
<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget" } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "id": "w1",
  "name": "Sprocket",
  "size": 3
}
```
""",
)
LIST = _api(
    "List widgets",
    "GET",
    "/widgets",
    RETURNS.format("200 OK", "a collection of [widget](../resources/widget.md) objects"),
)
POST = _api(
    "Create widget",
    "POST",
    "/widgets",
    RETURNS.format("201 Created", "a [widget](../resources/widget.md) object"),
    headers=AUTH
    + "|Content-Type|application/json. Required.|\n|Prefer|return=minimal. Optional.|\n",
    body="""In the request body, supply a JSON representation of the [widget](../resources/widget.md) object.

|Property|Type|Description|
|:---|:---|:---|
|name|String|The name. Required.|
|size|Int32|How big it is. Optional.|
""",
)
PAGES = {
    "resources/widget.md": WIDGET,
    "resources/part.md": PART,
    "resources/enums.md": ENUMS,
    "api/widget-get.md": GET,
    "api/widget-list.md": LIST,
    "api/widget-post.md": POST,
}

Edit = Callable[[dict[str, str]], None]


def _write(folder: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def _sets(tmp_path: Path, edit: Edit) -> None:
    """tmp_path/old: the page set; tmp_path/new: the same, edited."""
    _write(tmp_path / "old", PAGES)
    pages = dict(PAGES)
    edit(pages)
    _write(tmp_path / "new", pages)


def _replace(name: str, *pairs: tuple[str, str]) -> Edit:
    def edit(pages: dict[str, str]) -> None:
        text = pages[name]
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new)
        pages[name] = text

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(pages: dict[str, str]) -> None:
        for e in edits:
            e(pages)

    return edit


def _diff(tmp_path: Path, *args: str) -> Run:
    return codegen_cli(["diff", *args], cwd=tmp_path)


def _report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    run = _diff(tmp_path, "old", "new", "--format", "json", *args)
    assert run.code in (0, 1), run.err
    return run.code, json.loads(run.out)


def _where(side: dict[str, Any] | None) -> str | None:
    return None if side is None else f"{side['file']}:{side['line']}"


def _rows(report: dict[str, Any], key: str = "changes") -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["subject"], _where(c["old"]), _where(c["new"]), c["python"])
        for c in report[key]
    ]


W = "microsoft.graph.widget"

# edits that change no API: each alone, then all at once
NO_OPS: dict[str, Edit] = {
    "reorder table rows": _both(
        _replace(
            "resources/widget.md",
            (
                "|name|String|The name of the widget.|\n|size|Int32|How big the widget is.|\n",
                "|size|Int32|How big the widget is.|\n|name|String|The name of the widget.|\n",
            ),
        ),
        _replace(
            "resources/enums.md", ("|red|Red.|\n|green|Green.|\n", "|green|Green.|\n|red|Red.|\n")
        ),
    ),
    "reword a description": _replace(
        "resources/widget.md", ("|Labels.|", "|Labels attached to the widget.|")
    ),
    "whitespace": _replace(
        "resources/widget.md",
        ("|name|String|The name of the widget.|", "| name | String  |  The name of the widget. |"),
        ("\n## Properties", "\n\n\n## Properties"),
        ("A widget.\n", "A widget.   \n"),
    ),
    "change an example's values": _replace(
        "api/widget-get.md",
        ('"Sprocket"', '"Gear"'),
        ('"size": 3', '"size": 7'),
        ("widgets/w1", "widgets/w2"),
        ('"id": "w1"', '"id": "w2"'),
    ),
    "move a page": lambda pages: pages.update(
        {"api/get-widget.md": pages.pop("api/widget-get.md")}
    ),
}


@pytest.mark.parametrize("name", [*NO_OPS, "all at once"])
def test_no_op_edits_report_nothing(tmp_path: Path, name: str) -> None:
    edit = _both(*NO_OPS.values()) if name == "all at once" else NO_OPS[name]
    _sets(tmp_path, edit)
    code, report = _report(tmp_path)
    assert (code, report["changes"], report["python"]) == (
        0,
        [],
        {"removed": [], "added": [], "changed": []},
    )
    assert report["summary"]["breaking"] == report["summary"]["non-breaking"] == 0


def test_reworded_descriptions_are_listed_apart_with_descriptions(tmp_path: Path) -> None:
    _sets(tmp_path, _both(*NO_OPS.values()))
    code, report = _report(tmp_path, "--descriptions")
    assert code == 0 and report["changes"] == []
    assert [
        (c["kind"], c["subject"], _where(c["old"]), _where(c["new"]))
        for c in report["descriptions"]
    ] == [
        (
            "description-changed",
            f"{W}.tags",
            "old/resources/widget.md:29",
            "new/resources/widget.md:31",
        ),
    ]


CASES: dict[str, tuple[Edit, int, list[tuple[Any, ...]]]] = {
    "properties: removed, added, retyped, narrowed": (
        _replace(
            "resources/widget.md",
            ("|ownerId|String|Who owns it. Read-only.|\n", ""),
            ("|size|Int32|", "|size|String|"),
            (
                "|name|String|The name of the widget.|",
                "|name|String|The name of the widget. Not nullable. Read-only.|",
            ),
            (
                "|tags|String collection|Labels.|",
                "|tags|String collection|Labels.|\n|weightKg|Double|The weight.|",
            ),
        ),
        1,
        [
            (
                "property-nullable-removed",
                f"{W}.name",
                "old/resources/widget.md:26",
                "new/resources/widget.md:26",
                ["~ Widget.name: str | None → str"],
            ),
            (
                "property-read-only-added",
                f"{W}.name",
                "old/resources/widget.md:26",
                "new/resources/widget.md:26",
                [],
            ),
            (
                "property-removed",
                f"{W}.ownerId",
                "old/resources/widget.md:30",
                None,
                ["- Widget.owner_id"],
            ),
            (
                "property-type-changed",
                f"{W}.size",
                "old/resources/widget.md:27",
                "new/resources/widget.md:27",
                ["~ Widget.size: int | None → str | None"],
            ),
            (
                "property-added",
                f"{W}.weightKg",
                None,
                "new/resources/widget.md:30",
                ["+ Widget.weight_kg"],
            ),
        ],
    ),
    "widenings": (
        _replace(
            "resources/widget.md",
            ("|size|Int32|", "|size|Int64|"),
            ("|color|[widgetColor](enums.md#widgetcolor-values)|", "|color|String|"),
        ),
        0,
        [
            (
                "property-type-widened",
                f"{W}.color",
                "old/resources/widget.md:28",
                "new/resources/widget.md:28",
                ["~ Widget.color: models.WidgetColor | None → str | None"],
            ),
            (
                "property-type-widened",
                f"{W}.size",
                "old/resources/widget.md:27",
                "new/resources/widget.md:27",
                [],
            ),
        ],
    ),
    "renames: case only, and near-identical with the same type": (
        _replace(
            "resources/widget.md",
            ("|ownerId|String|", "|ownerID|String|"),
            ("|tags|String collection|", "|tag|String collection|"),
        ),
        1,
        [
            (
                "property-renamed",
                f"{W}.ownerID",
                "old/resources/widget.md:30",
                "new/resources/widget.md:30",
                [],
            ),  # the same Python name: owner_id
            (
                "property-renamed",
                f"{W}.tag",
                "old/resources/widget.md:29",
                "new/resources/widget.md:29",
                ["+ Widget.tag", "- Widget.tags"],
            ),
        ],
    ),
    "a near-identical name of another type is no rename": (
        _replace("resources/widget.md", ("|tags|String collection|", "|tag|Int32|")),
        1,
        [
            (
                "property-removed",
                f"{W}.tags",
                "old/resources/widget.md:29",
                None,
                ["- Widget.tags"],
            ),
            ("property-added", f"{W}.tag", None, "new/resources/widget.md:29", ["+ Widget.tag"]),
        ],
    ),
    "a type and its base type removed": (
        _both(
            _replace(
                "resources/widget.md",
                ("Inherits from [entity](entity.md).\n", ""),
                ('  "baseType": "microsoft.graph.entity",\n', ""),
                (
                    "|id|String|The identifier. Inherited from [entity](entity.md). Read-only.|\n",
                    "",
                ),
                ("|parts|[part](part.md) collection|The parts of the widget.|\n", ""),
            ),
            lambda pages: pages.pop("resources/part.md"),
        ),
        1,
        [
            (
                "type-removed",
                "microsoft.graph.entity",
                "old/resources/widget.md:7",
                None,
                ["- Entity", "- Entity.id", "- Entity.odata_type"],
            ),
            (
                "type-removed",
                "microsoft.graph.part",
                "old/resources/part.md:7",
                None,
                ["- Part", "- Part.id", "- Part.odata_type", "- Part.weight"],
            ),
            (
                "base-type-removed",
                W,
                "old/resources/widget.md:42",
                "new/resources/widget.md:7",
                ["- Widget.id", "~ Widget: (Entity) → (GraphModel)"],
            ),
            (
                "navigation-removed",
                f"{W}.parts",
                "old/resources/widget.md:35",
                None,
                ["- Widget.parts"],
            ),
        ],
    ),
    "enum members: removed, added, renamed": (
        _replace(
            "resources/enums.md",
            ("|blue|Blue.|\n", "|yellow|Yellow.|\n"),
            ("|green|Green.|", "|Green|Green.|"),
        ),
        1,
        [
            (
                "enum-member-removed",
                "microsoft.graph.widgetColor.blue",
                "old/resources/enums.md:17",
                None,
                ["- WidgetColor.BLUE"],
            ),
            (
                "enum-member-renamed",
                "microsoft.graph.widgetColor.Green",
                "old/resources/enums.md:16",
                "new/resources/enums.md:16",
                ["~ WidgetColor.GREEN: 'green' → 'Green'"],
            ),
            (
                "enum-member-added",
                "microsoft.graph.widgetColor.yellow",
                None,
                "new/resources/enums.md:17",
                ["+ WidgetColor.YELLOW"],
            ),
        ],
    ),
    "operations: one removed, one path changed": (
        _both(
            lambda pages: pages.pop("api/widget-list.md"),
            _replace(
                "resources/widget.md",
                (
                    (
                        "|[List widgets](../api/widget-list.md)|[widget](widget.md) collection"
                        "|List widgets.|\n"
                    ),
                    "",
                ),
            ),
            _replace("api/widget-get.md", ("GET /widgets/{widget-id}", "GET /gadgets/{id}")),
        ),
        1,
        [
            (
                "operation-removed",
                "GET /widgets",
                "old/api/widget-list.md:16",
                None,
                ["- client.widgets.list()"],
            ),
            (
                "path-removed",
                "GET /widgets/{widget-id}",
                "old/api/widget-get.md:16",
                None,
                ["- client.widgets.by_id(...)", "- client.widgets.by_id(...).get()"],
            ),
            (
                "path-added",
                "GET /gadgets/{id}",
                None,
                "new/api/widget-get.md:16",
                [
                    "+ client.gadgets",
                    "+ client.gadgets.by_id(...)",
                    "+ client.gadgets.by_id(...).get()",
                ],
            ),
        ],
    ),
    "request body and headers": (
        _replace(
            "api/widget-post.md",
            ("|size|Int32|How big it is. Optional.|", "|size|Int32|How big it is. Required.|"),
            ("|name|String|The name. Required.|\n", ""),
            ("|Prefer|return=minimal. Optional.|\n", "|ConsistencyLevel|eventual. Required.|\n"),
        ),
        1,
        [
            (
                "request-property-removed",
                "POST /widgets body:name",
                "old/api/widget-post.md:31",
                None,
                [],
            ),
            (
                "request-property-required-added",
                "POST /widgets body:size",
                "old/api/widget-post.md:32",
                "new/api/widget-post.md:31",
                [],
            ),
            (
                "header-added-required",
                "POST /widgets header:ConsistencyLevel",
                None,
                "new/api/widget-post.md:24",
                [],
            ),
            (
                "header-removed",
                "POST /widgets header:Prefer",
                "old/api/widget-post.md:24",
                None,
                [],
            ),
        ],
    ),
    "collection-ness, the key, a type renamed by case": (
        _both(
            _replace(
                "resources/widget.md",
                ("|tags|String collection|", "|tags|String|"),
                (
                    '"keyProperty": "id",\n  "@odata.type"',
                    '"keyProperty": "name",\n  "@odata.type"',
                ),
                ("|parts|[part](part.md) collection|", "|parts|[Part](part.md) collection|"),
            ),
            _replace(
                "resources/part.md",
                ("# part resource type", "# Part resource type"),
                ('"@odata.type": "microsoft.graph.part"', '"@odata.type": "microsoft.graph.Part"'),
            ),
        ),
        1,
        [
            ("key-changed", W, "old/resources/widget.md:7", "new/resources/widget.md:7", []),
            (
                "property-collection-changed",
                f"{W}.tags",
                "old/resources/widget.md:29",
                "new/resources/widget.md:29",
                ["~ Widget.tags: list[str] | None → str | None"],
            ),
            # the class is Part either way; the relationship to it is no change
            (
                "type-renamed",
                "microsoft.graph.Part",
                "old/resources/part.md:7",
                "new/resources/part.md:7",
                [],
            ),
        ],
    ),
    "a response type changed": (
        _replace(
            "api/widget-get.md",
            ("a [widget](../resources/widget.md) object", "a [part](../resources/part.md) object"),
            ('"@odata.type": "microsoft.graph.widget"', '"@odata.type": "microsoft.graph.part"'),
        ),
        1,
        [
            (
                "response-type-changed",
                "GET /widgets/{widget-id}",
                "old/api/widget-get.md:27",
                "new/api/widget-get.md:27",
                ["~ client.widgets.by_id(...).get(): () -> models.Widget → () -> models.Part"],
            ),
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_change_gives_its_exact_report(tmp_path: Path, name: str) -> None:
    edit, code, rows = CASES[name]
    _sets(tmp_path, edit)
    got_code, report = _report(tmp_path)
    assert _rows(report) == rows
    assert got_code == code


def test_a_type_added_that_renumbers_a_class_breaks_a_name(tmp_path: Path) -> None:
    """Adding a type is non-breaking in the docs, but a class of the same name that sorts
    first takes ``Widget`` and the old one becomes ``Widget_2``: the name users import."""
    other = WIDGET.replace("Namespace: microsoft.graph", "Namespace: microsoft.a").replace(
        "microsoft.graph.widget", "microsoft.a.widget"
    )
    _sets(tmp_path, lambda pages: pages.update({"resources/a-widget.md": other}))
    code, report = _report(tmp_path)
    kinds = [(c["kind"], c["subject"]) for c in report["changes"]]
    assert ("python-name-removed", "Widget.odata_type") not in kinds  # listed under the class
    assert ("type-added", "microsoft.a.widget") in kinds
    renamed = [c for c in report["changes"] if c["kind"] == "python-signature-changed"]
    assert code == 1 and renamed, kinds


def _pyproject(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codegen]\ndocs = ["new"]\n\n' + text, encoding="utf-8"
    )


def test_suppressions_need_a_reason_and_unused_ones_are_reported(tmp_path: Path) -> None:
    _sets(
        tmp_path,
        _replace("resources/widget.md", ("|ownerId|String|Who owns it. Read-only.|\n", "")),
    )
    _pyproject(
        tmp_path,
        '[[tool.codegen.diff.suppress]]\nrule = "property-removed"\n'
        f'subject = "{W}.owner*"\nreason = "ownerId moved to the owner relationship"\n\n'
        '[[tool.codegen.diff.suppress]]\nrule = "enum-*"\nreason = "stale"\n',
    )
    code, report = _report(tmp_path)
    assert code == 0 and report["changes"] == []
    assert [(c["kind"], c["suppressed"]) for c in report["suppressed"]] == [
        ("property-removed", "ownerId moved to the owner relationship")
    ]
    assert report["unused_suppressions"] == [
        {"rule": "enum-*", "subject": None, "reason": "stale", "file": "pyproject.toml", "line": 9}
    ]
    sarif = json.loads(_diff(tmp_path, "old", "new", "--format", "sarif").out)
    Draft7Validator(SCHEMA).validate(sarif)
    assert [(r["ruleId"], r.get("suppressions")) for r in sarif["runs"][0]["results"]] == [
        (
            "property-removed",
            [{"kind": "external", "justification": "ownerId moved to the owner relationship"}],
        ),
        ("suppression-unused", None),
    ]
    text = _diff(tmp_path, "old", "new")
    assert (
        "pyproject.toml:9: warning [suppression-unused] suppression of enum-* matches no "
        "change" in text.out
    )
    _pyproject(tmp_path, '[[tool.codegen.diff.suppress]]\nrule = "property-removed"\n')
    bad = _diff(tmp_path, "old", "new")
    assert (
        bad.code == 2
        and "pyproject.toml:4: suppression #1: every suppression needs a " "'reason'" in bad.err
    )
    _pyproject(tmp_path, '[tool.codegen.diff]\nfail_on = "any"\n')
    bad = _diff(tmp_path, "old", "new")
    assert bad.code == 2 and "pyproject.toml:5: unknown key 'fail_on'" in bad.err
    assert "did you mean 'fail-on'?" in bad.err and "Traceback" not in bad.err
    _pyproject(tmp_path, '[[tool.codegen.diff.suppress]]\nrule = "propery-removed"\nreason = "x"\n')
    bad = _diff(tmp_path, "old", "new")
    assert bad.code == 2 and "did you mean 'property-removed'?" in bad.err


def test_fail_on_any_fails_on_additions(tmp_path: Path) -> None:
    _sets(tmp_path, _replace("resources/enums.md", ("|blue|Blue.|\n", "|blue|Blue.|\n|pink|P.|\n")))
    assert _diff(tmp_path, "old", "new").code == 0
    assert _diff(tmp_path, "old", "new", "--fail-on", "any").code == 1
    _pyproject(tmp_path, '[tool.codegen.diff]\nfail-on = "any"\n')
    assert _diff(tmp_path, "old", "new").code == 1


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_a_git_revision_against_the_working_tree(tmp_path: Path) -> None:
    _write(tmp_path / "docs", PAGES)
    (tmp_path / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["docs"]\n')
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "docs", "pyproject.toml")
    _git(tmp_path, "commit", "-qm", "docs")
    page = tmp_path / "docs" / "resources" / "widget.md"
    page.write_text(page.read_text().replace("|ownerId|String|Who owns it. Read-only.|\n", ""))
    os.rename(tmp_path / "docs/api/widget-list.md", tmp_path / "docs/api/list-widgets.md")
    run = _diff(tmp_path, "HEAD", "--format", "json")
    report = json.loads(run.out)
    assert run.code == 1, run.err
    assert [(c["kind"], c["subject"], c["old"], c["new"]) for c in report["changes"]] == [
        (
            "property-removed",
            f"{W}.ownerId",
            {
                "file": "docs/resources/widget.md",
                "line": 30,
                "value": "Edm.String",
                "revision": "HEAD",
            },
            None,
        ),
    ]
    assert report["old"]["revision"] == "HEAD" and len(report["old"]["commit"]) == 40
    text = _diff(tmp_path, "HEAD")
    assert text.out.splitlines()[0] == (
        "docs/resources/widget.md:7: breaking [property-removed] widget.ownerId removed (was "
        "Edm.String) (old: HEAD:docs/resources/widget.md:30)"
    )
    # from a subfolder, and a revision on both sides
    assert _diff(tmp_path / "docs", "HEAD").code == 1
    assert json.loads(_diff(tmp_path, "HEAD", "HEAD", "--format", "json").out)["changes"] == []


@pytest.mark.parametrize("ref", ["-x", "--output=out.txt", "no-such-ref", "HEAD~5"])
def test_a_bad_revision_is_exit_2_in_one_line(tmp_path: Path, ref: str) -> None:
    _write(tmp_path / "docs", PAGES)
    (tmp_path / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["docs"]\n')
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "docs")
    _git(tmp_path, "commit", "-qm", "docs")
    run = _diff(tmp_path, "--", ref) if ref.startswith("-") else _diff(tmp_path, ref)
    assert run.code == 2, run.err
    assert run.err.count("\n") == 1 and "neither a docs folder nor a git revision" in run.err
    assert not (tmp_path / "out.txt").exists()


HOSTILE = "Owner\x1b]8;;http://x\x07 ::error::forged ##[group] @here <b>"


def test_every_format_and_hostile_text(tmp_path: Path) -> None:
    _sets(
        tmp_path,
        _both(
            _replace(
                "resources/widget.md",
                ("|ownerId|String|Who owns it. Read-only.|\n", ""),
                ("|Labels.|", f"|{HOSTILE}|"),
            ),
            _replace("resources/enums.md", ("|blue|Blue.|\n", "|blue|Blue.|\n|pink|P.|\n")),
        ),
    )
    outs = {}
    for fmt in ("text", "json", "markdown", "sarif", "github"):
        run = _diff(tmp_path, "old", "new", "--format", fmt, "--descriptions")
        assert run.code == 1, run.err
        outs[fmt] = run.out
        for line in run.out.splitlines():
            assert "\x1b" not in line and "\x07" not in line and "##[" not in line
            assert not line.lstrip().startswith("::") or fmt == "github"
    sarif = json.loads(outs["sarif"])
    Draft7Validator(SCHEMA).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("property-removed", "error"),
        ("enum-member-added", "note"),
        ("description-changed", "note"),
    ]
    assert results[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "new/resources/widget.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7},
    }
    assert results[0]["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 30}
    descriptions = json.loads(outs["json"])["descriptions"]
    assert descriptions[0]["new"]["value"] == HOSTILE  # JSON escapes, read back exactly
    assert outs["github"].splitlines() == [
        (
            "::error file=new/resources/widget.md,line=7,title=property-removed::widget.ownerId "
            "removed (was Edm.String) (old: old/resources/widget.md:30) — generated package: "
            "- Widget.owner_id"
        ),
        (
            "::notice file=new/resources/enums.md,line=18,title=enum-member-added::widgetColor "
            "member pink added — generated package: + WidgetColor.PINK"
        ),
    ]
    md = outs["markdown"]
    assert md.startswith(
        "## codegen diff: old → new\n\n**1 breaking**, **0 rename suspected**, " "1 non-breaking\n"
    )
    assert (
        "| property-removed | widget.ownerId removed (was Edm.String) | "
        "new/resources/widget.md:7 | old/resources/widget.md:30 | - Widget.owner\\_id |" in md
    )
    assert "<b>" not in md

    assert "<details><summary>Non-breaking changes (1)</summary>" in md
    text = outs["text"].splitlines()
    assert text[0] == (
        "new/resources/widget.md:7: breaking [property-removed] widget.ownerId removed (was "
        "Edm.String) (old: old/resources/widget.md:30)"
    )
    assert text[-4:] == [
        "1 breaking, 0 rename suspected, 1 non-breaking: old → new",
        "generated package: 1 names removed, 1 added, 0 retyped",
        "per namespace (breaking / rename / non-breaking; removed or changed):",
        "  microsoft.graph: 1 / 0 / 1; 1",
    ]
    assert json.loads(outs["json"])["summary"]["by_namespace"] == {
        "microsoft.graph": {"breaking": 1, "rename": 0, "non-breaking": 1, "removed-or-changed": 1}
    }
    assert "| microsoft.graph | 1 | 0 | 1 | 1 |" in md
    assert "\\x1b]8;;http://x\\x07 \\x3a:error" not in outs["text"]  # not at a line start


def test_markdown_cells_escape_docs_text() -> None:
    from codegen.diff.report import md

    assert md(HOSTILE + "|x`*_[a](b)") == (
        r"Owner\\x1b\]8;;http://x\\x07 ::error::forged \#\#\\x5bgroup\] \@here \<b\>"
        r"\|x\`\*\_\[a\](b)"
    )


def test_old_or_new_folder_missing_is_exit_2(tmp_path: Path) -> None:
    _write(tmp_path / "old", PAGES)
    (tmp_path / "empty").mkdir()
    run = _diff(tmp_path, "old", "empty")
    assert run.code == 2 and "no markdown pages found under empty" in run.err
    run = _diff(tmp_path, "old")  # no docs configured here, and 'old' is not a revision
    assert run.code == 2 and run.err.count("\n") == 1
