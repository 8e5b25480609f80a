"""Lint rules: a clean doc set lints clean; one realistic defect per rule makes that rule fire.

Also suppressions (by rule, file glob and property; reasons required; unused ones reported),
the two places they are read from, ``--changed-only`` in a throw-away git repository, and the
exact findings on the five seed pages in spec/docs.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.catalog import RULES
from codegen.lint.changed import changed_files, select_pages
from codegen.lint.runner import LintOptions, run_lint
from codegen.lint.suppressions import SuppressionError
from codegen.parser.docset import display_path
from codegen.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]

# --- the clean doc set: widget (entity), widgetPart (complex), widgetStatus (enum), five API pages

_RESOURCE = """---
title: "{name} resource type"
description: "{desc}"
doc_type: resourcePageType
---

# {name} resource type

Namespace: microsoft.graph
"""
WIDGET = _RESOURCE.format(name="widget", desc="A widget in the catalog.") + """
## Methods
|Method|Return type|Description|
|:---|:---|:---|
|[List widgets](../api/widget-list.md)|[widget](widget.md) collection|Get the widgets.|
|[Get widget](../api/widget-get.md)|[widget](widget.md)|Read one widget.|
|[Create widget](../api/widget-post.md)|[widget](widget.md)|Create a widget.|
|[Update widget](../api/widget-update.md)|[widget](widget.md)|Update a widget.|
|[Delete widget](../api/widget-delete.md)|None|Delete a widget.|

## Properties
|Property|Type|Description|
|:---|:---|:---|
|createdDateTime|DateTimeOffset|When the widget was created. Read-only.|
|displayName|String|The name shown to users.|
|id|String|The unique identifier of the widget. Read-only.|
|part|[widgetPart](widgetpart.md)|The main part of the widget.|
|size|Int32|The size of the widget, in millimetres.|
|status|widgetStatus|The state of the widget. The possible values are: `active`, `retired`.|

### widgetStatus values
|Member|Description|
|:---|:---|
|active|The widget is in use.|
|retired|The widget is no longer in use.|

## JSON representation
The following is a JSON representation of the resource.
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "keyProperty": "id" } -->
```json
{
  "@odata.type": "#microsoft.graph.widget",
  "createdDateTime": "String (timestamp)",
  "displayName": "String",
  "id": "String (identifier)",
  "part": {"@odata.type": "microsoft.graph.widgetPart"},
  "size": "Int32",
  "status": "String"
}
```
"""
WIDGET_PART = _RESOURCE.format(name="widgetPart", desc="A part of a widget.") + """
## Properties
|Property|Type|Description|
|:---|:---|:---|
|label|String|The label printed on the part.|
|weight|Double|The weight of the part, in grams.|

## JSON representation
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widgetPart" } -->
```json
{"label": "String", "weight": "Double"}
```
"""
_API = """---
title: "{title}"
description: "{title}."
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

## Permissions
|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.{scope}|
|Application|Widget.{scope}|

## HTTP request
<!-- {{ "blockType": "ignored" }} -->
```http
{method} /widgets{path}
```

## Request headers
|Name|Description|
|:---|:---|
|Authorization|Bearer {{token}}. Required.|
{content_type}
## Request body
{body}

## Response
{response}

## Examples

### Request
<!-- {{ "blockType": "request", "name": "{name}" }} -->
```http
{method} https://graph.microsoft.com/v1.0/widgets{example_path}{request}
```

### Response
<!-- {{ "blockType": "response", "truncated": true{odata} }} -->
```http
{status}
```
"""
ID = "1f6a0b3e-9c1d-4e55-8b1a-2d0c9f4b7e21"
ONE = f"""{{
  "@odata.type": "#microsoft.graph.widget",
  "id": "{ID}",
  "displayName": "Blue widget",
  "size": 42,
  "status": "active",
  "createdDateTime": "2024-05-01T10:00:00Z",
  "part": {{"label": "Lid", "weight": 12.5}}
}}"""
LINK = "[widget](../resources/widget.md)"
RETURNS = "If successful, this method returns a `{}` response code and {} in the response body."
BODY_TABLE = f"""In the request body, supply a JSON representation of the {LINK} object.

