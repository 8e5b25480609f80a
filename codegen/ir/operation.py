"""API operations: HTTP method and path, parameters, bodies, responses, examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from codegen.ir.http import HttpMessage, JsonValue
from codegen.ir.source import SourceRef
from codegen.ir.types import TypeRef

ParameterLocation = Literal["path", "query", "header", "body"]


def is_reference_path(path: str) -> bool:
    """A ``/$ref`` path: what a POST or PUT to it sends is OData's reference body
    (``{"@odata.id": url}``), never properties of the entity it points at."""
    return path.split("?", 1)[0].rstrip("/").lower().endswith("/$ref")


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """A path, query, header or body parameter; ``location`` says which."""

    name: str
    location: ParameterLocation
    type: TypeRef | None = None
    required: bool | None = None
    description: str = ""
    inherited_from: str | None = None
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class Permission:
    """One row of a Permissions table: the permission type and its scopes."""

    kind: str
    scopes: tuple[str, ...]
    raw: str
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class Example:
    """A request/response example pair (either side may be missing).

    ``request_annotation`` / ``response_annotation`` keep every key of the annotation
    comments as written (name, @odata.type, truncated, isCollection, optionalProperties,
    expectError, scopes, ...); the common ones are also lifted into fields.
    """

    name: str | None
    request: HttpMessage | None = None
    response: HttpMessage | None = None
    response_type: str | None = None  # the response annotation's @odata.type
    truncated: bool = False
    request_annotation: JsonValue = field(default=None, hash=False)
    response_annotation: JsonValue = field(default=None, hash=False)
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class Operation:
    """An operation of the API.

    ``id`` is the page's file stem (``exactmatchsession-get``); ``paths`` the
    path templates of the HTTP request section (first is canonical);
    ``kind`` one of get, list, create, update, delete, action, function, other.
    ``inferred`` is True when no API page describes it and it was derived from a
    Methods table by Graph's URL conventions.
    """

    id: str
    title: str
    kind: str
    method: str
    paths: tuple[str, ...]
    description: str = ""
    binding_type: str | None = None
    parameters: tuple[Parameter, ...] = ()
    query_options: tuple[str, ...] = ()
    request_body_type: TypeRef | None = None
    response_type: TypeRef | None = None
    response_status: int | None = None
    permissions: tuple[Permission, ...] = ()
    examples: tuple[Example, ...] = ()
    inferred: bool = False
    source: SourceRef

    @property
    def path(self) -> str:
        """The canonical path template."""
        return self.paths[0] if self.paths else ""
