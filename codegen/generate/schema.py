"""The model as the plain tables the validators read (``_schema.json``, and lint in memory)."""

from __future__ import annotations

import re
from typing import Any

from codegen.generate.model_specs import EnumSpec, ModelSpec, enum_specs, model_specs, type_names
from codegen.ir.model import Model
from codegen.ir.operation import Operation


def type_tables(
    models: list[ModelSpec], enums: list[EnumSpec], *, aliases: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """TYPES (qualified name -> name, base, open, abstract, own properties) and ENUMS.

    ``aliases``: a property is also listed under the other spellings pages give it (the
    generated package, whose decoder accepts them; lint leaves it off to see the drift).
    """
    types: dict[str, Any] = {}
    for m in models:
        types[m.qualified] = {
            "name": m.docs_name,
            "base": m.base_qualified,
            "open": m.open_type,
            "abstract": m.abstract,
            "properties": {
                name: {
                    "type": f.kind.schema_type,
                    "collection": f.kind.item is not None,
                    "nullable": f.nullable,
                    "read_only": f.read_only,
                }
                for f in m.fields
                if f.wire != "@odata.type"
                for name in (f.wire, *(f.aliases if aliases else ()))
            },
        }
    return types, {e.qualified: tuple(m.value for m in e.members) for e in enums}


# What a property's description says of it: "Read-only." opening a clause, or "this property is
# read-only"; not "Read-only when isBuiltIn is true" nor "Read-only for users synced from
# on-premises directory" (a PATCH may set it otherwise: unifiedroledefinition-update,
# user-update's businessPhones), nor "Indicates if the rule is read-only" (another thing's)
_CLAUSES = re.compile(r"[.;]")
_OPENING = re.compile(
    r"(?i)^[\s*_(]*read[- ]?only\b(?!\s+(?:when|if|for|unless|once|after|except)\b)"
)
_OF_IT = re.compile(r"(?i)\b(?:this|the) propert(?:y is|ies are) read[- ]?only\b")


def stated_read_only(description: str) -> bool:
    """True when a property's description says, unconditionally, that it is read-only."""
    return any(
        _OPENING.match(clause) or _OF_IT.search(clause) for clause in _CLAUSES.split(description)
    )


def _chain(spec: ModelSpec, by_class: dict[str, ModelSpec]) -> list[ModelSpec]:
    out = [spec]
    while out[-1].base and out[-1].base in by_class and len(out) < 64:
        out.append(by_class[out[-1].base])
    return out


def _with_model_spellings(
    table: tuple[str, ...], body: ModelSpec, by_class: dict[str, ModelSpec]
) -> tuple[str, ...]:
    """The body table plus the model's spelling of each name it spells otherwise.

    What the model's ``to_dict`` writes must pass ``validate_request`` of the same package.
    """
    wires = {f.wire.lower(): f.wire for m in _chain(body, by_class) for f in m.fields}
    extra = [wires[n.lower()] for n in table if wires.get(n.lower(), n) != n]
    return tuple(dict.fromkeys([*table, *extra]))


def request_body_names(model: Model, op: Operation) -> list[str]:
    """The qualified names the model of an operation's request body may have, best first: the
    type its page names; for a create or update, the type it creates or updates (its response
    type, else the type it is bound to: ``PATCH /users/{id}`` takes a ``user``)."""
    names = [op.request_body_type.qualified_name] if op.request_body_type else []
    if op.kind in ("create", "update"):
        if op.response_type is not None and not op.response_type.collection:
            names.append(op.response_type.qualified_name)
        bound = model.type(op.binding_type) if op.binding_type else None
        if bound is not None:
            names.append(bound.qualified_name)
    return names


def entity_body(model: Model, op: Operation, *, every: bool = True) -> str | None:
    """The qualified name of the entity a create or update body is an instance of (the first of
    ``request_body_names`` the model describes), or None: another kind of operation, or a
    request-body table that lists a name the type lacks (the body is then an action's
    parameters: ``POST .../tables/add`` takes ``address``, no ``workbookTable``).

    ``every`` off: None only when the table lists none of the type's names (place-update's
    table lists room's properties with place's, and is still a place's)."""
    if op.kind not in ("create", "update"):
        return None
    t = next((model.type(n) for n in request_body_names(model, op) if model.type(n)), None)
    if t is None:
        return None
    chain = (t, *model.ancestors(t.qualified_name))
    members = {p.name.lower() for c in chain for p in c.properties} | {
        n.name.lower() for c in chain for n in c.navigation_properties
    }
    listed = [p.name.lower() for p in op.parameters if p.location == "body" and "@" not in p.name]
    known = [name in members for name in listed]
    return t.qualified_name if (all(known) if every else any(known) or not known) else None


def _body_model(model: Model, op: Operation, by_name: dict[str, ModelSpec]) -> ModelSpec | None:
    return next(
        (by_name[n.lower()] for n in request_body_names(model, op) if n.lower() in by_name), None
    )


def body_table_type(op: Operation) -> str:
    """The name ``_schema.json`` gives the object an operation's request-body table describes
    when no model does (an action's parameters)."""
    return f"#request-body:{op.id}"


def _table_type(op: Operation) -> dict[str, Any]:
    """An action's request-body table as a closed object type of the validators' tables."""
    properties: dict[str, Any] = {}
    for p in op.parameters:
        if p.location == "body" and p.name not in properties:
            properties[p.name] = {
                "type": p.type.qualified_name if p.type is not None else "",
                "collection": bool(p.type is not None and p.type.collection),
                "nullable": True,
                "read_only": False,
            }
    return {"name": op.id, "base": None, "open": False, "abstract": False, "properties": properties}


def operation_table(
    model: Model, models: list[ModelSpec], *, model_spellings: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """OPERATIONS (id -> method, path, body type, request-body table names, whether only they
    are accepted, read-only names),
    and the object types of the request-body tables no model describes (``body_table_type``).

    ``model_spellings``: a body table also accepts the model's spelling of each name it spells
    otherwise (the generated package: what ``to_dict`` writes passes ``validate_request``).
    """
    by_name = {m.qualified.lower(): m for m in models}
    by_class = {m.class_name: m for m in models}
    out: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    for op in model.operations:
        body = _body_model(model, op, by_name)
        table = tuple(p.name for p in op.parameters if p.location == "body")
        read_only: tuple[str, ...] = ()
        body_type = body.qualified if body is not None else None
        if body is None and table and op.method in ("POST", "PUT", "PATCH"):
            body_type = body_table_type(op)
            tables[body_type] = _table_type(op)
        if body is not None and model_spellings:
            table = _with_model_spellings(table, body, by_class)
            # what the operation's own table offers it may set (whatever the type's page says:
            # lint's patch-read-only-property reports the two disagreeing), but never the key
            offered = {name.lower() for name in table}
            read_only = tuple(
                f.wire
                for m in _chain(body, by_class)
                for f in m.fields
                if f.wire == m.key_property
                or (f.read_only and stated_read_only(f.doc) and f.wire.lower() not in offered)
            )
        out[op.id] = {
            "method": op.method,
            "path": op.path,
            "body_type": body_type,
            "body_properties": table or None,
            "read_only": read_only,
            # a create or update of an entity takes any of its properties (a PATCH: any it
            # may write): a table listing a few of them is no list of the only ones
            "closed_body": body is None or entity_body(model, op, every=False) is None,
        }
    return out, tables


def schema_tables(
    model: Model, models: list[ModelSpec], enums: list[EnumSpec], *, package: bool
) -> dict[str, Any]:
    """``types``, ``enums`` and ``operations``: what ``validators.Schema`` takes.

    ``package``: the generated package's tables (other spellings listed too, see
    ``type_tables`` and ``operation_table``); without it, lint's tables, which leave them off.
    """
    types, enum_table = type_tables(models, enums, aliases=package)
    operations, bodies = operation_table(model, models, model_spellings=package)
    return {"types": {**types, **bodies}, "enums": enum_table, "operations": operations}


def lint_tables(model: Model) -> dict[str, Any]:
    """The docs' tables as lint checks examples against them (no alias spellings)."""
    names = type_names(model)
    return schema_tables(model, model_specs(model, names), enum_specs(model, names), package=False)
