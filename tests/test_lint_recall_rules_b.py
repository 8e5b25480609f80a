"""Issue 18's recall rules for page and text defects (bench/lint_recall.jsonl): placeholder
descriptions, empty front matter values, create examples setting read-only properties, write
methods whose least privileged permission reads, empty sections, Methods-table "List" rows
returning one object, link texts naming another type, properties cased otherwise in the text,
and page annotations describing another operation. Each rule's case names the beta page that
showed it; the quiet cases are what beta showed must stay quiet.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.runner import LintOptions, run_lint
from tests.test_lint_rules import ARCHIVE, ARCHIVE_PAGE, D, Edit, G, L, P, W, write_docs

NS = "Namespace: microsoft.graph\n"
SIZE_ROW = "|size|Int32|The size of the widget, in millimetres.|"
STATUS_ROW = (
    "|status|widgetStatus|The state of the widget. The possible values are: `active`, `retired`.|"
)
DELEGATED = "|Delegated (work or school account)|Widget.ReadWrite.All|"
CREATE_BODY = '"status": "active",\n  "part"'
PAGE_ANNOTATION = '<!-- {\n  "type": "#page.annotation",\n  "description": "%s"\n}-->\n'


def lint(root: Path, edits: tuple[Edit, ...]) -> list[Diagnostic]:
    write_docs(root, edits)
    return run_lint(LintOptions(paths=(Path("docs"),)))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _of(findings: list[Diagnostic], rule: str) -> list[Diagnostic]:
    return [d for d in findings if d.rule == rule]


class Fires(NamedTuple):
    rule: str
    edits: tuple[Edit, ...]
    says: str  # a part of the message
    at: str  # the text of the line reported (its first characters)
    count: int = 1


FIRES: dict[str, Fires] = {
    # resources/intune-deviceconfigv2-devicemanagementconfigurationchoicesettingdefinition.md:3
    "placeholder-front-matter": Fires(
        "placeholder-text",
        ((W, 'description: "A widget in the catalog."', 'description: "Not yet documented"'),),
        "front matter 'description' is the placeholder 'Not yet documented'",
        'description: "Not yet documented"',
    ),
    # ...choicesettingdefinition.md:18: the page's description paragraph
    "placeholder-paragraph": Fires(
        "placeholder-text",
        ((W, NS, NS + "\nNot yet documented\n"),),
        "the paragraph is the placeholder",
        "Not yet documented",
    ),
    # Intune's generated tables: one finding a table, however many rows
    "placeholder-cells": Fires(
        "placeholder-text",
        (
            (W, SIZE_ROW, "|size|Int32|Not yet documented|"),
            (W, STATUS_ROW, "|status|widgetStatus|Not yet documented.|"),
        ),
        "2 rows of the table",
        "|size|Int32|Not yet documented|",
    ),
    # api/icon-update.md:7, resources/json.md:6
    "ms-prod-empty": Fires(
        "front-matter-empty",
        ((W, "doc_type: resourcePageType", 'doc_type: resourcePageType\nms.prod: ""'),),
        "front matter 'ms.prod' is empty",
        'ms.prod: ""',
    ),
    "description-bare-key": Fires(
        "front-matter-empty",
        ((W, 'description: "A widget in the catalog."', "description:"),),
        "front matter 'description' is empty",
        "description:",
    ),
    # api/intune-deviceconfig-androidworkprofilenineworkeasconfiguration-create.md:92: the
    # generated pages' "This property is read-only." (computed by the service)
    "create-sets-read-only": Fires(
        "patch-read-only-property",
        (
            (
                W,
                "When the widget was created. Read-only.|",
                "When it was made. This property is read-only.|",
            ),
            (
                P,
                CREATE_BODY,
                '"status": "active",\n  "createdDateTime": "2024-05-01T10:00:00Z",\n  "part"',
            ),
        ),
        "create example body sets 'createdDateTime', which the widget table calls read-only",
        '  "createdDateTime": "2024-05-01T10:00:00Z",',
    ),
    # api/ediscovery-case-delete.md:24: eDiscovery.Read.All listed first
    "delete-read-first": Fires(
        "permission-read-for-write",
        (
            (
                D,
                DELEGATED,
                "|Delegated (work or school account)|Widget.Read.All, Widget.ReadWrite.All|",
            ),
        ),
        "a delete lists Widget.Read.All as its least privileged permission",
        "|Delegated (work or school account)|Widget.Read.All",
    ),
    # api/personannotation-update.md: every row, one finding a page
    "update-read-rows": Fires(
        "permission-read-for-write",
        (
            (
                "docs/api/widget-update.md",
                DELEGATED + "\n|Application|Widget.ReadWrite.All|",
                "|Delegated (work or school account)|Widget.Read|\n|Application|Widget.ReadBasic.All|",
            ),
        ),
        "(2 rows naming a read permission first on this page",
        "|Delegated (work or school account)|Widget.Read|",
    ),
    # api/range-entirecolumn.md:43
    "request-body-empty": Fires(
        "section-empty",
        ((G, "Don't supply a request body for this method.", ""),),
        "the 'Request body' section is empty: say 'Do not supply a request body",
        "## Request body",
    ),
    # api/contactfolder-post-contacts.md:35: the heading written twice
    "heading-repeated": Fires(
        "section-empty",
        ((G, "## Request headers\n", "## Request headers\n## Request headers\n"),),
        "the heading is repeated at line",
        "## Request headers",
    ),
    # resources/unifiedroleassignment.md:24
    "list-returns-one": Fires(
        "method-list-single",
        (
            (
                W,
                "|[widget](widget.md) collection|Get the widgets.|",
                "|[widget](widget.md)|Get the widgets.|",
            ),
        ),
        "its return type says one widget: write 'widget collection'",
        "|[List widgets]",
    ),
    # resources/participant.md:22: a "List" row linking a Get page
    "list-links-a-get": Fires(
        "method-list-single",
        (
            (
                W,
                "|[List widgets](../api/widget-list.md)|[widget](widget.md) collection|",
                "|[List widgets](../api/widget-get.md)|[widget](widget.md)|",
            ),
        ),
        "which gets one widget: retitle the row or relink it",
        "|[List widgets]",
    ),
    # api/windowsupdates-catalog-list-entries.md:17: no type of that name
    "link-text-names-no-type": Fires(
        "link-text-type-mismatch",
        ((G, NS, NS + "\nReturns a [widgetThing](../resources/widgetpart.md).\n"),),
        "link text 'widgetThing' names no type, but its target ../resources/widgetpart.md "
        "documents widgetPart",
        "Returns a [widgetThing]",
    ),
    # api/contact-delete.md:38: [contactFolder](../resources/mailfolder.md)
    "link-text-names-another-type": Fires(
        "link-text-type-mismatch",
        ((G, NS, NS + "\nReturns a [widgetPart](../resources/widget.md).\n"),),
        "link text 'widgetPart' names another type than its target",
        "Returns a [widgetPart]",
    ),
    # api/accesspackagecatalog-post.md:45
    "property-lower-cased": Fires(
        "property-case-prose",
        (
            (
                P,
                "You can specify the following properties when you create a **widget**.",
                "Include the **displayname** and **size** properties when you create a **widget**.",
            ),
        ),
        "the text names the property 'displayname'; its table spells it 'displayName'",
        "Include the **displayname**",
    ),
    # resources/mailfolder.md:90: `TotalItemCount` and `UnreadItemCount` properties
    "property-capitalised-in-code": Fires(
        "property-case-prose",
        ((W, NS, NS + "\nThe `CreatedDateTime` property says when it was made.\n"),),
        "'CreatedDateTime'",
        "The `CreatedDateTime`",
    ),
    # api/publishedresource-post.md:124
    "annotation-get-on-create": Fires(
        "page-annotation-mismatch",
        ((P, "### Response\n", PAGE_ANNOTATION % "Get widget" + "\n### Response\n"),),
        "description 'Get widget' does not describe this POST create",
        '  "description": "Get widget"',
    ),
    # api/educationclass-delete-members.md:88
    "annotation-create-on-delete": Fires(
        "page-annotation-mismatch",
        ((D, "### Response\n", PAGE_ANNOTATION % "Create widget" + "\n### Response\n"),),
        "does not describe this DELETE operation",
        '  "description": "Create widget"',
    ),
}


@pytest.mark.parametrize("case", sorted(FIRES))
def test_rule_reports(case: str, here: Path) -> None:
    fires = FIRES[case]
    pages = write_docs(here, fires.edits)
    hits = _of(run_lint(LintOptions(paths=(Path("docs"),))), fires.rule)
    assert len(hits) == fires.count, [str(d) for d in hits]
    # new rules warn; the create extension keeps the error of patch-read-only-property
    severity = Severity.ERROR if fires.rule == "patch-read-only-property" else Severity.WARNING
    assert {d.severity for d in hits} == {severity}
    hit = hits[0]
    assert fires.says in hit.message, hit.message
    line = pages[hit.source.file].splitlines()[hit.source.line - 1]
    assert line.startswith(fires.at), (hit.source.line, line)


class Quiet(NamedTuple):
    rule: str
    edits: tuple[Edit, ...]


QUIET: dict[str, Quiet] = {
    # "not yet documented" in a sentence is English, not a placeholder
    "placeholder-in-a-sentence": Quiet(
        "placeholder-text",
        (
            (W, NS, NS + "\nThe lid is not yet documented in full; see the part.\n"),
            (W, SIZE_ROW, "|size|Int32|Sizes not yet documented are in millimetres.|"),
        ),
    ),
    # 102 beta pages carry documentationcenter: '' (a key no page needs)
    "optional-key-empty": Quiet(
        "front-matter-empty",
        ((W, "doc_type: resourcePageType", "doc_type: resourcePageType\ndocumentationcenter: ''"),),
    ),
    # api/schemaextension-post-schemaextensions.md: "can be supplied on creation"; the hand-
    # written pages' bare "Read-only." (api/driveitem-post-children.md: a new folder's folder
    # facet, "Read-only.", is what makes it a folder)
    "read-only-settable-on-creation": Quiet(
        "patch-read-only-property",
        (
            (
                W,
                "|createdDateTime|DateTimeOffset|When the widget was created. Read-only.|",
                "|createdDateTime|DateTimeOffset|When it was made. This property is read-only. "
                + "It can be supplied on creation.|",
            ),
            (
                P,
                CREATE_BODY,
                '"status": "active",\n  "createdDateTime": "2024-05-01T10:00:00Z",\n  "part"',
            ),
        ),
    ),
    "read-only-by-hand": Quiet(
        "patch-read-only-property",
        (
            (
                P,
                CREATE_BODY,
                '"status": "active",\n  "createdDateTime": "2024-05-01T10:00:00Z",\n  "part"',
            ),
        ),
    ),
    # api/conditionalaccessroot-post-authenticationcontextclassreferences.md: a create names
    # its new key
    "create-names-its-key": Quiet(
        "patch-read-only-property",
        ((P, CREATE_BODY, f'"status": "active",\n  "id": "{"1" * 8}",\n  "part"'),),
    ),
    # an action's body is its parameters, not the entity: not a create
    "action-body": Quiet(
        "patch-read-only-property",
        (
            (
                ARCHIVE,
                None,
                ARCHIVE_PAGE.replace('"reason": "Retired by the owner."', '"createdDateTime": "x"'),
            ),
        ),
    ),
    # api/directoryobject-getmembergroups.md: POST actions that read; a GET that reads; a
    # conjunction (api/conditionalaccesspolicy-delete.md: "Policy.Read.All and
    # Policy.ReadWrite.ConditionalAccess"); unfollowing (api/driveitem-unfollow.md)
    "reads-that-may": Quiet(
        "permission-read-for-write",
        (
            (ARCHIVE, None, ARCHIVE_PAGE.replace("Widget.ReadWrite.All", "Widget.Read.All")),
            (
                D,
                DELEGATED,
                "|Delegated (work or school account)|Widget.Read.All and Widget.ReadWrite.All|",
            ),
        ),
    ),
    "unfollow": Quiet(
        "permission-read-for-write",
        (
            (D, 'title: "Delete widget"', 'title: "Unfollow widget"'),
            (D, "# Delete widget", "# Unfollow widget"),
            (D, DELEGATED, "|Delegated (work or school account)|Widget.Read|"),
        ),
    ),
    # a section holding a sub-section, an include, a table only
    "sections-that-hold-something": Quiet(
        "section-empty",
        (
            (G, "Don't supply a request body for this method.", "### Body\nNone."),
            (
                D,
                "Don't supply a request body for this method.",
                "[!INCLUDE [no-body](../../includes/no-body.md)]",
            ),
        ),
    ),
    # resources/user.md:83: "[DriveItems](driveitem.md)" says many in a word
    "list-plural-return": Quiet(
        "method-list-single",
        (
            (
                W,
                "|[widget](widget.md) collection|Get the widgets.|",
                "|[Widgets](widget.md)|Get the widgets.|",
            ),
        ),
    ),
    # plurals, property names, fragments, a shortened name (resources/plannerchecklistitems.md)
    "link-texts-that-fit": Quiet(
        "link-text-type-mismatch",
        (
            (
                G,
                NS,
                NS
                + "\nSee [widgetParts](../resources/widgetpart.md), the [displayName](../resources/widget.md),"
                " [widgetPart](../resources/widget.md#properties), ![imageName](../resources/widget.md)"
                " and [getPart](../resources/widgetpart.md) (a shortened name, as 'checklistItem'"
                " for plannerChecklistItem).\n",
            ),
        ),
    ),
    # api/shares-get.md:142: "the **DriveItem** that was shared" names the type, in a sentence
    # that says nothing of a property; the exact spelling
    "words-that-fit": Quiet(
        "property-case-prose",
        (
            (
                W,
                NS,
                NS
                + "\nThe **DisplayName** shown to users. The **displayName** property is required.\n",
            ),
        ),
    ),
    # api/driveitem-copy.md: an action creates; api/accessreview-list.md: "Get" a list; PUT
    # creates (api/educationassignment-put-rubric.md)
    "descriptions-that-fit": Quiet(
        "page-annotation-mismatch",
        (
            (ARCHIVE, None, ARCHIVE_PAGE + PAGE_ANNOTATION % "Create a copy of a widget"),
            (L, "### Response\n", PAGE_ANNOTATION % "Get widgets" + "\n### Response\n"),
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(QUIET))
def test_quiet(case: str, here: Path) -> None:
    quiet = QUIET[case]
    found = _of(lint(here, quiet.edits), quiet.rule)
    assert found == [], [str(d) for d in found]


@pytest.mark.parametrize(
    "text",
    [
        "Not yet documented",
        "[[[[" * 500 + "](" * 500,
        "**" * 1000 + "`" * 1000 + " properties",
        "|" * 2000,
        "---\n" * 50,
        "\x00\ufeff## Request body\n## Request body",
    ],
)
def test_odd_text_does_not_crash(text: str, here: Path) -> None:
    """Odd text in each place the rules read (prose, a row, front matter) gives findings or
    none, never a traceback."""
    edits: tuple[Edit, ...] = (
        (G, NS, NS + "\n" + text + "\n"),
        (W, SIZE_ROW, "|size|Int32|" + text.replace("\n", " ") + "|"),
    )
    lint(here, edits)
