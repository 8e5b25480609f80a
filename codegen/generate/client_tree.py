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

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from codegen.generate.doc_text import clean_description, learn_url, permissions_text
from codegen.generate.layout import module_names
from codegen.generate.model_specs import TypeNames
from codegen.generate.naming import class_name, field_name, segment_name, unique_names
from codegen.generate.schema import request_body_names
from codegen.ir.model import Model
from codegen.ir.operation import Operation
from codegen.parser.http_blocks import split_url

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
        "action_body",
        "body",
        "builtins",
        "expand_path",
        "headers",
        "item",
        "models",
        "odata_params",
        "optional",
        "options",
        "path",
        "query",
        "request_headers",
        "self",
        "to_payload",
        "UNSET",
        "Unset",
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
    # (python arg, header name) of the request headers the docs list for the operation
    headers: tuple[tuple[str, str], ...] = ()
    # (python arg, wire name, annotation, stdlib modules) of an action's request-body table
    body_params: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()
    # what the annotations and the decoder above name, recorded where they are made
    uses: Uses = field(default_factory=lambda: Uses())

    @property
    def options_type(self) -> str:
        """The runtime's TypedDict of this method's OData options ("" for none)."""
        return "ListOptions" if self.kind == "list" else "GetOptions" if self.options else ""

    @property
    def abc_names(self) -> set[str]:
        """The collections.abc names this method's signatures use (``headers: Mapping``)."""
        names = {"Iterator", "AsyncIterator"} if self.kind == "list" else set()
        names.add("Mapping")
        return names

    @property
    def imports(self) -> Uses:
        """Everything the method's code names from elsewhere: ``uses``, and the runtime
        helpers and typing names that follow from its path, options, headers and body."""
        runtime = set(self.uses.runtime)
        typing = set(self.uses.typing)
        if self.suffix_params:
            runtime.add("expand_path")
        if self.options:
            runtime.update(("odata_params", self.options_type))
            typing.add("Unpack")
        if self.headers:
            runtime.add("request_headers")
        if self.body_params:
            runtime.update(("UNSET", "Unset", "action_body"))
        elif self.body:
            runtime.add("to_payload")
        return Uses(
            runtime=frozenset(runtime),
            typing=frozenset(typing),
            models=self.uses.models,
            builtins=self.uses.builtins,
        )


@dataclass(frozen=True, kw_only=True)
class Uses:
    """What a builder method's annotations and code name besides Python's builtins: its
    imports, as structure (a builder module imports the union over its methods)."""

    runtime: frozenset[str] = frozenset()  # names of the package's runtime modules
    typing: frozenset[str] = frozenset()  # names of ``typing`` (Any, Unpack)
    models: bool = False  # the lazy ``models`` package (``models.User``)
    builtins: bool = False  # ``builtins.list`` (the builder's own ``list`` shadows ``list``)

    def __or__(self, other: Uses) -> Uses:
        return Uses(
            runtime=self.runtime | other.runtime,
            typing=self.typing | other.typing,
            models=self.models or other.models,
            builtins=self.builtins or other.builtins,
        )


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
    # how the docs spell this segment (case variants of one segment are one node), by count
    spellings: dict[str, int] = field(default_factory=dict)
    # the operations placed on this node, by method key, with the suffix each path gives
    pending: dict[tuple[str, str], list[tuple[Operation, str]]] = field(default_factory=dict)

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
    """A template's segments: a leading ``~`` (the service root, ``~/onPremisesPublishingProfiles``)
    is dropped, and a key placeholder in quotes (``recoveryKeys/'{id}'``) is the key segment, as
    the service reads it (lint matches examples the same way)."""
    segments = [s for s in path.split("?", 1)[0].split("/") if s]
    if segments and segments[0] == "~":
        segments = segments[1:]
    return [_QUOTED_KEY.sub(r"\1", s) for s in segments]


_QUOTED_KEY = re.compile(r"^'(\{[^{}'/]*\})'$")
_ME_OWNER = re.compile(r"(?i)^/users/\{[^{}/]*\}(?=/|$)")


def _example_paths(op: Operation) -> list[str]:
    """The paths (no query) of an operation's example requests of its own HTTP method."""
    out = []
    for example in op.examples:
        request = example.request
        for line in request.requests if request is not None else ():
            if line.method.upper() == op.method.upper():
                out.append(split_url(line.url)[2].split("?", 1)[0].rstrip("/"))
    return out


