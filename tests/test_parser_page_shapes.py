"""Page shapes of the real Graph docs that the parser must read right (issue 7, parser part).

Each test parses a minimal page written here; the corpus page it stands for is named in the
test's docstring.
"""

from __future__ import annotations

import pytest

from codegen.parser.docset import ParsedPage, parse_text

RESOURCE = """---
title: "{name} resource type"
doc_type: resourcePageType
---

# {name} resource type

Namespace: microsoft.graph

{body}
"""


def resource(body: str, name: str = "thing") -> ParsedPage:
    """Parse a resource page named ``name`` with ``body`` under its title."""
    return parse_text(RESOURCE.format(name=name, body=body), f"resources/{name.lower()}.md")


PROPERTIES = """## Properties
| Property | Type | Description |
|:---|:---|:---|
|id|String|The identifier.|
"""


# --- 3. base types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "base"),
    [
        # resources/roomlist.md:18, resources/attendee.md:18
        ("Derived from [place](place.md).", "place"),
        ("Derived from [attendeeBase](attendeebase.md).", "attendeeBase"),
        # resources/aaduserconversationmemberresult.md:17
        (
            "This resource is the derivative of the [actionResultPart](actionresultpart.md) resource.",
            "actionResultPart",
        ),
        # resources/subscribedsku.md:16 (mid-paragraph)
        (
            "Only the read operation is supported. Inherits from [directoryObject](directoryobject.md).",
            "directoryObject",
        ),
        # resources/list.md:106 (bold, reference-style link)
        ("The following properties are inherited from **[baseItem][]**.", "baseItem"),
        ("Inherits from the abstract base type [authenticationListener](x.md).", "x"),
        ("Derived from microsoft.graph.policyBase.", "policyBase"),
        ("Inherits from directoryObject.", "directoryObject"),
        # a sub-namespace is kept
        (
            "Inherits from [microsoft.graph.ediscovery.caseOperation](ediscovery-caseoperation.md).",
            "microsoft.graph.ediscovery.caseOperation",
        ),
    ],
)
def test_base_type_sentences(sentence: str, base: str) -> None:
    """Every sentence form that states a base type gives it (the link label, not the file)."""
    expected = "authenticationListener" if base == "x" else base
    parsed = resource(f"{sentence}\n\n{PROPERTIES}")
    assert parsed.type is not None
    assert parsed.type.base_type == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The code is derived from [ISO 639-1](https://www.iso.org/iso-639-language-codes.html).",
        "The value is derived from a machine learning process.",
        "Derived from ISO 3166.",
        "This setting is inherited from the parent.",
        # resources/activitystatistics.md:18: the page's own name introduces derived types
        "The following types of statistics are derived from **thing**:",
    ],
)
def test_plain_english_is_no_base_type(sentence: str) -> None:
    parsed = resource(f"{sentence}\n\n{PROPERTIES}")
    assert parsed.type is not None and parsed.type.base_type is None


def test_inherited_from_in_a_cell_needs_a_type() -> None:
    """resources/permission.md:66, resources/contentType.md:45: "inherited from an ancestor"."""
    parsed = resource("""## Properties
| Property | Type | Description |
|:---|:---|:---|
|inheritedFrom|[itemReference][]|A reference to the ancestor, if it is inherited from an ancestor.|
|hidden|Boolean|If this content type is inherited from another scope (like a site).|
|scope|String|Inherited from the template.|
|id|String|Inherited from [entity](entity.md).|
|status|String|Inherited from statusBase.|
|case|String|Inherited from [microsoft.graph.ediscovery.caseOperation](x.md).|
""")
    assert parsed.type is not None
    got = {p.name: p.inherited_from for p in parsed.type.properties}
    assert got == {
        "inheritedFrom": None,
        "hidden": None,
        "scope": None,
        "id": "entity",
        "status": "statusBase",
        "case": "microsoft.graph.ediscovery.caseOperation",
    }