You can specify the following properties when you create a **widget**.

|Property|Type|Description|
|:---|:---|:---|
|displayName|String|The name shown to users. Required.|
|size|Int32|The size of the widget. Optional.|
|status|widgetStatus|The state of the widget. Optional.|
|part|[widgetPart](../resources/widgetpart.md)|The main part. Optional.|"""
JSON = "HTTP/1.1 {}\nContent-Type: application/json\n\n"


def _api(
    title: str, method: str, path: str, name: str, response: str, status: str, **kw: str
) -> str:
    request = kw.get("request", "")
    odata = kw.get("odata", "microsoft.graph.widget")
    return _API.format(
        title=title,
        method=method,
        path=path,
        name=name,
        response=response,
        status=status,
        scope="Read.All" if method == "GET" else "ReadWrite.All",
        request=request,
        body=kw.get("body", "Don't supply a request body for this method."),
        example_path=kw.get("example_path", "/" + ID),
        content_type="|Content-Type|application/json. Required.|\n" if request else "",
        odata=f', "@odata.type": "{odata}"' if odata else "",
    )


PAGES = {
    "resources/widget.md": WIDGET,
    "resources/widgetpart.md": WIDGET_PART,
    "api/widget-list.md": _api(
        "List widgets",
        "GET",
        "",
        "list_widgets",
        RETURNS.format("200 OK", f"a collection of {LINK} objects"),
        JSON.format("200 OK") + '{\n  "value": [\n    ' + ONE.replace("\n", "\n    ") + "\n  ]\n}",
        odata="Collection(microsoft.graph.widget)",
        example_path="",
    ),
    "api/widget-get.md": _api(
        "Get widget",
        "GET",
        "/{widgetId}",
        "get_widget",
        RETURNS.format("200 OK", f"a {LINK} object"),
        JSON.format("200 OK") + ONE,
    ),
    "api/widget-post.md": _api(
        "Create widget",
        "POST",
        "",
        "create_widget",
        RETURNS.format("201 Created", f"a {LINK} object"),
        JSON.format("201 Created") + ONE,
        body=BODY_TABLE,
        example_path="",
        request='\nContent-Type: application/json\n\n{\n  "displayName": "Blue widget",\n  "size": 42,\n'
        '  "status": "active",\n  "part": {"label": "Lid", "weight": 12.5}\n}',
    ),
    "api/widget-update.md": _api(
        "Update widget",
        "PATCH",
        "/{widgetId}",
        "update_widget",
        RETURNS.format("200 OK", f"an updated {LINK} object"),
        JSON.format("200 OK") + ONE,
        body=BODY_TABLE.replace("you create", "you update").replace(" Required.", " Optional."),
        request='\nContent-Type: application/json\n\n{\n  "displayName": "Blue widget",\n  "size": 42\n}',
    ),
    "api/widget-delete.md": _api(
        "Delete widget",
        "DELETE",
        "/{widgetId}",
        "delete_widget",
        "If successful, this method returns a `204 No Content` response code.",
        "HTTP/1.1 204 No Content",
        odata="",
    ),
}
W, G, L, P, U = (
    f"docs/{k}"
    for k in (
        "resources/widget.md",
        "api/widget-get.md",
        "api/widget-list.md",
        "api/widget-post.md",
        "api/widget-update.md",
    )
)

D = "docs/api/widget-delete.md"
ARCHIVE = "docs/api/widget-archive.md"  # an action (issue 18's action-body-placeholder)
ARCHIVE_PAGE = _api(
    "widget: archive",
    "POST",
    "/{widgetId}/archive",
    "widget_archive",
    "If successful, this action returns a `204 No Content` response code.",
    "HTTP/1.1 204 No Content",
    body="In the request body, supply a JSON object with the following parameters.\n\n"
    "|Parameter|Type|Description|\n|:---|:---|:---|\n|reason|String|Why the widget is archived.|",
    example_path=f"/{ID}/archive",
    request='\nContent-Type: application/json\n\n{\n  "reason": "Retired by the owner."\n}',
    odata="",
)

Edit = tuple[str, str | None, str]  # (page, old text or None: new page, new text / "@page" to copy)


def write_docs(root: Path, edits: tuple[Edit, ...] = ()) -> dict[str, str]:
    """The clean set under root/docs with the edits applied; returns display path -> text.
    ``root`` is made a project root (a pyproject.toml), so pages are named ``docs/...``."""
    if not (root / "pyproject.toml").exists():
        (root / "pyproject.toml").write_text("[project]\nname = 'docs'\n", encoding="utf-8")
    pages = {f"docs/{k}": v for k, v in PAGES.items()}
    for name, old, new in edits:
        if old is None:
            pages[name] = pages[new[1:]] if new.startswith("@") else new
        else:
            assert pages[name].count(old) == 1, (name, old)
            pages[name] = pages[name].replace(old, new)
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return pages


def lint(**options: Any) -> list[Diagnostic]:
    return run_lint(LintOptions(paths=(Path("docs"),), **options))


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path, the working folder, holding the clean set under docs/."""
    monkeypatch.chdir(tmp_path)
    write_docs(tmp_path)
    return tmp_path


