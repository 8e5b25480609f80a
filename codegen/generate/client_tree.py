"""The client's request-builder tree: one node per URL segment, operations as methods.

``/a/{aId}/b`` becomes ``client.a.by_id(a_id).b``: a literal segment is a property
(snake_case of the segment), a ``{x}`` segment is ``by_id(...)`` on its parent, a
segment mixing text and ``{x}`` (``root:{path}:``) is a method taking the values.
get/list/create/update/delete are methods of the node their path ends at; an
action or function is a method named after its last segment, on the parent node.

Names a builder class has of its own are never taken by a segment: an accessor or an action
spelled ``get``, ``list``, ``create``, ``update``, ``delete`` or ``by_id`` is ``get_``...
(``by_id`` is always the ``{id}`` accessor, ``get`` always the GET of the node's own path), and
on the root also the names ``GraphClient`` and ``AsyncGraphClient`` define (``close``,
``aclose``, ``retry_policy``): ``GET /close`` is ``client.close_.get()``. Placeholder arguments
never shadow the names a builder method's body uses (``body``, ``options``, ``models``...).

A path with a ``.`` or ``..`` segment (or a ``#`` or backslash in one) would be resolved to
another URL, possibly outside the base URL: it is a docs defect and gets no builder; the
operation takes its next path, if it has one.

Each node is one module of the generated ``builders`` package, placed like its URL
(``builders/a/item/b.py``; a node with children is a package), with a short class name made
from its own segment (``BRequestBuilder``, ``AItemRequestBuilder`` for ``{aId}`` under ``a``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from codegen.generate.doc_text import clean_description, learn_url
from codegen.generate.layout import module_names
from codegen.generate.model_specs import TypeNames
from codegen.generate.naming import class_name, field_name, segment_name, unique_names
from codegen.ir.model import Model
from codegen.ir.operation import Operation

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CRUD = ("get", "list", "create", "update", "delete")
# Members every builder class has or may have (its CRUD methods, the ``{id}`` accessor).
BUILDER_MEMBERS = frozenset({*_CRUD, "by_id"})
# Public members GraphClient and AsyncGraphClient add to the root builder (client.py.jinja;
# tests/test_hostile_docs.py checks this against the generated classes).
CLIENT_MEMBERS = frozenset({"aclose", "close", "retry_policy"})
# Names a builder method's body or signature uses besides its placeholder arguments.
METHOD_LOCALS = frozenset(
    {
        "body",
        "builtins",
        "expand_path",
        "item",
        "models",
        "odata_params",
        "optional",
        "options",
        "path",
        "self",
        "to_payload",
        "values_of",
    }
)
_DOT_SEGMENT = re.compile(r"(?:\.|%2e){1,2}", re.IGNORECASE)
LIST_OPTIONS = ("select", "expand", "filter", "orderby", "top", "skip", "search", "count")
GET_OPTIONS = ("select", "expand")


@dataclass(kw_only=True)
class MethodSpec:
    """One operation as a builder method."""

    name: str
    http: str
    kind: str
    suffix: str  # path text after the node's path ("" or "/cancel")
    suffix_params: tuple[tuple[str, str], ...]  # (python arg, placeholder) inside the suffix
    options: tuple[str, ...]
    doc: str
    returns: str  # return annotation (list: the item type)
    decode: str  # the callable the transport decodes the body with ("" for none: as received)
    body: str  # body parameter annotation ("" for none)
    item_type: str = ""
    decode_item: str = ""  # the callable decoding each item of a list ("" for as received)

    @property
    def uses_values(self) -> bool:
        """True when the body's ``value`` array is decoded by the runtime's ``values_of``."""
        return self.kind != "list" and self.decode.startswith("values_of(")

    @property
    def options_type(self) -> str:
        """The runtime's TypedDict of this method's OData options ("" for none)."""
        return "ListOptions" if self.kind == "list" else "GetOptions" if self.options else ""

    @property
    def abc_names(self) -> set[str]:
        """The collections.abc names this method's signatures use."""
        names = {"Iterator", "AsyncIterator"} if self.kind == "list" else set()
        if "Mapping" in self.body:
            names.add("Mapping")
        return names