def test_annotation_base_keeps_sub_namespace() -> None:
    parsed = resource("""Inherits from [caseOperation](ediscovery-caseoperation.md).

## JSON representation
<!-- {
  "blockType": "resource",
  "baseType": "microsoft.graph.ediscovery.caseOperation",
  "@odata.type": "microsoft.graph.ediscovery.addToReviewSetOperation"
}-->
```json
{"id": "String"}
```
""")
    assert parsed.type is not None
    assert parsed.type.base_type == "microsoft.graph.ediscovery.caseOperation"
    assert not [d for d in parsed.diagnostics if d.rule == "base-type-mismatch"]


# --- 4. rows that are not properties ---------------------------------------------------------


def _names(parsed: ParsedPage) -> list[str]:
    assert parsed.type is not None
    return [p.name for p in parsed.type.properties]


def test_bold_section_rows_are_not_properties() -> None:
    """resources/intune-shared-user.md:47: ``|**Onboarding**|`` heads a group of rows."""
    parsed = resource("""## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|Unique identifier of the user.|
|**Onboarding**|
|deviceEnrollmentLimit|Int32|The limit.|
""")
    assert _names(parsed) == ["id", "deviceEnrollmentLimit"]


def test_wrapped_description_lines_continue_their_row() -> None:
    """resources/intune-deviceconfig-deliveryoptimizationbandwidthabsolute.md:27 ("The")."""
    parsed = resource("""## Properties
|Property|Type|Description|
|:---|:---|:---|
|maximumDownloadBandwidth|Int64|The maximum download bandwidth. Valid values 0 to 4294967295
The value 0 (zero) means that Delivery Optimization adjusts.|
|maximumUploadBandwidth|Int64|The maximum upload bandwidth.
It is read-only
and has no limit.|
|name|String|Name.|
""")
    assert _names(parsed) == ["maximumDownloadBandwidth", "maximumUploadBandwidth", "name"]
    assert parsed.type is not None
    upload = parsed.type.properties[1]
    assert upload.description == "The maximum upload bandwidth. It is read-only and has no limit."
    assert upload.read_only is True and upload.source.line == 15


def test_value_tables_under_properties_are_not_properties() -> None:
    """resources/outlookcategory.md:43: a table of a property's values under Properties."""
    parsed = resource("""## Properties
| Property | Type | Description |
|:---|:---|:---|
|color|String|A pre-set color constant.|

> **Note** The possible values for **color** are:

| Pre-set constant | Color mapped to in Outlook |
|:---|:---|
| None | No color mapped |
| Preset0 | Red |
""")
    assert _names(parsed) == ["color"]


def test_policy_definition_tables_are_not_properties() -> None:
    """resources/claimsmappingpolicy.md:97: keys of the JSON in the definition property."""
    parsed = resource("""## Properties
| Property | Type | Description |
|:---|:---|:---|
|definition|String collection|The JSON definition.|

### Properties of a claims-mapping policy definition

| Property | Type | Description |
|:---|:---|:---|
|Version|Integer|Set value of 1. Required.|
|IncludeBasicClaimSet|Boolean|If set to true, all claims are emitted.|

#### Example: **definition** that uses a claims transformation

| Property | Type | Description |
|:---|:---|:---|
|ClaimsTransformation|JSON object|Defines common transformations.|
""")
    assert _names(parsed) == ["definition"]


def test_conceptual_page_tables_are_not_properties() -> None:
    """resources/ediscovery-ediscoveryapioverview.md:32: a Name/Type/Use case overview."""
    page = """---
title: "Use the Microsoft Graph eDiscovery API"
doc_type: conceptualPageType
---

# Use the Microsoft Graph eDiscovery API

| Name | Type | Use case |
|:-|:-|:-|
| Case | [microsoft.graph.ediscovery.case](ediscovery-case.md) | The container. |
| Legal hold | [microsoft.graph.ediscovery.legalHold](ediscovery-legalhold.md) | Holds. |
"""
    parsed = parse_text(page, "resources/ediscovery-ediscoveryapioverview.md")
    assert parsed.type is None and parsed.enums == []


