"""What ``codegen diff`` reports: one ``Change`` per difference, its kind and its level.

A kind (``property-removed``) is the rule id of a change: it decides the change's level for a
client of the generated package, and it is what suppressions name.

- **breaking**: something a user's code or data relies on is gone or narrower: a type,
  property, member, operation or path removed; a type changed or narrowed; nullable → not
  nullable; a base type removed or replaced; an optional input becoming required.
- **rename** (rename suspected): a removal and an addition that differ only in case, or are
  near-identical with the same type. For a client it breaks like the removal it is.
- **non-breaking**: additions and widenings (``Int32`` → ``Int64``, an enum → ``String``,
  not nullable → nullable, a required input becoming optional).
- **description**: a description reworded (only with ``--descriptions``); never fails a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.ir.source import SourceRef

BREAKING, RENAME, NON_BREAKING, DESCRIPTION = "breaking", "rename", "non-breaking", "description"
LEVELS = (BREAKING, RENAME, NON_BREAKING, DESCRIPTION)
# --fail-on: the lowest level that fails the run (a rename breaks like a removal)
FAIL_ON = {"breaking": (BREAKING, RENAME), "any": (BREAKING, RENAME, NON_BREAKING)}
DEFAULT_FAIL_ON = "breaking"

B, R, N, D = BREAKING, RENAME, NON_BREAKING, DESCRIPTION

# kind -> (level, one line saying what it means)
KINDS: dict[str, tuple[str, str]] = {
    # types and enums
    "type-removed": (B, "a type is gone"),
    "type-added": (N, "a new type"),
    "type-renamed": (R, "a type removed and one added of a near-identical name and shape"),
    "type-kind-changed": (B, "an entity type became a complex type or the other way round"),
    "base-type-removed": (B, "a type no longer derives from its base type"),
    "base-type-changed": (B, "a type derives from another base type"),
    "base-type-added": (N, "a type now derives from a base type"),
    "base-type-inserted": (N, "a new base type between a type and its old base"),
    "open-type-removed": (B, "an open type is no longer open (extra properties rejected)"),
    "open-type-added": (N, "a type became open"),
    "key-changed": (B, "an entity type's key property changed"),
    "enum-removed": (B, "an enum type is gone"),
    "enum-added": (N, "a new enum type"),
    "enum-renamed": (R, "an enum removed and one added of a near-identical name and members"),
    "enum-member-removed": (B, "an enum member is gone"),
    "enum-member-added": (N, "a new enum member"),
    "enum-member-renamed": (R, "an enum member spelled differently (case)"),
    # structural and navigation properties
    "property-removed": (B, "a property is gone"),
    "property-added": (N, "a new property"),
    "property-renamed": (R, "a property removed and one added of a near-identical name, same type"),
    "property-moved": (N, "a property moved to a base type (still inherited)"),
    "property-type-changed": (B, "a property's type changed or narrowed"),
    "property-type-widened": (N, "a property's type widened (Int32 → Int64, enum → String)"),
    "property-collection-changed": (B, "a property became a collection or stopped being one"),
    "property-nullable-removed": (B, "a nullable property is no longer nullable"),
    "property-nullable-added": (N, "a property became nullable"),
    "property-read-only-added": (B, "a writable property became read-only"),
    "property-read-only-removed": (N, "a read-only property became writable"),
    "property-required-added": (B, "an optional property became required"),
    "property-required-removed": (N, "a required property became optional"),
    "navigation-removed": (B, "a navigation property is gone"),
    "navigation-added": (N, "a new navigation property"),
    "navigation-renamed": (R, "a navigation property spelled differently, same target"),
    "navigation-type-changed": (B, "a navigation property targets another type"),
    "navigation-collection-changed": (B, "a navigation property became a collection or single"),
    # operations
    "operation-removed": (B, "an operation is gone"),
    "operation-added": (N, "a new operation"),
    "operation-method-changed": (B, "an operation takes another HTTP method"),
    "path-removed": (B, "an operation is no longer reachable at a path"),
    "path-added": (N, "an operation is reachable at a new path"),
    "request-body-type-changed": (B, "an operation takes another request body type"),
    "request-body-type-widened": (N, "an operation's request body is now a base of the old type"),
    "response-type-changed": (B, "an operation returns another type"),
    "response-type-refined": (N, "an operation returns a subtype of what it returned"),
    "request-property-removed": (B, "a request body property is gone"),
    "request-property-added": (N, "a new optional request body property"),
    "request-property-added-required": (B, "a new required request body property"),
    "request-property-renamed": (R, "a request body property spelled differently (case)"),
    "request-property-type-changed": (B, "a request body property's type changed"),
    "request-property-required-added": (B, "an optional request body property became required"),
    "request-property-required-removed": (N, "a required request body property became optional"),
    "query-parameter-removed": (B, "a query parameter is gone"),
    "query-parameter-added": (N, "a new optional query parameter"),
    "query-parameter-added-required": (B, "a new required query parameter"),
    "query-parameter-required-added": (B, "an optional query parameter became required"),
    "query-parameter-required-removed": (N, "a required query parameter became optional"),
    "header-removed": (N, "a request header is no longer documented (the client sends none)"),
    "header-added": (N, "a new optional request header"),
    "header-added-required": (B, "a new required request header"),
    "header-required-added": (B, "an optional request header became required"),
    "header-required-removed": (N, "a required request header became optional"),
    # the generated package's names no docs change above explains
    "python-name-removed": (B, "a name of the generated package is gone"),
    "python-name-added": (N, "a new name in the generated package"),
    "python-signature-changed": (B, "a generated field's or method's type changed"),
    # descriptions (--descriptions)
    "description-changed": (D, "a description was reworded"),
}
SUPPRESSION_UNUSED = "suppression-unused"


def level_of(kind: str) -> str:
    """The level of a kind of change."""
    return KINDS[kind][0]


@dataclass(frozen=True, kw_only=True)
class Side:
    """One side's value and where its docs say it (``revision``: the git revision it was read
    from, None for a folder or the working tree)."""

    source: SourceRef
    value: str = ""
    revision: str | None = None


@dataclass(kw_only=True)
class Change:
    """One difference between the two models.

    ``subject`` names what changed (``microsoft.graph.user.displayName``,
    ``GET /users/{id}``, ``POST /users body:displayName``); ``old``/``new`` are both sides
    (None where a side lacks it); ``anchor`` is where the change is reported in the new docs
    (the new side, else the nearest thing holding it there, else the old side); ``python``
    the generated package's names it removes (``-``), adds (``+``) or retypes (``~``);
    ``keys`` tie it to those names (see ``codegen.diff.python_api``).
    """

    kind: str
    subject: str
    message: str
    namespace: str
    old: Side | None = None
    new: Side | None = None
    anchor: Side | None = None
    python: list[str] = field(default_factory=list)
    keys: tuple[str, ...] = ()
    suppressed: str | None = None  # the reason, when a suppression matched

    @property
    def level(self) -> str:
        return level_of(self.kind)

    @property
    def where(self) -> Side:
        """Where to report it: ``anchor``, else the new side, else the old side."""
        side = self.anchor or self.new or self.old
        assert side is not None
        return side

    def sort_key(self) -> tuple[int, str, str, str]:
        return (LEVELS.index(self.level), self.namespace, self.subject, self.kind)
