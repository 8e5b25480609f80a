"""Lint precision: each false positive found by reading beta-corpus findings, reproduced on the
clean widget set of test_lint_rules.py, and each true finding those fixes must keep.

Every case names the corpus page that showed it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.rules.http import path_matches
from codegen.lint.runner import LintOptions, run_lint
from tests.test_lint_rules import DN, ID, ONE, PAGES, Edit, G, L, P, U, W, write_docs

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


# --- issue 18: the demoted rules' false positives, from a fresh sample of beta's findings

GADGET = (
    "---\ntitle: gadget resource type\ndescription: A gadget.\ndoc_type: resourcePageType\n---\n\n"
    "# gadget resource type\n\nNamespace: microsoft.graph\n\nInherits from [widget](widget.md).\n\n"
    "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|colour|String|The colour.|\n\n"
    "## JSON representation\n"
    '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.gadget", '
    '"baseType": "microsoft.graph.widget" } -->\n```json\n{"colour": "String"}\n```\n'
)


PAGES_TEXT = {f"docs/{k}": v for k, v in PAGES.items()}
WIDGET_PART_TEXT = PAGES["resources/widgetpart.md"]


def lines_of(root: Path, page: str) -> list[str]:
    return (root / page).read_text(encoding="utf-8").split("\n")


def _findings(tmp_path: Path, edits: tuple[Edit, ...], rule: str) -> list[str]:
    return [str(d) for d in lint(tmp_path, edits) if d.rule == rule]


def test_response_annotation_names_the_derived_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/place-list.md:173: the list of places is annotated room: room's table counts."""
    monkeypatch.chdir(tmp_path)
    edits = (
        ("docs/resources/gadget.md", None, GADGET),
        (L, '"Collection(microsoft.graph.widget)"', '"Collection(microsoft.graph.gadget)"'),
        (
            L,
            '    "displayName": "Blue widget",',
            '    "displayName": "Blue widget",\n    "colour": "red",',
        ),
    )
    assert _findings(tmp_path, edits, "example-property-undocumented") == []
    alone = (edits[2],)  # no gadget page: colour is no property of a widget, nor of any type
    (tmp_path / "docs/resources/gadget.md").unlink()
    assert len(_findings(tmp_path, alone, "example-property-undocumented")) == 1


def test_a_derived_types_property_is_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/domain-list-serviceconfigurationrecords.md:107: mailExchange in a list of
    domainDnsRecord is an MX record's (the items leave out their @odata.type)."""
    monkeypatch.chdir(tmp_path)
    edits = (
        ("docs/resources/gadget.md", None, GADGET),
        (
            L,
            '    "displayName": "Blue widget",',
            '    "displayName": "Blue widget",\n    "colour": "red",',
        ),
    )
    assert _findings(tmp_path, edits, "example-property-undocumented") == []


def test_representation_is_checked_against_its_own_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resources/callrecords-mediastream.md:64 was checked as microsoft.graph.mediaStream."""
    monkeypatch.chdir(tmp_path)
    page = (
        WIDGET_PART_TEXT.replace(
            "Namespace: microsoft.graph\n", "Namespace: microsoft.graph.parts\n"
        )
        .replace('"microsoft.graph.widgetPart"', '"microsoft.graph.parts.widgetPart"')
        .replace("|weight|Double|", "|depth|Double|")
        .replace('"weight": "Double"', '"depth": "Double"')
    )
    edits = (("docs/resources/parts-widgetpart.md", None, page),)
    assert _findings(tmp_path, edits, "representation-undocumented-property") == []


def test_properties_of_every_page_of_a_type_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/intune-onboarding-organization-update.md:52: intune-onboarding-organization.md is a
    second page of microsoft.graph.organization and documents the property."""
    monkeypatch.chdir(tmp_path)
    second = (
        "---\ntitle: widget resource type\ndescription: Widgets in the factory.\n"
        "doc_type: resourcePageType\n---\n\n# widget resource type\n\nNamespace: microsoft.graph\n\n"
        "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|colour|String|The colour.|\n\n"
        "## JSON representation\n"
        '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget" } -->\n'
        '```json\n{"colour": "String"}\n```\n'
    )
    row = "|displayName|String|The name shown to users. Required.|"
    edits = (
        ("docs/resources/factory-widget.md", None, second),
        (P, row, row + "\n|colour|String|The colour. Optional.|"),
    )
    assert _findings(tmp_path, edits, "request-body-unknown-property") == []


