"""Every lint rule: stable id, default severity, family and one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from codegen.ir.diagnostics import Severity


@dataclass(frozen=True, kw_only=True)
class RuleInfo:
    """What a rule id means."""

    id: str
    severity: Severity
    family: str
    summary: str


def _rules(*rows: tuple[str, Severity, str, str]) -> dict[str, RuleInfo]:
    return {r[0]: RuleInfo(id=r[0], severity=r[1], family=r[2], summary=r[3]) for r in rows}


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, RuleInfo] = _rules(
    # JSON examples against the tables
    (
        "example-property-undocumented",
        E,
        "examples",
        "a JSON example has a property no table documents",
    ),
    (
        "example-value-type",
        E,
        "examples",
        "a JSON example value has the wrong JSON type for its property",
    ),
    (
        "example-placeholder-value",
        W,
        "examples",
        "a JSON example holds a placeholder where a real value belongs",
    ),
    ("example-enum-value", E, "examples", "a JSON example value is not a member of its enum"),
    (
        "example-value-format",
        E,
        "examples",
        "a JSON example date/time/duration/guid/binary value is invalid",
    ),
    ("example-int-range", E, "examples", "a JSON example integer is out of its type's range"),
    # tables against each other and across pages
    (
        "representation-missing-property",
        W,
        "tables",
        "the properties table lists a property the JSON representation lacks",
    ),
    (
        "representation-undocumented-property",
        E,
        "tables",
        "the JSON representation has a property the properties table lacks",
    ),
    (
        "request-body-unknown-property",
        E,
        "tables",
        "a request-body table lists a property the resource does not have",
    ),
    ("property-spelling", E, "tables", "the same property is spelled differently across pages"),
    ("property-type-conflict", E, "tables", "pages give the same property different types"),
    ("base-type-conflict", E, "tables", "pages disagree about a type's base type"),
    ("type-duplicate", W, "tables", "two pages describe the same type"),
    ("type-undefined", W, "tables", "a type is referenced but no page or example defines it"),
    ("odata-type-unknown", E, "tables", "an @odata.type names no known type"),
    ("odata-type-case", E, "tables", "an @odata.type names a known type in the wrong case"),
    # HTTP examples
    (
        "example-url-mismatch",
        E,
        "http",
        "an example URL does not match the page's HTTP request template",
    ),
    ("example-url-malformed", E, "http", "an example URL is not a well-formed Graph URL"),
    (
        "response-status-mismatch",
        E,
        "http",
        "the response status in prose differs from the example's status line",
    ),
    (
        "response-shape-mismatch",
        E,
        "http",
        "a single-entity response is wrapped in a collection, or the reverse",
    ),
    ("patch-read-only-property", E, "http", "a PATCH body offers a key or read-only property"),
    # page structure
    (
        "json-repaired",
        W,
        "structure",
        "a JSON block needed repair (trailing comma, comment, truncation...)",
    ),
    ("json-invalid", E, "structure", "a JSON block is invalid and could not be repaired"),
    ("example-name-duplicate", E, "structure", "two examples share one annotation name"),
    ("annotation-missing", W, "structure", "an example block has no annotation comment"),
    ("annotation-malformed", E, "structure", "an annotation comment is malformed"),
    ("section-missing", W, "structure", "a required section is missing"),
    ("namespace-missing", W, "structure", "the 'Namespace: microsoft.graph' line is missing"),
    ("placeholder-text", W, "structure", "placeholder text (TODO) is left in the page"),
    (
        "method-link-broken",
        W,
        "structure",
        "a Methods-table link points to a page not in the doc set",
    ),
    (
        "http-block-malformed",
        W,
        "structure",
        "an http example block is not a recognisable request or response",
    ),
    ("page-unreadable", E, "structure", "front matter, fences or encoding of the page are broken"),
    ("code-fence-unclosed", E, "structure", "a code fence is not closed before the next begins"),
    # CSDL metadata
    ("csdl-type-missing", E, "metadata", "a documented type is not in the service metadata"),
    (
        "csdl-property-missing",
        E,
        "metadata",
        "a documented property is not in the service metadata",
    ),
    (
        "csdl-property-undocumented",
        W,
        "metadata",
        "the service metadata has a property the docs lack",
    ),
    ("csdl-property-type", E, "metadata", "a property's type differs from the service metadata"),
    ("csdl-base-type", E, "metadata", "a type's base type differs from the service metadata"),
    (
        "csdl-navigation-missing",
        E,
        "metadata",
        "a documented relationship is not in the service metadata",
    ),
    (
        "csdl-navigation-undocumented",
        W,
        "metadata",
        "the service metadata has a relationship the docs lack",
    ),
    (
        "csdl-action-missing",
        E,
        "metadata",
        "a documented action or function is not bound to the type in the metadata",
    ),
    (
        "csdl-action-undocumented",
        I,
        "metadata",
        "the metadata binds an action or function the docs do not describe",
    ),
    # the linter itself
    ("suppression-unused", W, "config", "a suppression matches no finding"),
)
