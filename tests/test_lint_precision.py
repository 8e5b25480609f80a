"""Lint precision: each false positive found by reading beta-corpus findings, reproduced on the
clean widget set of test_lint_rules.py, and each true finding those fixes must keep.

Every case names the corpus page that showed it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.rules.http import path_matches
from codegen.lint.runner import LintOptions, run_lint
from tests.test_lint_rules import DN, ID, Edit, G, L, P, U, W, write_docs

WP = "docs/resources/widgetpart.md"
PART = '"part": {"label": "Lid", "weight": 12.5}'
STATUS_ROW = (
    "|status|widgetStatus|The state of the widget. The possible values are: `active`, `retired`.|"
)


def lint(tmp_path: Path, edits: tuple[Edit, ...]) -> list[Diagnostic]:
    write_docs(tmp_path, edits)
    return run_lint(LintOptions(paths=(Path("docs"),)))


class Quiet(NamedTuple):
    """A page set on which ``rule`` must not fire (it did before the fix)."""

    rule: str
    edits: tuple[Edit, ...]


QUIET: dict[str, Quiet] = {
    # api/participant-invite.md:347: a nested object's key was checked against the outer type
    "nested-key-checked-against-its-own-type": Quiet(
        "property-spelling",
        ((G, PART, '"part": {"label": "Lid", "weight": 12.5, "size": 3}'),),
    ),
    # api/chat-list-installedapps.md:276: "'teamsAppDefinition' is spelled 'teamsAppDefinition'"
    "relationship-in-example-is-documented": Quiet(
        "property-spelling",
        (
            (
                W,
                "## JSON representation",
                (
                    "## Relationships\n|Relationship|Type|Description|\n"
                    "|:---|:---|:---|\n|parts|[widgetPart](widgetpart.md) collection|The parts.|\n\n"
                    "## JSON representation"
                ),
            ),
            (G, DN, DN + '\n  "parts": [],'),
        ),
    ),
    # api/ediscovery-custodian-get.md:97: a type in a sub-namespace, spelled right
    "odata-type-in-sub-namespace": Quiet(
        "odata-type-case",
        (
            (WP, "Namespace: microsoft.graph\n", "Namespace: microsoft.graph.parts\n"),
            (WP, '"microsoft.graph.widgetPart"', '"microsoft.graph.parts.widgetPart"'),
            (
                G,
                PART,
                '"part": {"@odata.type": "#microsoft.graph.parts.widgetPart", "label": "Lid"}',
            ),
        ),
    ),
    # api/user-assignlicense.md:62: /me is /users/{id}
    "me-is-users-id": Quiet(
        "example-url-mismatch",
        (
            (G, "GET /widgets/{widgetId}", "GET /users/{id}/widgets/{widgetId}"),
            (G, "v1.0/widgets/" + ID, "v1.0/me/widgets/" + ID),
        ),
    ),
    # api/attachment-get.md:413: key syntax
    "key-in-parentheses": Quiet(
        "example-url-mismatch", ((G, "v1.0/widgets/" + ID, f"v1.0/widgets('{ID}=')"),)
    ),
    # api/onpremisespublishingprofile-get.md:67: a template written ~/...
    "tilde-template": Quiet(
        "example-url-mismatch", ((G, "GET /widgets/{widgetId}", "GET ~/widgets/{widgetId}/"),)
    ),
    # api/plannerbucket-update.md:98: 200 with Prefer: return=representation
    "alternative-status-in-prose": Quiet(
        "response-status-mismatch",
        (
            (
                U,
                "returns a `200 OK` response code",
                (
                    "returns a `204 No Content` response code. With `Prefer: return=representation` "
                    "it returns a `200 OK` response code"
                ),
            ),
        ),
    ),
    # api/workbookrangeview-list-rows.md:98: Json is any JSON value
    "json-is-any-value": Quiet(
        "example-value-type",
        (
            (W, STATUS_ROW, STATUS_ROW + "\n|extra|Json|Anything.|"),
            (
                "docs/resources/json.md",
                None,
                (
                    "---\ntitle: Json resource type\ndescription: Json.\ndoc_type: resourcePageType\n"
                    "---\n\n# Json resource type\n\nNamespace: microsoft.graph\n\n## Properties\n"
                    "None.\n\n## JSON representation\n"
                    '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.Json" } -->\n'
                    "```json\n{}\n```\n"
                ),
            ),
            (W, '"status": "String"', '"status": "String",\n  "extra": "Json"'),
            (G, DN, DN + '\n  "extra": "text",'),
        ),
    ),
    # api/printer-get.md:215: an enum drawn as {"@odata.type": ...} in a resource example
    "enum-sketched-as-object": Quiet(
        "example-value-type",
        (
            (W, STATUS_ROW, STATUS_ROW + "\n|mode|widgetMode|The mode.|"),
            (
                W,
                '"status": "String"',
                '"status": "String",\n  "mode": {"@odata.type": "microsoft.graph.widgetMode"}',
            ),
            (G, DN, DN + '\n  "mode": "fast",'),
        ),
    ),
    # resources/call.md:164: "a | b" in a representation lists the enum's members
    "representation-lists-members": Quiet(
        "example-enum-value", ((W, '"status": "String"', '"status": "active | retired"'),)
    ),
    # resources/educationstudent.md:48: a representation names the enum type as the value
    "representation-names-the-enum": Quiet(
        "example-enum-value", ((W, '"status": "String"', '"status": "widgetStatus"'),)
    ),
    # api/insights-list-trending.md:135: an annotation naming the item type without
    # isCollection does not say "one" against prose that says a collection
    "annotation-without-is-collection": Quiet(
        "response-shape-mismatch",
        (
            (
                L,
                '"@odata.type": "Collection(microsoft.graph.widget)"',
                '"@odata.type": "microsoft.graph.widget"',
            ),
        ),
    ),
    # api/intune-apps-managedapp-get.md:10: the permissions table under "Prerequisites"
    "permissions-under-prerequisites": Quiet(
        "section-missing", ((G, "## Permissions\n", "## Prerequisites\n"),)
    ),
    # api/worksheet-update.md:10: "Optional request headers" is the request headers section
    "optional-request-headers": Quiet(
        "section-missing", ((G, "## Request headers\n", "## Optional request headers\n"),)
    ),
    # resources/ediscovery-ediscoveryapioverview.md: a conceptual page has no namespace line
    "conceptual-page-without-namespace": Quiet(
        "namespace-missing",
        (
            (
                "docs/resources/widgets-overview.md",
                None,
                (
                    "---\ntitle: Widgets overview\ndescription: About widgets.\n"
                    "doc_type: conceptualPageType\n---\n\n# Use the widget API\n\n"
                    "|Property|Type|Description|\n|:---|:---|:---|\n|a|String|A.|\n"
                ),
            ),
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(QUIET))
def test_false_positive_is_gone(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    quiet = QUIET[case]
    findings = lint(tmp_path, quiet.edits)
    assert [str(d) for d in findings if d.rule == quiet.rule] == []


def test_case_only_key_in_nested_object_names_the_right_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    findings = lint(tmp_path, ((G, '{"label": "Lid"', '{"Label": "Lid"'),))
    [hit] = [d for d in findings if d.rule == "property-spelling"]
    assert hit.suggestion == "label"
    assert "widgetPart" in hit.message and "resources/widgetpart.md" in hit.message
    assert hit.source.file == G


def test_identical_spelling_is_never_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    findings = lint(tmp_path, ((G, DN, DN.replace("displayName", "displayname")),))
    spelling = [d for d in findings if d.rule == "property-spelling"]
    assert [d.suggestion for d in spelling] == ["displayName"]
    assert all(f"'{d.suggestion}' is spelled '{d.suggestion}'" not in d.message for d in findings)


def test_odata_type_case_keeps_the_sub_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    edits = (
        (WP, "Namespace: microsoft.graph\n", "Namespace: microsoft.graph.parts\n"),
        (WP, '"microsoft.graph.widgetPart"', '"microsoft.graph.parts.widgetPart"'),
        (G, PART, '"part": {"@odata.type": "#microsoft.graph.parts.WidgetPart", "label": "Lid"}'),
    )
    [hit] = [d for d in lint(tmp_path, edits) if d.rule == "odata-type-case"]
    assert hit.suggestion == "#microsoft.graph.parts.widgetPart"
    assert "resources/widgetpart.md" in hit.message


def test_a_real_url_mismatch_is_still_found() -> None:
    assert path_matches("/a/f(x=x-value,y=y-value)", "/a/f(x=1, y='two')")
    assert path_matches("roleManagement/directory/schedules", "/roleManagement/directory/schedules")
    assert path_matches("/a/delta()", "/a/delta")
    assert not path_matches(
        "/education/classes/{id}/members/{userId}/$ref", "/education/classes/1/members/2"
    )
    assert not path_matches("/widgets/{id}", "/widget/1")


def test_style_findings_are_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = lint(
        tmp_path,
        (
            (G, "https://graph.microsoft.com/v1.0/widgets/" + ID, "/widgets/" + ID),
            (L, '"name": "list_widgets"', '"name": "list_widgets",'),
            (P, '"status": "active",\n  "part"', '"status": "Active",\n  "part"'),
        ),
    )
    rules = {(d.rule, d.source.file): d for d in findings}
    assert rules[("example-url-malformed", G)].severity is Severity.WARNING
    malformed = rules[("annotation-malformed", L)]
    assert malformed.severity is Severity.WARNING and "remove it" in malformed.message
    assert "removed" not in malformed.message
    enum = rules[("example-enum-value", P)]
    assert enum.severity is Severity.WARNING and enum.suggestion == "active"


def test_repetitive_template_findings_once_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    findings = lint(
        tmp_path,
        (
            (
                U,
                '"size": 42\n}',
                '"size": 42,\n  "id": "x",\n  "createdDateTime": "2024-05-01T10:00:00Z"\n}',
            ),
        ),
    )
    [hit] = [d for d in findings if d.rule == "patch-read-only-property"]
    assert "(2 read-only or key properties offered on this page; also line" in hit.message


def test_messages_show_paths_below_the_docs_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    row = "|displayName|String|The name shown to users. Required.|"
    write_docs(tmp_path, ((P, row, row.replace("displayName", "displayname")),))
    findings = run_lint(LintOptions(paths=(tmp_path / "docs",)))
    [hit] = [d for d in findings if d.rule == "property-spelling"]
    assert str(tmp_path) not in hit.message and "docs/" not in hit.message
    assert "resources/widget.md:" in hit.message and "api/widget-post.md:" in hit.message
    assert hit.suggestion == "displayName"


def test_representation_placeholder_contradicting_the_table_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    edits = ((W, "|createdDateTime|DateTimeOffset|", "|createdDateTime|TimeOfDay|"),)
    [hit] = [d for d in lint(tmp_path, edits) if d.rule == "property-type-conflict"]
    assert (
        hit.source.file == W and "TimeOfDay" in hit.message and "String (timestamp)" in hit.message
    )


def test_response_annotation_decides_the_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/callrecords-session-list.md:222: "isCollection": true over prose the parser misreads."""
    monkeypatch.chdir(tmp_path)
    findings = lint(
        tmp_path,
        (
            (
                L,
                "a collection of [widget](../resources/widget.md) objects",
                "the [widget](../resources/widget.md) objects",
            ),
            (
                L,
                '"@odata.type": "Collection(microsoft.graph.widget)"',
                '"@odata.type": "microsoft.graph.widget", "isCollection": true',
            ),
        ),
    )
    assert [str(d) for d in findings if d.rule == "response-shape-mismatch"] == []