def test_a_resource_page_with_another_doc_type_defines_its_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/fido2authenticationmethodconfiguration-get.md:101: the resource page says
    doc_type: apiPageType; it still defines the type (and its title says so)."""
    monkeypatch.chdir(tmp_path)
    edits = (
        ("docs/resources/widgetpart.md", "doc_type: resourcePageType", "doc_type: apiPageType"),
    )
    assert _findings(tmp_path, edits, "type-undefined") == []
    assert _findings(tmp_path, edits, "section-missing") == []


def test_an_example_type_of_another_namespace_is_not_undefined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/chat-sendactivitynotification.md:160: #Microsoft.Teams.GraphSvc.aadUserNotification
    Recipient has a page, in microsoft.graph."""
    monkeypatch.chdir(tmp_path)
    part = '"part": {"@odata.type": "#Microsoft.Factory.Svc.widgetPart", "label": "Lid"}'
    assert _findings(tmp_path, ((G, PART, part),), "type-undefined") == []


def test_an_error_example_and_other_operations_keep_their_own_status_and_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/organizationalbrandingproperties-get.md:152 (a 404 on purpose) and
    api/driveitem-list-thumbnails.md:216 (a 302 of another request on the page, and a single
    thumbnail where the page lists them)."""
    monkeypatch.chdir(tmp_path)
    more = (
        "\n### Example 2: no such widget\n"
        '<!-- { "blockType": "request", "name": "get_widget_missing" } -->\n'
        "```http\nGET https://graph.microsoft.com/v1.0/widgets/missing\n```\n"
        '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 404 Not Found\n```\n'
        "\n### Example 3: the part's picture\n"
        '<!-- { "blockType": "request", "name": "get_widget_part_picture" } -->\n'
        f"```http\nGET https://graph.microsoft.com/v1.0/widgets/{ID}/part/picture\n```\n"
        '<!-- { "blockType": "response" } -->\n'
        "```http\nHTTP/1.1 302 Found\nLocation: https://files.example.net/p/1\n```\n"
        "\n### Example 4: one part\n"
        '<!-- { "blockType": "request", "name": "get_widget_part" } -->\n'
        f"```http\nGET https://graph.microsoft.com/v1.0/widgets/{ID}/part\n```\n"
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widgetPart" } -->\n'
        '```http\nHTTP/1.1 200 OK\n\n{"label": "Lid", "weight": 12.5}\n```\n'
    )
    edits = ((G, None, PAGES_TEXT[G] + more),)
    found = lint(tmp_path, edits)
    assert [str(d) for d in found if d.rule.startswith(("response-", "example-"))] == []


def test_opaque_urls_are_not_graph_urls_to_repair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/driveitem-createuploadsession.md:158: "opaqueUrl": true, and the upload URL the
    page's own response hands out."""
    monkeypatch.chdir(tmp_path)
    upload = "https://up.files.example.net/up/fe6987415ace7X4e1eF866337"
    more = (
        "\n### Upload\n"
        '<!-- { "blockType": "request", "opaqueUrl": true, "name": "upload_part" } -->\n'
        f"```http\nPUT {upload}\n```\n"
        "\n### Upload again\n"
        '<!-- { "blockType": "request", "name": "upload_again" } -->\n'
        f"```http\nPUT {upload}\n```\n"
        "\n### Upload session\n"
        '<!-- { "blockType": "request", "name": "upload_session" } -->\n'
        f"```http\nPOST https://graph.microsoft.com/v1.0/widgets/{ID}/upload\n```\n"
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.uploadSession" } -->\n'
        f'```http\nHTTP/1.1 200 OK\n\n{{"uploadUrl": "{upload}"}}\n```\n'
    )
    found = _findings(tmp_path, ((G, None, PAGES_TEXT[G] + more),), "example-url-malformed")
    assert found == []
    other = more.replace('"opaqueUrl": true, ', "").replace(f'"uploadUrl": "{upload}"', "{}")
    [hit, _] = [
        d
        for d in lint(tmp_path, ((G, None, PAGES_TEXT[G] + other),))
        if d.rule == "example-url-malformed"
    ]
    assert hit.severity is Severity.ERROR