def _function_form(op: Operation, last: str, shown: list[str]) -> str | None:
    """The function call segment for a GET template that names a function bare
    (``filterByCurrentUser``) while the page's Function parameters table lists its parameters
    (``on``) and an example calls it (``filterByCurrentUser(on='target')``): ``name(on='{on}')``,
    each argument quoted as the example writes it. None when the examples never call it."""
    if op.method.upper() != "GET" or not _ARG_NAME.fullmatch(last):
        return None
    calls = [c for s in shown if (c := _CALL.fullmatch(s)) and c.group(1).lower() == last.lower()]
    if not calls:
        return None
    # argument name (lower) -> the example's argument, from the first call
    written: dict[str, str] = {}
    for arg in _split_args(calls[0].group(2)):
        name, eq, value = (part.strip() for part in arg.partition("="))
        if eq and _ARG_NAME.fullmatch(name):
            written.setdefault(name.lower(), value)
    if not written:
        return None
    placeholders = {field_name(p) for p in _PLACEHOLDER.findall(op.path)}
    table = [
        p.name
        for p in op.parameters
        if p.location == "path"
        and _ARG_NAME.fullmatch(p.name)
        and field_name(p.name) not in placeholders
    ]
    names = table if table and {n.lower() for n in table} >= written.keys() else None
    if names is None:
        return parameterized(calls[0].group(0).replace(calls[0].group(1), last, 1))
    args = [
        f"{n}='{{{n}}}'" if written.get(n.lower(), "'").startswith("'") else f"{n}={{{n}}}"
        for n in names
        if n.lower() in written
    ]
    return f"{last}({','.join(args)})"


def client_paths(op: Operation) -> list[tuple[str, str]]:
    """(path, kind) of each way the client offers an operation: every documented path, and
    what the page's examples show the service also takes:
    - ``/me/...`` for each ``/users/{id}/...`` template when an example of the page calls
      ``/me`` (Graph's alias of the signed-in user; the page may list only some /me forms);
    - a function's call form (``_function_form``) for a template naming it bare, a function;
      the bare template stays only when an example also calls it bare (``delta``)."""
    shown = _example_paths(op)
    paths = list(dict.fromkeys(op.paths))
    if any(s.lower() == "/me" or s.lower().startswith("/me/") for s in shown):
        paths += [_ME_OWNER.sub("/me", p, 1) for p in paths if _ME_OWNER.match(p)]
    shown_segments = {seg for s in shown for seg in s.split("/")[-1:]}
    shown_set = {s.lower() for s in shown}
    out: list[tuple[str, str]] = []
    for path in dict.fromkeys(paths):
        head, _, last = path.split("?", 1)[0].rstrip("/").rpartition("/")
        if last.endswith("()") and last[:-2].lower() in {g.lower() for g in shown_segments}:
            # an action written ``generateDownloadUri()`` that the examples call bare: OData
            # invokes an action without parentheses
            out.append((f"{head}/{last[:-2]}", op.kind))
            continue
        call = _function_form(op, last, sorted(shown_segments))
        if call is None:
            out.append((path, op.kind))
            continue
        if any(s.rsplit("/", 1)[-1].lower() == last.lower() for s in shown_set):
            out.append((path, op.kind))
        out.append((f"{head}/{call}", "function"))
    return out


def sendable(segments: list[str]) -> bool:
    """False when a URL parser or the server would not read the path as written: a ``.`` or
    ``..`` segment (``%2e`` too), or a ``#`` or backslash in a segment."""
    return not any(_DOT_SEGMENT.fullmatch(s) or "#" in s or "\\" in s for s in segments)


# What no segment of a request template holds outside its placeholders: prose and globs
# (``/** Collection URI for ... not found``), quotes of prose, pipes.
_MALFORMED = re.compile(r"[\s*<>\"|^`]")
_CALL = re.compile(r"([^()]*)\((.*)\)")
_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def well_formed(segments: list[str]) -> bool:
    """False when a path is not a request template: empty, or a segment holding prose."""
    return bool(segments) and not any(
        not s or _MALFORMED.search(_PLACEHOLDER.sub("", s)) for s in segments
    )


def _split_args(text: str) -> list[str]:
    """``a='x,y',b=1`` -> ``["a='x,y'", "b=1"]``: commas outside quotes (linear)."""
    args, start, quoted = [], 0, False
    for index, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif char == "," and not quoted:
            args.append(text[start:index])
            start = index + 1
    args.append(text[start:])
    return args