def test_clean_set_has_no_findings(docs: Path) -> None:
    assert [str(d) for d in lint()] == []


# --- one defect per rule: (edits, (page, text on the line it is reported at) or None, suggestion)


class Case(NamedTuple):
    edits: tuple[Edit, ...]
    at: tuple[str, str] | None = None
    suggestion: str | None = None


DN = '"displayName": "Blue widget",'
ROW = "|displayName|String|The name shown to users. Required.|"
GET_BODY = 'Content-Type: application/json\n\n{"row": 1}\n'
CASES: dict[str, Case] = {
    "example-property-undocumented": Case(
        ((G, DN, '"displayNam": "Blue widget",'),), (G, '"displayNam"'), "displayName"
    ),
    "example-value-type": Case(((G, '"size": 42,', '"size": "42",'),), (G, '"size": "42"')),
    "example-placeholder-value": Case(
        ((G, DN, '"displayName": "String",'),), (G, '"displayName": "String"')
    ),
    "example-enum-value": Case(((G, '"active"', '"archived"'),), (G, '"archived"')),
    "example-value-format": Case(((G, "2024-05-01T10", "2024-13-45T10"),), (G, "2024-13-45")),
    "example-int-range": Case(((G, '"size": 42,', '"size": 3000000000,'),), (G, "3000000000")),
    "representation-missing-property": Case(
        ((W, '  "size": "Int32",\n', ""),), (W, "|size|Int32|")
    ),
    "representation-undocumented-property": Case(
        ((W, '"size": "Int32",', '"size": "Int32",\n  "colour": "String",'),), (W, '"colour"')
    ),
    "request-body-unknown-property": Case(
        ((P, ROW, ROW + "\n|colour|String|The colour. Optional.|"),), (P, "|colour|")
    ),
    "property-spelling": Case(
        ((P, ROW, ROW.replace("displayName", "displayname")),), (P, "|displayname|"), "displayName"
    ),
    "property-type-conflict": Case(
        ((P, "|size|Int32|", "|size|Int64|"),), (P, "|size|Int64|"), "Edm.Int32"
    ),
    "base-type-conflict": Case(
        (
            (W, '"keyProperty": "id"', '"keyProperty": "id", "baseType": "microsoft.graph.entity"'),
            (
                P,
                "users. Required.|",
                "users. Inherited from [catalogItem](../resources/catalogitem.md). Required.|",
            ),
        ),
        (W, '"baseType"'),
        "catalogItem",
    ),
    "type-duplicate": Case(
        (("docs/resources/widgetpart-v2.md", None, "@docs/resources/widgetpart.md"),)
    ),
    "type-undefined": Case(
        ((W, "[widgetPart](widgetpart.md)", "[widgetPiece](widgetpiece.md)"),), (W, "widgetPiece")
    ),
    "odata-type-unknown": Case(
        ((G, '"microsoft.graph.widget" }', '"microsoft.graph.widgte" }'),),
        (G, "widgte"),
        "microsoft.graph.widget",
    ),
    "odata-type-case": Case(
        ((L, "Collection(microsoft.graph.widget)", "collection(microsoft.graph.Widget)"),),
        (L, "collection(microsoft.graph.Widget)"),
        "Collection(microsoft.graph.widget)",
    ),
    "example-url-mismatch": Case(
        ((G, "v1.0/widgets/", "v1.0/widget/"),), (G, "v1.0/widget/"), "/widgets/{widgetId}"
    ),
    "example-url-malformed": Case(
        ((G, "v1.0/widgets/", "docs\\api/widgets/"),),
        (G, "docs\\api"),
        f"https://graph.microsoft.com/beta/widgets/{ID}",
    ),
    "response-status-mismatch": Case(
        ((P, "HTTP/1.1 201 Created", "HTTP/1.1 200 OK"),), (P, "HTTP/1.1 200 OK"), "201"
    ),
    "response-shape-mismatch": Case(  # prose and annotation say one widget; the body is a list
        (
            (L, f"a collection of {LINK} objects", f"a {LINK} object"),
            (L, "Collection(microsoft.graph.widget)", "microsoft.graph.widget"),
        )
    ),
    "patch-read-only-property": Case(
        ((U, '"size": 42\n}', '"size": 42,\n  "createdDateTime": "2024-05-01T10:00:00Z"\n}'),),
        (U, '"createdDateTime"'),
    ),
    "json-repaired": Case(((G, '"weight": 12.5}', '"weight": 12.5,}'),), (G, '"weight": 12.5,')),
    "json-invalid": Case(((G, DN, '"displayName": "Blue widget" "x": [}'),)),
    "example-name-duplicate": Case(
        ((L, '"list_widgets"', '"get_widget"'),), (L, '"name": "get_widget"')
    ),
    "annotation-missing": Case(((G, "-->\n```http\nHTTP", "-->\nThe response:\n```http\nHTTP"),)),
    "annotation-malformed": Case(((G, '"name": "get_widget"', '"name": get_widget'),)),
    "section-missing": Case(((G, "## Request headers\n", ""),)),
    "namespace-missing": Case(
        ((G, "Namespace: microsoft.graph\n", ""),),
        (G, "# Get widget"),
        "Namespace: microsoft.graph",
    ),
    "placeholder-text": Case(
        ((G, "|Application|Widget.Read.All|", "|Application|**TODO: Determine scopes**|"),),
        (G, "TODO"),
    ),
    "method-link-broken": Case(
        ((W, "widget-delete.md", "widget-remove.md"),), (W, "widget-remove.md")
    ),
    "http-block-malformed": Case(((G, "HTTP/1.1 200 OK", "HTTP/1.1 OK"),), (G, "HTTP/1.1 OK")),
    "code-fence-unclosed": Case(((G, f"widgets/{ID}\n```\n", f"widgets/{ID}\n"),)),
    "page-unreadable": Case(
        ((G, 'description: "Get widget."', 'description: "Get widget.\n  broken: ['),)
    ),
    "name-zero-width": Case(
        ((W, "|displayName|String|", "|display\u200bName|String|"),),
        (W, "|display\u200bName|"),
        "displayName",
    ),
    # issue 18 (more cases, and what must stay quiet: tests/test_lint_new_rules.py)
    "status-text-mismatch": Case(
        ((D, "HTTP/1.1 204 No Content", "HTTP/1.1 204 OK"),),
        (D, "HTTP/1.1 204 OK"),
        "HTTP/1.1 204 No Content",
    ),
    "annotation-value-type": Case(
        ((G, '"truncated": true', '"truncated": "true"'),),
        (G, '"truncated": "true"'),
        '"truncated": true',
    ),
    "action-body-placeholder": Case(
        ((ARCHIVE, None, ARCHIVE_PAGE.replace("Retired by the owner.", "reason-value")),),
        (ARCHIVE, '"reason-value"'),
    ),
    "template-hardcoded-key": Case(
        ((G, "GET /widgets/{widgetId}", f"GET /widgets/{ID}"),), (G, f"GET /widgets/{ID}")
    ),
    "example-null-not-nullable": Case(
        (
            (W, "|The name shown to users.|", "|The name shown to users. Not nullable.|"),
            (G, DN, '"displayName": null,'),
        ),
        (G, '"displayName": null'),
    ),
    "example-untruncated-incomplete": Case(
        ((G, '"truncated": true', '"truncated": false'), (G, '  "size": 42,\n', "")),
        (G, '"truncated": false'),
        '"truncated": true',
    ),
    "link-broken": Case(
        ((G, "](../resources/widget.md)", "](../resources/widgets.md)"),), (G, "widgets.md")
    ),
    "link-fragment-broken": Case(
        ((G, "](../resources/widget.md)", "](../resources/widget.md#propertys)"),),
        (G, "#propertys"),
        "#properties",
    ),
    "beta-disclaimer-missing": Case(
        (("docs/beta/api/widget-delete.md", None, "@docs/api/widget-delete.md"),),
        ("docs/beta/api/widget-delete.md", "# Delete widget"),
        "[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]",
    ),
    "resource-name-mismatch": Case(
        ((W, "# widget resource type", "# widgt resource type"),),
        (W, "# widgt resource type"),
        "widget",
    ),
    # issue 18, recall (more cases, and what must stay quiet: tests/test_lint_recall_rules_a.py)
    "example-url-placeholder": Case(
        ((G, f"v1.0/widgets/{ID}", "v1.0/widgets/{widgetId}"),), (G, "v1.0/widgets/{widgetId}")
    ),
    "enum-duplicate": Case(
        (
            (
                W,
                "\n## JSON representation",
                (
                    "\n### widgetStatus enum\n|Member|Description|\n|:---|:---|\n"
                    "|active|In use.|\n|retired|Not in use.|\n\n## JSON representation"
                ),
            ),
        ),
        (W, "### widgetStatus enum"),
    ),
    "example-value-unlisted": Case(
        (
            (
                W,
                "|size|Int32|The size of the widget",
                "|size|Int32|Valid values 1 to 100. The size",
            ),
            (G, '"size": 42,', '"size": 420,'),
        ),
        (G, '"size": 420'),
    ),
    # issue 18, recall: page and text rules (more cases: tests/test_lint_recall_rules_b.py)
    "front-matter-empty": Case(
        ((W, "doc_type: resourcePageType", 'doc_type: resourcePageType\nms.prod: ""'),),
        (W, "ms.prod"),
    ),
    "section-empty": Case(
        ((G, "Don't supply a request body for this method.", ""),), (G, "## Request body")
    ),
    "permission-read-for-write": Case(
        (
            (
                D,
                "|Delegated (work or school account)|Widget.ReadWrite.All|",
                "|Delegated (work or school account)|Widget.Read.All, Widget.ReadWrite.All|",
            ),
        ),
        (D, "Widget.Read.All, Widget.ReadWrite.All"),
    ),
    "method-list-single": Case(
        ((W, "[widget](widget.md) collection|Get", "[widget](widget.md)|Get"),),
        (W, "[List widgets]"),
    ),
    "link-text-type-mismatch": Case(
        ((G, "## Permissions", "A [widgetThing](../resources/widgetpart.md).\n\n## Permissions"),),
        (G, "[widgetThing]"),
        "widgetPart",
    ),
    "property-case-prose": Case(
        ((G, "## Permissions", "The **DisplayName** property is shown.\n\n## Permissions"),),
        (G, "**DisplayName**"),
        "displayName",
    ),
    "page-annotation-mismatch": Case(
        (
            (
                D,
                "### Response\n",
                '<!-- {\n  "type": "#page.annotation",\n  "description": "Get widget"\n}-->\n\n'
                + "### Response\n",
            ),
        ),
        (D, '"description": "Get widget"'),
    ),
    # issue 17 (api/range-cell.md:68): a GET example with a body
    "example-body-not-sent": Case(
        (
            (
                G,
                f"GET https://graph.microsoft.com/v1.0/widgets/{ID}\n",
                f"GET https://graph.microsoft.com/v1.0/widgets/{ID}\n" + GET_BODY,
            ),
        ),
        (G, '{"row": 1}'),
    ),
    # api/projectrome-delete-historyitem.md:65: a PUT example on the Delete page
    "example-method-mismatch": Case(
        ((D, "DELETE https://graph", "PUT https://graph"),), (D, "PUT https://graph"), "DELETE"
    ),
    # api/riskyusers-dismiss.md:63: "Specify the userIds to dismiss", no table of them
    "action-body-undocumented": Case(
        (
            (
                ARCHIVE,
                None,
                ARCHIVE_PAGE.replace(
                    "In the request body, supply a JSON object with the following parameters.\n\n"
                    "|Parameter|Type|Description|\n|:---|:---|:---|\n"
                    "|reason|String|Why the widget is archived.|",
                    "Specify the reason in the request body.",
                ),
            ),
        ),
    ),
    # api/workbook-closesession.md:60: "does not require any request body", and a body
    "example-body-unexpected": Case(
        (
            (
                ARCHIVE,
                None,
                ARCHIVE_PAGE.replace(
                    "In the request body, supply a JSON object with the following parameters.",
                    "This API does not require any request body.",
                ),
            ),
        ),
    ),
    # api/approvalstep-update.md:70: a PATCH example without the body its table describes
    "example-body-missing": Case(
        ((U, '\n\n{\n  "displayName": "Blue widget",\n  "size": 42\n}', ""),),
        (U, "PATCH https://graph"),
    ),
}