def test_example_url_fits_templates_as_the_service_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Type casts (api/group-list-transitivemembers.md:189), a key placeholder in quotes
    (api/bitlockerrecoverykey-get.md:89), a sub-resource of the template's resource
    (api/rangeformat-update.md:192): none is a mismatch; a missing segment still is."""
    monkeypatch.chdir(tmp_path)
    for example in (f"widgets/{ID}/microsoft.graph.gadget", f"widgets/{ID}/part"):
        edits = ((G, f"v1.0/widgets/{ID}", f"v1.0/{example}"),)
        assert _findings(tmp_path, edits, "example-url-mismatch") == [], example
    quoted = ((G, "GET /widgets/{widgetId}", "GET /widgets/'{widgetId}'"),)
    assert _findings(tmp_path, quoted, "example-url-mismatch") == []
    missing = ((G, f"v1.0/widgets/{ID}", "v1.0/widgets"),)
    assert len(_findings(tmp_path, missing, "example-url-mismatch")) == 1


def test_the_odd_spelling_out_is_the_one_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resources/teamworktagmember.md:31 says userID where the service and every API page say
    userId: the table row is what to correct, not the examples."""
    monkeypatch.chdir(tmp_path)
    edits = (
        (W, "|displayName|String|", "|displayNAME|String|"),
        (W, '"displayName": "String"', '"displayNAME": "String"'),
    )
    hits = [d for d in lint(tmp_path, edits) if d.rule == "property-spelling"]
    assert {(d.source.file, d.suggestion) for d in hits} == {(W, "displayName")}
    assert all("|displayNAME|" in lines_of(tmp_path, W)[d.source.line - 1] for d in hits)


def test_unannotated_examples_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """api/intune-shared-mobileapptroubleshootingevent-get.md:74: Intune's pages annotate no
    example; their single entity wrapped in "value" is still found."""
    monkeypatch.chdir(tmp_path)
    text = PAGES_TEXT[G]
    start = text.index("### Request")
    bare = text[:start] + "### Request\n```http\nGET https://graph.microsoft.com/v1.0/widgets/" + ID
    bare += '\n```\n\n### Response\n```http\nHTTP/1.1 200 OK\n\n{\n  "value": ' + ONE + "\n}\n```\n"
    [hit] = [d for d in lint(tmp_path, ((G, None, bare),)) if d.rule == "response-shape-mismatch"]
    assert hit.source.file == G and "wraps it" in hit.message


def _recall_bench() -> object:
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / "lint_recall.py"
    spec = importlib.util.spec_from_file_location("lint_recall", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_recall_records_are_the_pages_drawn() -> None:
    """bench/lint_recall.jsonl: every record well formed (rule ids of the catalog or "none"),
    the pages the fixed seed draws, at most a third of them Intune's."""
    bench: Any = _recall_bench()
    records = bench.load(bench.READ)
    pages = [r["page"] for r in records]
    assert len(pages) >= 30 and len(set(pages)) == len(pages)
    assert sum(p.split("/", 1)[1].startswith("intune-") for p in pages) <= len(pages) // 3
    if bench.BETA.is_dir():  # the corpus beside the project: the draw is reproducible
        assert sorted(pages) == sorted(bench.draw(bench.corpus_pages(bench.BETA), len(pages), 18))


def test_one_finding_finds_one_defect() -> None:
    bench: Any = _recall_bench()
    defects = [
        {"file": "a.md", "line": 10, "what": "x", "rule": "annotation-missing"},
        {"file": "a.md", "line": 11, "what": "y", "rule": "none"},
    ]
    one = {
        "a.md": [{"file": "a.md", "line": 10, "rule": "annotation-missing", "severity": "warning"}]
    }
    assert bench.found_by(defects, one, named=False, severe=True) == [True, False]
    two = {"a.md": [*one["a.md"], {"file": "a.md", "line": 12, "rule": "x", "severity": "info"}]}
    assert bench.found_by(defects, two, named=False, severe=True) == [True, False]
    assert bench.found_by(defects, two, named=False, severe=False) == [True, True]
    assert bench.found_by(defects, two, named=True, severe=False) == [True, False]