def parameterized(segment: str) -> str:
    """A function call segment with every ``name=value`` argument a placeholder, so the value
    is the caller's, not the docs example's: ``f(a='2017-01-01',b=2)`` -> ``f(a='{a}',b={b})``.
    Arguments already placeholders, positional keys and other segments are kept."""
    call = _CALL.fullmatch(segment)
    if call is None or "=" not in call.group(2):
        return segment
    out = []
    for arg in _split_args(call.group(2)):
        name, eq, value = (part.strip() for part in arg.partition("="))
        if not eq or _PLACEHOLDER.search(value) or not _ARG_NAME.fullmatch(name):
            out.append(arg)
        else:
            out.append(f"{name}='{{{name}}}'" if value.startswith("'") else f"{name}={{{name}}}")
    return f"{call.group(1)}({','.join(out)})"


def _child(node: Node, segment: str) -> Node:
    """The child for a segment: every whole ``{x}`` segment is the same item child, and the
    case variants of a literal segment are one child (``servicePrincipals``,
    ``serviceprincipals``), spelt as ``_spell`` decides once every path is placed."""
    whole = _PLACEHOLDER.fullmatch(segment)
    key = "{}" if whole else segment.lower()
    child = node.children.get(key)
    if child is None:
        child = node.children[key] = Node(segment=key, template=segment)
    child.spellings[segment] = child.spellings.get(segment, 0) + 1
    return child


@dataclass(frozen=True, kw_only=True)
class _Signature:
    """An operation's return annotation, decoder callable and body annotation, with what
    they name; ``keywords``: the body may also be given as keyword arguments (an action)."""

    returns: str
    decode: str = ""
    body: str = ""
    keywords: bool = False
    uses: Uses = Uses()


def _signature(op: Operation, cls: str | None, body_cls: str | None) -> _Signature:
    """The annotations and decoder of an operation; ``cls``, ``body_cls``: the generated
    classes (``models.X``) of its response and its request body, if known."""
    sig = _annotations(op, cls, body_cls)
    if op.kind != "list":
        return sig
    # a list renders only the item type (the class, else a JSON object) and its decoder
    item = Uses(models=True) if cls else Uses(typing=frozenset({"Any"}))
    body = Uses(typing=frozenset({"Any"})) if sig.body else Uses()
    return dataclasses.replace(sig, uses=body | item)


def _annotations(op: Operation, cls: str | None, body_cls: str | None) -> _Signature:
    """The annotations and decoder of a get, a create... as written for every kind but a
    list, with what they name."""
    body, keywords, uses = "", False, Uses()
    if op.kind in ("create", "update"):
        body = f"{body_cls} | Mapping[str, Any]" if body_cls else "Mapping[str, Any]"
        uses = Uses(typing=frozenset({"Any"}), models=body_cls is not None)
    elif op.kind in ("action", "other") and op.method in ("POST", "PUT", "PATCH"):
        body, keywords = "Mapping[str, Any] | None = None", True
        uses = Uses(typing=frozenset({"Any"}))
    if op.kind == "delete" or (cls is None and op.response_status == 204):
        return _Signature(returns="None", body=body, keywords=keywords, uses=uses)
    if cls is None:
        uses |= Uses(typing=frozenset({"Any"}))
        return _Signature(returns="Any", body=body, keywords=keywords, uses=uses)
    uses |= Uses(models=True)
    single = op.response_type is None or not op.response_type.collection
    if op.kind in ("get", "create") or (op.kind == "function" and single):
        decoder = f"{cls}.from_dict"
        return _Signature(returns=cls, decode=decoder, body=body, keywords=keywords, uses=uses)
    if op.response_type is not None and op.response_type.collection:
        # builtins.list: a builder's own ``list`` method would shadow the type in annotations
        uses |= Uses(runtime=frozenset({"values_of"}), builtins=True)
        decoder = f"values_of({cls}.from_dict)"
        returns = f"builtins.list[{cls}]"
        return _Signature(returns=returns, decode=decoder, body=body, keywords=keywords, uses=uses)
    uses |= Uses(runtime=frozenset({"optional"}))
    decoder = f"optional({cls}.from_dict)"
    returns = f"{cls} | None"
    return _Signature(returns=returns, decode=decoder, body=body, keywords=keywords, uses=uses)