def test_nested_request_body_rows_are_not_body_parameters() -> None:
    """api/multivaluelegacyextendedproperty-post-multivalueextendedproperties.md:170."""
    page = """---
title: "Create multi-value extended property"
doc_type: apiPageType
---

# Create multi-value extended property

## HTTP request
```http
PATCH /me/messages/{id}
```

## Request body
|**Property**|**Type**|**Description**|
|:-----|:-----|:-----|
|multiValueExtendedProperties|[multiValueLegacyExtendedProperty](x.md) collection| An array. |
|id|String|For each property in the **multiValueExtendedProperties** collection, specify this.|
|value|string|For each property in the **multiValueExtendedProperties** collection, specify the value.|
"""
    parsed = parse_text(page, "api/multivaluelegacyextendedproperty-post.md")
    assert parsed.operation is not None
    body = [p.name for p in parsed.operation.parameters if p.location == "body"]
    assert body == ["multiValueExtendedProperties"]


# --- 4. enums --------------------------------------------------------------------------------

ENUM_PAGE = """---
title: "{title}"
doc_type: enumPageType
---

# vpnTrafficRuleAppType enum type

Namespace: microsoft.graph

## {heading}
|Member|Value|Description|
|:---|:---|:---|
|none|0|Not yet documented|
|desktop|1|Not yet documented|
"""


@pytest.mark.parametrize(
    ("title", "heading"), [("vpnTrafficRuleAppType enum type", "Members"), ("Members", "Values")]
)
def test_enum_page_members_table_is_the_page_enum(title: str, heading: str) -> None:
    """resources/intune-deviceconfig-vpntrafficruleapptype.md (linked at vpntrafficrule.md:31);
    resources/teamsappinstalledstate.md has ``title: "Members"`` in its front matter."""
    text = ENUM_PAGE.format(title=title, heading=heading)
    parsed = parse_text(text, "resources/intune-deviceconfig-vpntrafficruleapptype.md")
    assert [(e.name, [m.name for m in e.members]) for e in parsed.enums] == [
        ("vpnTrafficRuleAppType", ["none", "desktop"])
    ]
    assert parsed.type is None


def test_section_and_option_tables_are_not_enums() -> None:
    """resources/group.md:163, resources/governanceroleassignmentrequest.md:30 ("Properties"),
    resources/planner-overview.md:144 ("403")."""
    parsed = resource(
        """## Properties
| Property | Type | Description |
|:---|:---|:---|
|visibility|String|See [group visibility options](#group-visibility-options).|

|Member|Description|
|:---|:---|
|AdminAdd|An administrator adds.|

### Group visibility options

|Value|Description|
|:----|-----------|
| Public | Anyone can join the group.|
| Private | Owner permission is needed.|

### 403 Forbidden

|Value|Description|
|:----|-----------|
| MaximumProjectsOwnedByUser | Too many projects.|

### visibilityLevel values

|Value|Description|
|:----|-----------|
| hidden | Hidden.|
""",
        name="group",
    )
    assert [e.name for e in parsed.enums] == ["visibilityLevel"]


# --- 5. column headers -----------------------------------------------------------------------


def test_return_type_column_gives_the_type() -> None:
    """resources/agreementfiledata.md:21: ``| Method | Return Type | Description |``."""
    parsed = resource("""## Properties
| Method       | Return Type | Description |
|:-------------|:------------|:------------|
|data|Binary|Data representing the terms of use PDF document. Read-only.|
""")
    assert parsed.type is not None
    (prop,) = parsed.type.properties
    assert prop.name == "data" and prop.type is not None and prop.type.name == "Edm.Binary"
    assert prop.description.startswith("Data representing")


# --- code fences -----------------------------------------------------------------------------

