"""Every lint rule: stable id, default severity, family and one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from codegen.ir import rule_ids
from codegen.ir.diagnostics import Severity

# ids the parser reports and lint reports under the same name
CODE_FENCE_UNCLOSED = rule_ids.CODE_FENCE_UNCLOSED
JSON_INVALID = rule_ids.JSON_INVALID
TYPE_DUPLICATE = rule_ids.TYPE_DUPLICATE


@dataclass(frozen=True, kw_only=True)
class RuleInfo:
    """What a rule id means."""

    id: str
    severity: Severity
    family: str
    summary: str


def _rules(*rows: tuple[str, Severity, str, str]) -> dict[str, RuleInfo]:
    return {r[0]: RuleInfo(id=r[0], severity=r[1], family=r[2], summary=r[3]) for r in rows}


# rule ids: import these constants rather than writing the strings
EXAMPLE_PROPERTY_UNDOCUMENTED = "example-property-undocumented"
EXAMPLE_VALUE_TYPE = "example-value-type"
EXAMPLE_PLACEHOLDER_VALUE = "example-placeholder-value"
EXAMPLE_ENUM_VALUE = "example-enum-value"
EXAMPLE_VALUE_FORMAT = "example-value-format"
EXAMPLE_INT_RANGE = "example-int-range"
REPRESENTATION_MISSING_PROPERTY = "representation-missing-property"
REPRESENTATION_UNDOCUMENTED_PROPERTY = "representation-undocumented-property"
REQUEST_BODY_UNKNOWN_PROPERTY = "request-body-unknown-property"
PROPERTY_SPELLING = "property-spelling"
PROPERTY_TYPE_CONFLICT = "property-type-conflict"
BASE_TYPE_CONFLICT = "base-type-conflict"
TYPE_UNDEFINED = "type-undefined"
ODATA_TYPE_UNKNOWN = "odata-type-unknown"
ODATA_TYPE_CASE = "odata-type-case"
EXAMPLE_URL_MISMATCH = "example-url-mismatch"
EXAMPLE_URL_MALFORMED = "example-url-malformed"
RESPONSE_STATUS_MISMATCH = "response-status-mismatch"
RESPONSE_SHAPE_MISMATCH = "response-shape-mismatch"
PATCH_READ_ONLY_PROPERTY = "patch-read-only-property"
JSON_REPAIRED = "json-repaired"
EXAMPLE_NAME_DUPLICATE = "example-name-duplicate"
ANNOTATION_MISSING = "annotation-missing"
ANNOTATION_MALFORMED = "annotation-malformed"
SECTION_MISSING = "section-missing"
NAMESPACE_MISSING = "namespace-missing"
PLACEHOLDER_TEXT = "placeholder-text"
METHOD_LINK_BROKEN = "method-link-broken"
HTTP_BLOCK_MALFORMED = "http-block-malformed"
PAGE_UNREADABLE = "page-unreadable"
NAME_ZERO_WIDTH = "name-zero-width"
CSDL_TYPE_MISSING = "csdl-type-missing"
CSDL_PROPERTY_MISSING = "csdl-property-missing"
CSDL_PROPERTY_UNDOCUMENTED = "csdl-property-undocumented"
CSDL_PROPERTY_TYPE = "csdl-property-type"
CSDL_BASE_TYPE = "csdl-base-type"
CSDL_NAVIGATION_MISSING = "csdl-navigation-missing"
CSDL_NAVIGATION_UNDOCUMENTED = "csdl-navigation-undocumented"
CSDL_ACTION_MISSING = "csdl-action-missing"
CSDL_ACTION_UNDOCUMENTED = "csdl-action-undocumented"
SUPPRESSION_UNUSED = "suppression-unused"
# issue 18: checks nothing performed before, each seen on real pages
STATUS_TEXT_MISMATCH = "status-text-mismatch"
ANNOTATION_VALUE_TYPE = "annotation-value-type"
ACTION_BODY_PLACEHOLDER = "action-body-placeholder"
TEMPLATE_HARDCODED_KEY = "template-hardcoded-key"
EXAMPLE_NULL_NOT_NULLABLE = "example-null-not-nullable"
EXAMPLE_UNTRUNCATED_INCOMPLETE = "example-untruncated-incomplete"
LINK_BROKEN = "link-broken"
LINK_FRAGMENT_BROKEN = "link-fragment-broken"
BETA_DISCLAIMER_MISSING = "beta-disclaimer-missing"
RESOURCE_NAME_MISMATCH = "resource-name-mismatch"
# issue 18, recall (bench/lint_recall.jsonl): defects read on pages that no rule reported
EXAMPLE_URL_PLACEHOLDER = "example-url-placeholder"
ENUM_DUPLICATE = "enum-duplicate"
EXAMPLE_VALUE_UNLISTED = "example-value-unlisted"
CSDL_ENUM_MEMBER_MISSING = "csdl-enum-member-missing"

# issue 18, recall: page and text checks (codegen/lint/rules/page_text.py, front_matter.py)
FRONT_MATTER_EMPTY = "front-matter-empty"
SECTION_EMPTY = "section-empty"
PERMISSION_READ_FOR_WRITE = "permission-read-for-write"
METHOD_LIST_SINGLE = "method-list-single"
LINK_TEXT_TYPE_MISMATCH = "link-text-type-mismatch"
PROPERTY_CASE_PROSE = "property-case-prose"
PAGE_ANNOTATION_MISMATCH = "page-annotation-mismatch"
# issue 17: docs defects behind request examples the generated client could not rebuild
EXAMPLE_BODY_NOT_SENT = "example-body-not-sent"
EXAMPLE_METHOD_MISMATCH = "example-method-mismatch"
EXAMPLE_BODY_MISSING = "example-body-missing"
ACTION_BODY_UNDOCUMENTED = "action-body-undocumented"
EXAMPLE_BODY_UNEXPECTED = "example-body-unexpected"

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, RuleInfo] = _rules(
    # JSON examples against the tables
    (
        EXAMPLE_PROPERTY_UNDOCUMENTED,
        E,
        "examples",
        "a JSON example has a property no table documents",
    ),
    (
        EXAMPLE_VALUE_TYPE,
        E,
        "examples",
        "a JSON example value has the wrong JSON type for its property",
    ),
    (
        EXAMPLE_PLACEHOLDER_VALUE,
        W,
        "examples",
        "a JSON example holds a placeholder where a real value belongs",
    ),
    (EXAMPLE_ENUM_VALUE, E, "examples", "a JSON example value is not a member of its enum"),
    (
        EXAMPLE_VALUE_FORMAT,
        E,
        "examples",
        "a JSON example date/time/duration/guid/binary value is invalid",
    ),
    (EXAMPLE_INT_RANGE, E, "examples", "a JSON example integer is out of its type's range"),
    # tables against each other and across pages
    (
        REPRESENTATION_MISSING_PROPERTY,
        W,
        "tables",
        "the properties table lists a property the JSON representation lacks",
    ),
    (
        REPRESENTATION_UNDOCUMENTED_PROPERTY,
        W,
        "tables",
        "the JSON representation has a property the properties table lacks",
    ),
    (
        REQUEST_BODY_UNKNOWN_PROPERTY,
        E,
        "tables",
        "a request-body table lists a property the resource does not have",
    ),
    (PROPERTY_SPELLING, E, "tables", "the same property is spelled differently across pages"),
    (PROPERTY_TYPE_CONFLICT, W, "tables", "pages give the same property different types"),
    (BASE_TYPE_CONFLICT, E, "tables", "pages disagree about a type's base type"),
    (TYPE_DUPLICATE, W, "tables", "two pages describe the same type"),
    (TYPE_UNDEFINED, W, "tables", "a type is referenced but no page or example defines it"),
    (ODATA_TYPE_UNKNOWN, E, "tables", "an @odata.type names no known type"),
    (ODATA_TYPE_CASE, W, "tables", "an @odata.type names a known type in the wrong case"),
    (
        NAME_ZERO_WIDTH,
        W,
        "tables",
        "a name or type cell holds a zero-width character (read without it)",
    ),
    # HTTP examples
    (
        EXAMPLE_URL_MISMATCH,
        E,
        "http",
        "an example URL does not match the page's HTTP request template",
    ),
    (EXAMPLE_URL_MALFORMED, E, "http", "an example URL is not a well-formed Graph URL"),
    (
        RESPONSE_STATUS_MISMATCH,
        W,
        "http",
        "the response status in prose differs from the example's status line",
    ),
    (
        RESPONSE_SHAPE_MISMATCH,
        E,
        "http",
        "a single-entity response is wrapped in a collection, or the reverse",
    ),
    (
        PATCH_READ_ONLY_PROPERTY,
        E,
        "http",
        "a PATCH body offers a key or read-only property; a create example sets a read-only one",
    ),
    # page structure
    (
        JSON_REPAIRED,
        W,
        "structure",
        "a JSON block needed repair (trailing comma, comment, truncation...)",
    ),
    (JSON_INVALID, E, "structure", "a JSON block is invalid and could not be repaired"),
    (EXAMPLE_NAME_DUPLICATE, W, "structure", "two examples share one annotation name"),
    (ANNOTATION_MISSING, W, "structure", "an example block has no annotation comment"),
    (ANNOTATION_MALFORMED, E, "structure", "an annotation comment is malformed"),
    (SECTION_MISSING, W, "structure", "a required section is missing"),
    (NAMESPACE_MISSING, W, "structure", "the 'Namespace: microsoft.graph' line is missing"),
    (
        PLACEHOLDER_TEXT,
        W,
        "structure",
        "placeholder text (TODO, 'Not yet documented') is left in the page",
    ),
    (
        METHOD_LINK_BROKEN,
        W,
        "structure",
        "a Methods-table link points to a page not in the doc set",
    ),
    (
        HTTP_BLOCK_MALFORMED,
        W,
        "structure",
        "an http example block is not a recognisable request or response",
    ),
    (PAGE_UNREADABLE, E, "structure", "front matter, fences or encoding of the page are broken"),
    (CODE_FENCE_UNCLOSED, W, "structure", "a code fence is not closed before the next begins"),
    # CSDL metadata
    (CSDL_TYPE_MISSING, E, "metadata", "a documented type is not in the service metadata"),
    (
        CSDL_PROPERTY_MISSING,
        E,
        "metadata",
        "a documented property is not in the service metadata",
    ),
    (
        CSDL_PROPERTY_UNDOCUMENTED,
        W,
        "metadata",
        "the service metadata has a property the docs lack",
    ),
    (CSDL_PROPERTY_TYPE, E, "metadata", "a property's type differs from the service metadata"),
    (CSDL_BASE_TYPE, E, "metadata", "a type's base type differs from the service metadata"),
    (
        CSDL_NAVIGATION_MISSING,
        E,
        "metadata",
        "a documented relationship is not in the service metadata",
    ),
    (
        CSDL_NAVIGATION_UNDOCUMENTED,
        W,
        "metadata",
        "the service metadata has a relationship the docs lack",
    ),
    (
        CSDL_ACTION_MISSING,
        E,
        "metadata",
        "a documented action or function is not bound to the type in the metadata",
    ),
    (
        CSDL_ACTION_UNDOCUMENTED,
        I,
        "metadata",
        "the metadata binds an action or function the docs do not describe",
    ),
    # the linter itself
    (SUPPRESSION_UNUSED, W, "config", "a suppression matches no finding"),
    # issue 18 (codegen/lint/rules/: status.py, annotations_values.py, requests.py, links.py,
    # front_matter.py)
    (
        STATUS_TEXT_MISMATCH,
        W,
        "http",
        "a status line or the Response prose gives a code the reason phrase of another",
    ),
    (
        ANNOTATION_VALUE_TYPE,
        W,
        "structure",
        'an annotation value has the wrong JSON type ("isCollection": "true")',
    ),
    (
        ACTION_BODY_PLACEHOLDER,
        W,
        "examples",
        "an action or function request example holds a placeholder ('x-value', a type name)",
    ),
    (
        TEMPLATE_HARDCODED_KEY,
        E,
        "http",
        "an HTTP request template hard-codes a key or argument where a {placeholder} belongs",
    ),
    (
        EXAMPLE_NULL_NOT_NULLABLE,
        W,
        "examples",
        "a JSON example gives null for a property the docs call not nullable",
    ),
    (
        EXAMPLE_UNTRUNCATED_INCOMPLETE,
        I,
        "examples",
        'an example annotated "truncated": false omits documented properties',
    ),
    (LINK_BROKEN, W, "links", "a relative or docs link leads to a page not in the doc set"),
    (
        LINK_FRAGMENT_BROKEN,
        W,
        "links",
        "a link's #fragment names no heading or anchor of its page",
    ),
    (
        BETA_DISCLAIMER_MISSING,
        W,
        "structure",
        "a beta page lacks the beta-disclaimer include",
    ),
    (
        RESOURCE_NAME_MISMATCH,
        W,
        "structure",
        "title, heading, annotation and @odata.type name a resource differently",
    ),
    # issue 18, recall (codegen/lint/rules/: http.py, enums.py, documented_values.py, csdl.py)
    (
        EXAMPLE_URL_PLACEHOLDER,
        W,
        "http",
        "an example request URL keeps a template {placeholder} where an example value belongs",
    ),
    (
        ENUM_DUPLICATE,
        W,
        "tables",
        "a page defines one enum twice (an error when the two tables' members differ)",
    ),
    (
        EXAMPLE_VALUE_UNLISTED,
        W,
        "examples",
        "a JSON example integer is outside the values its description lists (0, 1, 2; 1 to 365)",
    ),
    (
        CSDL_ENUM_MEMBER_MISSING,
        E,
        "metadata",
        "an enum member the docs list is not in the metadata (case only: warning; added: info)",
    ),
    # issue 18, recall: page and text checks (codegen/lint/rules/page_text.py, front_matter.py)
    (
        FRONT_MATTER_EMPTY,
        W,
        "structure",
        "a required front matter key (ms.prod, title, description...) has an empty value",
    ),
    (
        SECTION_EMPTY,
        W,
        "structure",
        "a standard section (Request body, Relationships...) has nothing under its heading",
    ),
    (
        PERMISSION_READ_FOR_WRITE,
        W,
        "structure",
        "a delete, update or create names a read-only permission as its least privileged",
    ),
    (
        METHOD_LIST_SINGLE,
        W,
        "structure",
        "a Methods-table 'List' row returns one object (or links a page that gets one)",
    ),
    (
        LINK_TEXT_TYPE_MISMATCH,
        W,
        "links",
        "a link's text names a type, and the link leads to another type's page",
    ),
    (
        PROPERTY_CASE_PROSE,
        W,
        "structure",
        "the text names a property of the page's type cased otherwise than its table",
    ),
    (
        PAGE_ANNOTATION_MISMATCH,
        W,
        "structure",
        "the page annotation's description says another kind of operation than the page's",
    ),
    (
        EXAMPLE_BODY_NOT_SENT,
        W,
        "http",
        "a GET or DELETE request example carries a body, which such requests do not send",
    ),
    (
        EXAMPLE_METHOD_MISMATCH,
        E,
        "http",
        "a request example of the page's URL uses an HTTP method none of its templates does",
    ),
    (EXAMPLE_BODY_MISSING, W, "http", "a PATCH request example has no body to update with"),
    (
        ACTION_BODY_UNDOCUMENTED,
        W,
        "http",
        "an action's example sends body properties its page neither tables nor links a type for",
    ),
    (
        EXAMPLE_BODY_UNEXPECTED,
        W,
        "http",
        "a request example sends a body where its page says the operation takes none",
    ),
)