def _method(
    op: Operation, names: TypeNames, suffix: str, model: Model, body_names: list[str] | None = None
) -> MethodSpec:
    """The method for ``op``; ``body_names``: the request body's candidate types when not the
    operation's own (several operations placed on one method: their common base)."""
    ref = op.response_type
    response = names.models.get(ref.qualified_name.lower()) if ref is not None else None
    body_model = next(
        (
            names.models[n.lower()]
            for n in (request_body_names(model, op) if body_names is None else body_names)
            if n.lower() in names.models
        ),
        None,
    )
    cls = f"models.{response[0]}" if response else None
    body_cls = f"models.{body_model[0]}" if body_model else None
    sig = _signature(op, cls, body_cls)
    body_params, uses = _body_params(op, names) if sig.keywords else ((), Uses())
    options = LIST_OPTIONS if op.kind == "list" else GET_OPTIONS if op.kind == "get" else ()
    description = clean_description(op.description)
    text = f"{op.title}: {description}" if description else op.title
    granted = permissions_text((p.kind, p.scopes) for p in op.permissions)
    permissions = f"Permissions: {granted}.\n\n" if granted else ""
    return MethodSpec(
        name="",
        http=op.method,
        kind=op.kind,
        suffix=suffix,
        suffix_params=placeholder_args(suffix),
        options=options,
        doc=f"{text} ({op.method} {op.path})\n\n{permissions}Docs: {learn_url(f'api/{op.id}.md')}",
        returns=sig.returns,
        decode=sig.decode,
        body=sig.body,
        item_type=cls or "dict[str, Any]",
        decode_item=f"{cls}.from_dict" if cls else "",
        body_params=body_params,
        uses=sig.uses | uses,
    )


def _body_params(
    op: Operation, names: TypeNames
) -> tuple[tuple[tuple[str, str, str, tuple[str, ...]], ...], Uses]:
    """An action's request-body table as keyword arguments: (argument, wire name, annotation,
    stdlib modules the annotation names), each ``X | None | Unset = UNSET``; and what the
    annotations name."""
    rows = list({p.name: p for p in op.parameters if p.location == "body"}.values())
    args = unique_names([field_name(p.name) for p in rows])
    out = []
    uses = Uses()
    for arg, p in zip(args, rows, strict=True):
        kind = names.kind(p.type)
        taken = arg in METHOD_LOCALS
        annotation = kind.annotation
        if kind.item is not None:
            # builtins.list: a builder's own ``list`` method would shadow the type
            annotation = f"builtins.list[{kind.item.annotation}]"
        uses |= Uses(
            typing=frozenset(kind.typing), models=bool(kind.refs), builtins=kind.item is not None
        )
        out.append((arg + "_" if taken else arg, p.name, annotation, kind.stdlib))
    return tuple(out), uses


def build_tree(model: Model, names: TypeNames) -> Node:
    """The root node with every operation of the model placed on it, at every path the docs
    give it. Paths that are not request templates (prose, ``..``) get no builder. Operations
    a node holds twice (one per derived type: ``list`` of ``deviceConfigurations`` documented
    for each of its subtypes) are one method, decoding the common base type, whose
    ``from_dict`` dispatches each item on ``@odata.type``."""
    root = Node(segment="", template="")
    for documented in model.operations:
        for path, kind in client_paths(documented):
            op = (
                documented
                if kind == documented.kind
                else dataclasses.replace(documented, kind=kind)
            )
            segments = [parameterized(s) for s in _segments(path)]
            if not well_formed(segments) or not sendable(segments):
                continue
            is_crud = op.kind in _CRUD
            node = root
            for segment in segments if is_crud else segments[:-1]:
                node = _child(node, segment)
            suffix = "" if is_crud else "/" + segments[-1]
            key = (op.kind if is_crud else suffix.lower(), op.method)
            node.pending.setdefault(key, []).append((op, suffix))
    known = _known_names(model)
    lineage = _Lineage(model)
    for node in root.walk():
        if node.segment not in ("", "{}"):
            node.template = _spell(node.spellings, known)
        node.params = placeholder_args(node.template)
        for key in node.pending:  # in the order of the operations (sorted by id)
            placed = node.pending[key]
            op = lineage.most_general([o for o, _ in placed])
            suffix = _spell(_counts(s for _, s in placed), known) if key[0][:1] == "/" else ""
            method = _method(op, names, suffix, model, lineage.common_body(model, placed))
            method.headers = _headers(o for o, _ in placed)
            method.doc += _options_note(op, method)
            node.methods.append(method)
        node.pending = {}
    root.class_name = ROOT_CLASS
    _name(root, "", BUILDER_MEMBERS | CLIENT_MEMBERS)
    return root


def _options_note(op: Operation, method: MethodSpec) -> str:
    """What the docstring adds about query options: those the page lists, and that
    ``$search``/``$count`` need ``ConsistencyLevel: eventual`` where the page lists it."""
    listed = [q for q in op.query_options if q.startswith("$")]
    note = f"\n\nQuery options the docs list: {', '.join(listed)}." if listed else ""
    needs = {"$search", "$count"} & {q.lower() for q in listed}
    if needs and any(h == "ConsistencyLevel" for _, h in method.headers):
        note += (
            f" {' and '.join(sorted(needs))} need the ConsistencyLevel header:"
            ' consistency_level="eventual".'
        )
    return note