@dataclass(frozen=True, kw_only=True)
class Flavour:
    """What differs between the sync and the async client."""

    prefix: str
    base: str
    define: str
    wait: str
    loop: str
    iterator: str
    yield_from: bool  # a generator may delegate with ``yield from`` (not in async generators)


SYNC = Flavour(
    prefix="",
    base="RequestBuilder",
    define="def",
    wait="",
    loop="for",
    iterator="Iterator",
    yield_from=True,
)
ASYNC = Flavour(
    prefix="Async",
    base="AsyncRequestBuilder",
    define="async def",
    wait="await ",
    loop="async for",
    iterator="AsyncIterator",
    yield_from=False,
)


@dataclass(kw_only=True)
class Node:
    """A builder class for one path (template) prefix."""

    segment: str
    template: str  # the segment as written, placeholders included
    params: tuple[tuple[str, str], ...] = ()  # (python arg, placeholder) for the accessor
    accessor: str = ""
    class_name: str = ""
    children: dict[str, Node] = field(default_factory=dict)
    methods: list[MethodSpec] = field(default_factory=list)
    path: str = ""
    module_name: str = ""  # this node's module (or package) name inside its parent's package
    module: tuple[str, ...] = ()  # the module names from ``builders`` down to this node

    @property
    def file(self) -> str:
        """The node's file, relative to the package: a package when it has children."""
        parts = "/".join(("builders", *self.module))
        return parts + "/__init__.py" if self.children or not self.module else parts + ".py"

    @property
    def sorted_children(self) -> list[Node]:
        """The children, by key (the order of accessors and imports)."""
        return [self.children[key] for key in sorted(self.children)]

    def walk(self) -> list[Node]:
        """This node and all below it, depth first, children by key."""
        out = [self]
        for key in sorted(self.children):
            out.extend(self.children[key].walk())
        return out


def placeholder_args(text: str) -> tuple[tuple[str, str], ...]:
    """(argument name, placeholder) for each distinct ``{x}`` in ``text``; names unique."""
    placeholders = list(dict.fromkeys(_PLACEHOLDER.findall(text)))
    names = [field_name(p) for p in placeholders]
    args = unique_names([n + "_" if n in METHOD_LOCALS else n for n in names])
    return tuple(zip(args, placeholders, strict=True))


def _segments(path: str) -> list[str]:
    return [s for s in path.split("?", 1)[0].split("/") if s]


def sendable(segments: list[str]) -> bool:
    """False when a URL parser or the server would not read the path as written: a ``.`` or
    ``..`` segment (``%2e`` too), or a ``#`` or backslash in a segment."""
    return not any(_DOT_SEGMENT.fullmatch(s) or "#" in s or "\\" in s for s in segments)


def _child(node: Node, segment: str) -> Node:
    """The child for a segment; every whole ``{x}`` segment is the same item child."""
    whole = _PLACEHOLDER.fullmatch(segment)
    key = "{}" if whole else segment
    if key not in node.children:
        params = placeholder_args(segment)
        node.children[key] = Node(segment=key, template=segment, params=params)
    return node.children[key]


def _signature(op: Operation, cls: str | None, body_cls: str | None) -> tuple[str, str, str]:
    """(return annotation, decoder callable, body annotation) of an operation."""
    body = ""
    if op.kind in ("create", "update"):
        body = f"{body_cls} | Mapping[str, Any]" if body_cls else "Mapping[str, Any]"
    elif op.kind in ("action", "other") and op.method in ("POST", "PUT", "PATCH"):
        body = "Mapping[str, Any] | None = None"
    if op.kind == "delete" or (cls is None and op.response_status == 204):
        return "None", "", body
    if cls is None:
        return "Any", "", body
    single = op.response_type is None or not op.response_type.collection
    if op.kind in ("get", "create") or (op.kind == "function" and single):
        return cls, f"{cls}.from_dict", body
    if op.response_type is not None and op.response_type.collection:
        # builtins.list: a builder's own ``list`` method would shadow the type in annotations
        decoder = f"values_of({cls}.from_dict)"
        return f"builtins.list[{cls}]", decoder, body
    return f"{cls} | None", f"optional({cls}.from_dict)", body