def test_every_rule_but_csdl_has_a_case() -> None:
    covered = set(CASES) | {"suppression-unused"}  # that one: test_unused_suppression_is_reported
    assert covered == {r for r in RULES if not r.startswith("csdl-")}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    case = CASES[rule]
    pages = write_docs(tmp_path, case.edits)
    findings = lint()
    hits = [d for d in findings if d.rule == rule]
    assert hits, f"{rule} did not fire; got {[str(d) for d in findings]}"
    assert all(d.severity is RULES[rule].severity for d in hits)
    if case.at is not None:
        page, text = case.at
        line = next(i for i, t in enumerate(pages[page].split("\n"), 1) if text in t)
        assert [(d.source.file, d.source.line) for d in hits] == [(page, line)]
    if case.suggestion is not None:
        assert case.suggestion in {d.suggestion for d in hits}


# --- suppressions


def _suppress(**entry: str) -> dict[str, Any]:
    return {"suppress": [{"reason": "known drift, tracked upstream", **entry}]}


def _two_todos(root: Path) -> None:
    todo = "|Application|**TODO: Determine scopes**|"
    write_docs(
        root,
        ((G, "|Application|Widget.Read.All|", todo), (L, "|Application|Widget.Read.All|", todo)),
    )


@pytest.mark.parametrize(("files", "left"), [("", set()), ("docs/api/*-get.md", {L})])
def test_suppression_by_rule_narrowed_by_file_glob(docs: Path, files: str, left: set[str]) -> None:
    _two_todos(docs)
    assert {d.source.file for d in lint()} == {G, L}
    findings = lint(config=_suppress(rule="placeholder-text", files=files))
    assert {d.source.file for d in findings if d.rule == "placeholder-text"} == left
    assert [d for d in findings if d.rule != "placeholder-text"] == []