def _counts(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


def _known_names(model: Model) -> frozenset[str]:
    """The names the model spells: properties, navigation properties, types, and the last
    segment of each documented path (an action's or function's name)."""
    known: set[str] = set()
    for t in model.types:
        known.add(t.name)
        known.update(p.name for p in t.properties)
        known.update(n.name for n in t.navigation_properties)
    return frozenset(known)


def _spell(spellings: dict[str, int], known: frozenset[str]) -> str:
    """One spelling of a segment's case variants: the model's (a property, navigation or type
    name), else the most used, else the one with more capitals (camelCase), else the first in
    sort order: the same choice from the same docs, whatever their order."""

    def rank(text: str) -> tuple[bool, int, int, str]:
        bare = _CALL.sub(r"\1", text)
        return (bare in known, spellings[text], sum(c.isupper() for c in text), text)

    best = max(spellings, key=lambda t: rank(t)[:3])
    ties = [t for t in spellings if rank(t)[:3] == rank(best)[:3]]
    return min(ties)


class _Lineage:
    """Which of several operations' response types the others derive from."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._chains: dict[str, tuple[str, ...]] = {}

    def chain(self, name: str) -> tuple[str, ...]:
        """The qualified names of ``name`` and its bases, lower case, most derived first."""
        key = name.lower()
        if key not in self._chains:
            out: list[str] = []
            current = self.model.type(name)
            while current is not None and current.qualified_name.lower() not in out:
                out.append(current.qualified_name.lower())
                current = self.model.type(current.base_type) if current.base_type else None
            self._chains[key] = tuple(out) or (key,)
        return self._chains[key]

    def common_body(self, model: Model, placed: list[tuple[Operation, str]]) -> list[str] | None:
        """The body type of one method for several creates or updates whose bodies differ
        (``PATCH .../namedLocations/{id}`` documented for ipNamedLocation and for
        countryNamedLocation): their nearest common base, whose ``from_dict`` dispatches on
        ``@odata.type`` ([] when they share none: a plain mapping). None: one body type, the
        operation's own."""
        ops = [o for o, _ in placed]
        if len(ops) < 2 or ops[0].kind not in ("create", "update"):
            return None
        firsts = list(
            dict.fromkeys(n[0].lower() for o in ops if (n := request_body_names(model, o)))
        )
        if len(firsts) < 2:
            return None
        chains = [self.chain(n) for n in firsts]
        shared = [c for c in chains[0] if all(c in other for other in chains[1:])]
        return shared[:1]

    def most_general(self, ops: list[Operation]) -> Operation:
        """The operation whose response type the most others' derive from (the first such)."""
        if len(ops) == 1:
            return ops[0]
        chains = [
            self.chain(o.response_type.qualified_name) if o.response_type else () for o in ops
        ]

        def covered(index: int) -> int:
            own = chains[index][:1]
            return sum(1 for c in chains if own and own[0] in c)

        best = max(range(len(ops)), key=lambda i: (covered(i), -i))
        return ops[best]


# Request headers every request gets from the transport, or that only responses carry: no
# argument of their own (``headers=`` can still set them).
_TRANSPORT_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "application",
        "authorization",
        "content-length",
        "content-type",
        "delegated",
        "location",
        "retry-after",
        "user-agent",
    }
)
_HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
# how a header is spelt when the docs spell it several ways
_HEADER_SPELLING = {
    "if-match": "If-Match",
    "if-none-match": "If-None-Match",
    "prefer": "Prefer",
    "consistencylevel": "ConsistencyLevel",
    "workbook-session-id": "Workbook-Session-Id",
}


def _headers(ops: Iterable[Operation]) -> tuple[tuple[str, str], ...]:
    """(argument, header) of each request header the operations' tables list, once each,
    sorted by header: ``If-Match`` -> ``if_match``, ``Prefer`` -> ``prefer``."""
    found: dict[str, str] = {}
    for op in ops:
        for p in op.parameters:
            if p.location != "header":
                continue
            name = p.name.strip().strip("_*`:").strip()
            if not _HEADER_NAME.fullmatch(name) or name.lower() in _TRANSPORT_HEADERS:
                continue
            found.setdefault(name.lower(), _HEADER_SPELLING.get(name.lower(), name))
    spelled = [found[k] for k in sorted(found)]
    args = [field_name(h.replace(".", "_")) for h in spelled]
    return tuple(zip(args, spelled, strict=True))


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