def test_request_body_checks_the_resource_page_not_a_namesake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/intune-onboarding-organization-update.md:53 and -unifiedgroupsources.md:55: relationships
    and @odata.bind rows are not unknown properties."""
    monkeypatch.chdir(tmp_path)
    row = "|displayName|String|The name shown to users. Required.|"
    findings = lint(
        tmp_path,
        (
            (
                W,
                "## JSON representation",
                "## Relationships\n|Relationship|Type|Description|\n|:---|:---|:---|\n|parts|[widgetPart](widgetpart.md) collection|The parts.|\n\n## JSON representation",
            ),
            (
                P,
                row,
                row
                + "\n|parts|[widgetPart](../resources/widgetpart.md) collection|Parts.|\n|owner@odata.bind|String|The owner.|\n|colour|String|The colour.|",
            ),
        ),
    )
    hits = [d for d in findings if d.rule == "request-body-unknown-property"]
    assert [d.subject for d in hits] == ["widget.colour"]


def test_a_type_whose_linked_page_exists_is_not_undefined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resources/intune-deviceconfig-windowsdeliveryoptimizationconfiguration.md:46: the cell links
    an enum page the model does not read as a type; a link to no page is still reported."""
    monkeypatch.chdir(tmp_path)
    enum_page = (
        "---\ntitle: widgetMode enum type\ndescription: Modes.\ndoc_type: enumPageType\n---\n\n"
        "# widgetMode enum type\n\nNamespace: microsoft.graph\n\nThe modes of a widget.\n"
    )
    findings = lint(
        tmp_path,
        (
            ("docs/resources/widgetmode.md", None, enum_page),
            (
                W,
                STATUS_ROW,
                STATUS_ROW
                + "\n|mode|[widgetMode](widgetmode.md)|The mode.|\n|kind|[widgetKind](widgetkind.md)|The kind.|",
            ),
        ),
    )
    assert [d.subject for d in findings if d.rule == "type-undefined"] == ["widgetKind"]


def test_stray_space_in_a_key_is_a_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resources/securescorecontrolprofiles.md:75: "implementationCost ": "String"."""
    monkeypatch.chdir(tmp_path)
    findings = lint(tmp_path, ((W, '"size": "Int32"', '"size ": "Int32"'),))
    [hit] = [d for d in findings if d.rule == "property-spelling"]
    assert hit.suggestion == "size" and hit.source.file == W
    assert [d for d in findings if d.rule == "representation-undocumented-property"] == []