@pytest.mark.parametrize("prop", ["size", "widget.size"])
def test_suppression_narrowed_by_property(docs: Path, prop: str) -> None:
    write_docs(docs, ((G, '"size": 42,', '"size": "42",'), (G, DN, '"displayName": 7,')))
    assert {d.subject for d in lint()} == {"widget.size", "widget.displayName"}
    left = lint(config=_suppress(rule="example-value-type", property=prop))
    assert [(d.rule, d.subject) for d in left] == [("example-value-type", "widget.displayName")]


def test_unused_suppression_is_reported(docs: Path) -> None:
    (found,) = lint(config=_suppress(rule="json-invalid", files="docs/api/*"))
    assert (found.rule, found.severity, found.subject) == (
        "suppression-unused",
        Severity.WARNING,
        "json-invalid",
    )
    assert found.source.file == "pyproject.toml [tool.codegen.lint]" and found.source.line == 1
    assert "docs/api/*" in found.message


def test_a_suppression_for_pages_not_linted_is_not_unused(docs: Path) -> None:
    # linting another docs set with the project's suppressions (written for spec/docs)
    assert lint(config=_suppress(rule="json-invalid", files="spec/docs/api/*")) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"rule": "placeholder-text"}, "needs a 'reason'"),
        ({"rule": "placeholder-text", "reason": "  "}, "needs a 'reason'"),
        ({"rule": "no-such-rule", "reason": "typo"}, "unknown rule 'no-such-rule'"),
        ({"rule": "placeholder-text", "reason": "x", "file": "docs/*"}, "unknown keys"),
    ],
)
def test_bad_suppression_is_an_error(docs: Path, entry: dict[str, str], message: str) -> None:
    with pytest.raises(SuppressionError, match=message):
        lint(config={"suppress": [entry]})


