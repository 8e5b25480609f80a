"""Operations a Methods table names but no API page describes, derived by Graph's URL conventions.

From a type's item path (the path of a documented get/update/delete on it, or of a
list/create on its collection plus ``/{typeId}``):
- "Get T" / "Update T" / "Delete T": GET / PATCH / DELETE on the item path;
- "Get U", "List U", "Create U" where T has a relationship of type U: GET / GET / POST
  on the item path plus the relationship's name;
- a one-word title (``cancel``, ``renew``): a bound action, POST on item path plus the name.
Each is marked ``inferred``; its source is the Methods-table row.
"""

from __future__ import annotations

import re

from codegen.ir.operation import Operation
from codegen.ir.structured import DEFAULT_NAMESPACE, MethodLink, StructuredType
from codegen.ir.types import TypeRef
from codegen.resolve.drafts import ref_form

_ACTION = re.compile(r"^[a-z][A-Za-z0-9]*$")


def operations_by_type(operations: list[Operation]) -> dict[str, list[Operation]]:
    """Documented operations keyed by the lower qualified name of the type they return or take."""
    out: dict[str, list[Operation]] = {}
    for op in operations:
        ref = op.response_type or op.request_body_type
        if ref is not None:
            out.setdefault(ref.qualified_name.lower(), []).append(op)
    return out


def item_path(t: StructuredType, by_type: dict[str, list[Operation]]) -> str | None:
    """The path template addressing one instance of ``t``, from its documented operations."""
    ops = by_type.get(t.qualified_name.lower(), [])
    for op in ops:
        if op.kind in ("get", "update", "delete") and op.path.endswith("}"):
            return op.path
    for op in ops:
        if op.kind in ("list", "create"):
            return f"{op.path.rstrip('/')}/{{{t.name}Id}}"
    return None


def _make(
    method: MethodLink, kind: str, http: str, path: str, binding: str, response: TypeRef | None
) -> Operation:
    status = 201 if kind == "create" else 204 if response is None and http != "GET" else 200
    return Operation(
        id=method.operation_id or method.title.lower().replace(" ", "-"),
        title=method.title,
        kind=kind,
        method=http,
        paths=(path,),
        description=method.description,
        binding_type=binding,
        response_type=response,
        response_status=status,
        inferred=True,
        source=method.source,
    )


def type_ref(t: StructuredType) -> TypeRef:
    """A reference to ``t`` (qualified when it is outside microsoft.graph)."""
    return TypeRef(name=t.name, namespace=None if t.namespace == DEFAULT_NAMESPACE else t.namespace)


def infer_operation(t: StructuredType, method: MethodLink, path: str) -> Operation | None:
    """The operation a Methods-table row implies, or None when no convention fits."""
    words = method.title.split()
    verb = words[0].lower() if words else ""
    target = words[-1].lower() if len(words) > 1 else ""
    returns = (
        method.return_type
        if method.return_type and method.return_type.name.lower() != "none"
        else None
    )
    binding = ref_form(t)
    if len(words) == 1 and _ACTION.match(method.title):
        return _make(method, "action", "POST", f"{path}/{method.title}", binding, returns)
    if target == t.name.lower() and verb in ("get", "update", "delete"):
        http = {"get": "GET", "update": "PATCH", "delete": "DELETE"}[verb]
        response = None if verb == "delete" else type_ref(t)
        return _make(method, verb, http, path, binding, response)
    for nav in t.navigation_properties:
        if nav.type is None:
            continue
        if target not in (nav.type.name.lower(), nav.name.lower()):
            continue
        nav_path = f"{path}/{nav.name}"
        single = TypeRef(name=nav.type.name, namespace=nav.type.namespace)
        if verb == "get":
            return _make(method, "get", "GET", nav_path, binding, single)
        if verb == "list":
            element = TypeRef(name=nav.type.name, namespace=nav.type.namespace, collection=True)
            return _make(method, "list", "GET", nav_path, binding, element)
        if verb in ("create", "add"):
            return _make(method, "create", "POST", nav_path, binding, single)
    return None