UNCLOSED = """---
title: "Add incompatibleGroup"
doc_type: apiPageType
---

# Add incompatibleGroup

## HTTP request
```http
POST /accessPackages/{id}/incompatibleGroups/$ref
```

## Example

<!-- {
  "blockType": "request",
  "name": "add_incompatiblegroup"
}-->
```http
POST https://graph.microsoft.com/beta/accessPackages/{id}/incompatibleGroups/$ref
Content-type: application/json

{
    "@odata.id": "https://graph.microsoft.com/beta/groups/c0a7"
}

### Response

<!-- {
  "blockType": "response"
} -->
```http
HTTP/1.1 204 No Content
```
"""


def test_unclosed_fence_is_its_own_diagnostic() -> None:
    """api/accesspackage-post-incompatiblegroup.md:69: not invalid JSON, not a bad header."""
    parsed = parse_text(UNCLOSED, "api/accesspackage-post-incompatiblegroup.md")
    rules = [(d.rule, d.source.line) for d in parsed.diagnostics]
    assert rules == [("code-fence-unclosed", 19)]
    assert "line 32" in parsed.diagnostics[0].message  # the next fence
    assert parsed.diagnostics[0].suggestion == "close it with '```' before line 27"
    assert parsed.operation is not None
    (example,) = parsed.operation.examples
    assert example.request is not None and example.request.body == {
        "@odata.id": "https://graph.microsoft.com/beta/groups/c0a7"
    }
    assert example.response is not None and example.response.status == 204


def test_fence_unclosed_at_end_of_page() -> None:
    parsed = parse_text("# t\n\n```json\n{}\n\n## Next\n\ntext\n", "api/x.md")
    assert [(d.rule, d.source.line) for d in parsed.diagnostics] == [("code-fence-unclosed", 3)]
    page = parsed.page
    assert page is not None and page.fences[0].text.strip() == "{}"
    assert [h.text for h in page.headings] == ["t", "Next"]


def test_longer_fence_may_hold_a_shorter_one() -> None:
    parsed = parse_text("# t\n\n````md\n```json\n{}\n```\n````\n", "api/x.md")
    assert parsed.diagnostics == []
    assert parsed.page is not None and parsed.page.fences[0].text == "```json\n{}\n```"


def test_code_fence_unclosed_is_a_lint_rule() -> None:
    from codegen.lint.catalog import RULES
    from codegen.lint.rules.structure import parse_rule

    assert parse_rule("code-fence-unclosed") == "code-fence-unclosed"
    assert "code-fence-unclosed" in RULES


ROOT_ONLY_ANNOTATION = """Inherits from [directoryObject](directoryobject.md).

{properties}
## JSON representation

<!-- {{
  "blockType": "resource",
  "baseType": "microsoft.graph.{base}",
  "@odata.type": "microsoft.graph.orgContact"
}} -->
```json
{{"id": "String"}}
```
"""


def test_an_annotation_naming_only_the_root_yields_to_a_specific_inherits_from() -> None:
    """resources/orgcontact.md: the annotation says entity, the page and the service say
    directoryObject: the base is directoryObject and the finding points at the annotation."""
    page = resource(
        ROOT_ONLY_ANNOTATION.format(properties=PROPERTIES, base="entity"), name="orgContact"
    )
    assert page.type is not None and page.type.base_type == "directoryObject"
    assert page.type.base_type_source is not None and page.type.base_type_source.line == 10
    (finding,) = [d for d in page.diagnostics if d.rule == "base-type-mismatch"]
    assert finding.source.line == 21  # the "baseType" line of the annotation (line 19 opens it)
    assert finding.suggestion == '"baseType": "microsoft.graph.directoryObject"'


def test_two_specific_bases_that_disagree_get_no_guessed_fix() -> None:
    """Both name a specific type: the finding says to make them agree, and suggests no side."""
    page = resource(
        ROOT_ONLY_ANNOTATION.format(properties=PROPERTIES, base="outlookItem"), name="orgContact"
    )
    assert page.type is not None and page.type.base_type == "outlookItem"
    assert page.type.base_type_source is not None and page.type.base_type_source.line == 21
    (finding,) = [d for d in page.diagnostics if d.rule == "base-type-mismatch"]
    assert finding.suggestion is None and "make them agree" in finding.message