def test_yaml_file_and_pyproject_table_are_both_read(docs: Path) -> None:
    _two_todos(docs)
    (docs / "pyproject.toml").write_text(
        '[tool.codegen.lint]\nsuppress = [{rule = "placeholder-text", files = "docs/api/widget-get.md",'
        ' reason = "scopes not decided yet"}]\n',
        encoding="utf-8",
    )
    (docs / ".codegen-lint.yaml").write_text(
        "suppress:\n  - rule: placeholder-text\n    files: docs/api/widget-list.md\n    reason: same\n"
        "  - rule: json-invalid\n    reason: stale\n",
        encoding="utf-8",
    )
    config = load_settings(docs / "pyproject.toml").lint
    findings = lint(config=config, config_folder=docs)
    assert [(d.rule, d.source.file, d.source.line) for d in findings] == [
        ("suppression-unused", display_path(docs / ".codegen-lint.yaml"), 5)  # its `rule:` line
    ]
    (docs / ".codegen-lint.yaml").write_text(
        "suppress:\n  - rule: json-invalid\n", encoding="utf-8"
    )
    with pytest.raises(SuppressionError, match=r"\.codegen-lint\.yaml:2: suppression #1"):
        lint(config=config, config_folder=docs)


# --- --changed-only


def _git(root: Path, *args: str) -> None:
    config = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *config, *args], cwd=root, check=True, capture_output=True)