def _method(op: Operation, names: TypeNames, suffix: str) -> MethodSpec:
    ref = op.response_type
    response = names.models.get(ref.qualified_name.lower()) if ref is not None else None
    body_ref = op.request_body_type
    body_model = names.models.get(body_ref.qualified_name.lower()) if body_ref is not None else None
    if op.kind in ("create", "update") and body_model is None:
        body_model = response
    cls = f"models.{response[0]}" if response else None
    body_cls = f"models.{body_model[0]}" if body_model else None
    returns, decode, body = _signature(op, cls, body_cls)
    options = LIST_OPTIONS if op.kind == "list" else GET_OPTIONS if op.kind == "get" else ()
    description = clean_description(op.description)
    text = f"{op.title}: {description}" if description else op.title
    return MethodSpec(
        name="",
        http=op.method,
        kind=op.kind,
        suffix=suffix,
        suffix_params=placeholder_args(suffix),
        options=options,
        doc=f"{text} ({op.method} {op.path})\n\nDocs: {learn_url(f'api/{op.id}.md')}",
        returns=returns,
        decode=decode,
        body=body,
        item_type=cls or "dict[str, Any]",
        decode_item=f"{cls}.from_dict" if cls else "",
    )


def build_tree(model: Model, names: TypeNames) -> Node:
    """The root node with every operation of the model placed on it."""
    root = Node(segment="", template="")
    for op in model.operations:
        usable = [s for s in map(_segments, op.paths) if sendable(s)]
        for segments in usable[:1]:
            if not segments:
                continue
            is_crud = op.kind in _CRUD
            node_segments = segments if is_crud else segments[:-1]
            node = root
            for segment in node_segments:
                node = _child(node, segment)
            suffix = "" if is_crud else "/" + segments[-1]
            node.methods.append(_method(op, names, suffix))
    root.class_name = ROOT_CLASS
    _name(root, "", BUILDER_MEMBERS | CLIENT_MEMBERS)
    return root


ROOT_CLASS = "ClientRoot"
ASYNC_PREFIX = "Async"


def _short_names(parent: str, parts: list[str]) -> list[str]:
    """Builder class names for children: unique beside the parent's and each other's, sync
    and async spellings both (a module imports its children's classes)."""
    taken = {parent, ASYNC_PREFIX + parent}
    out = []
    for part in parts:
        name, number = part + "RequestBuilder", 2
        while name in taken or ASYNC_PREFIX + name in taken:
            name, number = f"{part}{number}RequestBuilder", number + 1
        taken.update((name, ASYNC_PREFIX + name))
        out.append(name)
    return out


def _member(name: str, reserved: frozenset[str]) -> str:
    """An accessor's or action's name; one the class has of its own gets a trailing ``_``."""
    return name + "_" if name in reserved else name


def _name(node: Node, part: str, reserved: frozenset[str] = BUILDER_MEMBERS) -> None:
    """Give accessors, methods, classes and modules their (unique, deterministic) names;
    ``reserved``: the names the node's class has of its own."""
    keys = sorted(node.children)
    accessors, parts = [], []
    for key in keys:
        child = node.children[key]
        literal = _PLACEHOLDER.sub("", child.template).strip(":()=,'") or child.template
        accessors.append("by_id" if key == "{}" else _member(segment_name(literal), reserved))
        parts.append(
            part + "Item"
            if key == "{}"
            else class_name(segment_name(literal).title().replace("_", ""))
        )
    method_names = [
        m.kind if m.kind in _CRUD else _member(segment_name(m.suffix.strip("/")), reserved)
        for m in node.methods
    ]
    unique = unique_names(method_names + accessors)
    for m, name in zip(node.methods, unique[: len(method_names)], strict=True):
        m.name = name
    modules = module_names(["item" if key == "{}" else a for key, a in zip(keys, accessors)])
    classes = _short_names(node.class_name, parts)
    for key, name, child_part, module, cls in zip(
        keys, unique[len(method_names) :], parts, modules, classes, strict=True
    ):
        child = node.children[key]
        child.accessor = name
        child.path = f"{node.path}/{child.template}"
        child.module_name = module
        child.module = (*node.module, module)
        child.class_name = cls
        _name(child, child_part)