def test_changed_only_reports_the_changed_page_and_pages_linking_to_it(docs: Path) -> None:
    # committed drift: one in a page that links to widgetpart.md, one in a page that does not
    write_docs(
        docs,
        (
            (W, "|None|Delete a widget.|", "|None|TODO: describe.|"),
            ("docs/api/widget-delete.md", "Namespace: microsoft.graph\n", ""),
        ),
    )
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "docs"]):
        _git(docs, *command)
    part = docs / "docs/resources/widgetpart.md"
    part.write_text(part.read_text().replace("in grams.", "TODO."), encoding="utf-8")
    everything = {(d.rule, d.source.file) for d in lint()}
    assert ("namespace-missing", "docs/api/widget-delete.md") in everything

    names = {p.as_posix(): p for p in sorted(Path("docs").rglob("*.md"))}
    assert changed_files("HEAD", names) == {"docs/resources/widgetpart.md"}
    _, report = select_pages(names, {"docs/resources/widgetpart.md"})
    assert report == {"docs/resources/widgetpart.md", W, P, U}  # the three pages link to it

    partial = lint(
        changed_only="HEAD", config=_suppress(rule="json-invalid")
    )  # unused: not reported
    assert {(d.rule, d.source.file) for d in partial} == {
        ("placeholder-text", "docs/resources/widgetpart.md"),
        ("placeholder-text", W),
    }


# --- the seed pages: what a careful reader of spec/docs finds

SEED_COUNTS = {
    "base-type-conflict": 1,
    "example-name-duplicate": 1,
    "example-placeholder-value": 38,
    "example-url-malformed": 1,
    "example-url-placeholder": 3,  # {exactMatchDataStoreId} left in three example URLs
    "front-matter-empty": 9,  # author, ms.prod (and one description) written as ""
    "link-broken": 13,  # links to pages the five seeds do not include (entity.md, ...)
    "method-link-broken": 5,
    "namespace-missing": 2,
    "odata-type-case": 1,
    "patch-read-only-property": 1,
    "placeholder-text": 32,
    "property-spelling": 3,
    "request-body-unknown-property": 1,
    "response-shape-mismatch": 1,
    "type-undefined": 7,
}
A = "spec/docs/api/exactmatch"
R, POST, LIST = (
    "spec/docs/resources/exactmatchsession.md",
    A + "datastore-post-sessions.md",
    A + "datastore-list-sessions.md",
)
SEED_DRIFT = {  # every known seed defect, at its line (README: "Reading the five seed pages")
    ("property-spelling", POST, 55),
    ("property-spelling", POST, 99),
    ("property-spelling", POST, 143),
    ("request-body-unknown-property", POST, 69),  # salt
    (
        "base-type-conflict",
        R,
        65,
    ),  # "baseType": exactMatchJobBase; the create page: exactMatchSessionBase
    ("response-shape-mismatch", A + "session-get.md", 74),
    ("example-name-duplicate", A + "session-get.md", 54),
    ("odata-type-case", LIST, 66),
    ("example-url-malformed", A + "session-update.md", 80),
    ("patch-read-only-property", A + "session-update.md", 44),  # id
}
SEED_UNDEFINED = {
    (R, 38, "classificationError"),
    (R, 41, "entity"),
    (R, 57, "exactMatchUploadAgent"),
    (R, 65, "exactMatchJobBase"),
    (POST, 55, "exactMatchSessionBase"),
    (LIST, 88, "classificationInnerError"),
    (LIST, 95, "classifcationErrorBase"),
}


def test_seed_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    findings = run_lint(LintOptions(paths=(Path("spec/docs"),)))
    assert Counter(d.rule for d in findings) == SEED_COUNTS
    drift = {(d.rule, d.source.file, d.source.line) for d in findings}
    assert SEED_DRIFT <= drift  # still reported, at the severity its rule earned on the corpus
    errors = {
        (d.rule, d.source.file, d.source.line) for d in findings if d.severity is Severity.ERROR
    }
    assert errors == {d for d in SEED_DRIFT if RULES[d[0]].severity is Severity.ERROR}
    assert {d[0] for d in errors} == {  # issue 18 promoted the three demoted rules of the seeds
        "base-type-conflict",
        "example-url-malformed",
        "patch-read-only-property",
        "property-spelling",
        "request-body-unknown-property",
        "response-shape-mismatch",
    }
    undefined = {
        (d.source.file, d.source.line, d.subject) for d in findings if d.rule == "type-undefined"
    }
    assert undefined == SEED_UNDEFINED
    by_rule = {d.rule: d for d in findings}
    assert by_rule["odata-type-case"].suggestion == "Collection(microsoft.graph.exactMatchSession)"
    assert by_rule["example-url-malformed"].suggestion == (
        "https://graph.microsoft.com/beta/dataClassification/exactMatchDataStores/"
        "{exactMatchDataStoreId}/sessions/{exactMatchSessionId}"
    )
    placeholders = {d.subject for d in findings if d.rule == "example-placeholder-value"}
    assert "exactMatchSession.fields" in placeholders and "exactMatchSession.0" not in placeholders
    # CI lints the seeds with pyproject.toml's suppressions: no error is left, none is stale
    config = load_settings(ROOT / "pyproject.toml").lint
    left = run_lint(LintOptions(paths=(Path("spec/docs"),), config=config, config_folder=ROOT))
    assert {d.rule for d in left if d.severity is Severity.ERROR} == set()
    assert "suppression-unused" not in {d.rule for d in left}
