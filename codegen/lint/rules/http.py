"""HTTP examples against their page: URL, status, response shape, PATCH bodies."""

from __future__ import annotations

import re
from functools import lru_cache

from codegen.generate.schema import entity_body, stated_read_only
from codegen.ir.diagnostics import Severity
from codegen.ir.http import HttpMessage
from codegen.ir.operation import Example, Operation
from codegen.ir.source import SourceRef
from codegen.ir.types import TypeRef
from codegen.lint.catalog import (
    ACTION_BODY_UNDOCUMENTED,
    EXAMPLE_BODY_MISSING,
    EXAMPLE_BODY_NOT_SENT,
    EXAMPLE_BODY_UNEXPECTED,
    EXAMPLE_METHOD_MISMATCH,
    EXAMPLE_URL_MALFORMED,
    EXAMPLE_URL_MISMATCH,
    EXAMPLE_URL_PLACEHOLDER,
    PATCH_READ_ONLY_PROPERTY,
    RESPONSE_SHAPE_MISMATCH,
    RESPONSE_STATUS_MISMATCH,
)
from codegen.lint.context import LintContext, Suggestions, listing, pointer_line
from codegen.lint.scope import page_examples
from codegen.parser.http_blocks import handed_out_hosts, split_url
from codegen.parser.page import Page
from codegen.parser.sections import heading_key

_GRAPH_HOST = re.compile(
    r"^https://(graph\.microsoft\.(com|us|de)|microsoftgraph\.chinacloudapi\.cn|dod-graph\.microsoft\.us)$"
)


# Every expression here runs on page text, so each is linear in it: possessive quantifiers where
# two could share characters (``name(  ...`` made ``\s*`` and ``[^'=()]*`` try every split of a
# run of spaces), and template segments with placeholders matched by _Glob rather than ``.+``
# (eight placeholders took C(n, 8) steps on an n-character example segment).
# name('key') name(key) name()
_KEY = re.compile(r"^([^(]++)\(\s*+(?:'([^']*+)'|([^'=()]*+))\s*+\)$")
_CALL = re.compile(r"^([^(]++)\((.*)\)$")


def _key_segments(segment: str) -> list[str]:
    """One segment of a path, a key written ``name('key')`` split into ``name``, ``key``."""
    m = _KEY.match(segment)
    if m and not m.group(0).startswith("{"):
        key = m.group(2) if m.group(2) is not None else m.group(3)
        return [m.group(1)] + ([key] if key else [])
    return [segment]


@lru_cache(maxsize=8192)
def _segments(path: str) -> tuple[str, ...]:
    """The segments of a path or template, keys written ``name('key')`` split into ``name/key``."""
    path = path.split("?", 1)[0].strip().lstrip("~").strip("/")
    return tuple(s for segment in (path.split("/") if path else []) for s in _key_segments(segment))


def _aliases(segments: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The segments, and with ``/me`` written as ``/users/{id}`` (the same resource)."""
    if segments and segments[0].lower() == "me":
        return [segments, ("users", "{id}", *segments[1:])]
    return [segments]


def _lower(text: str) -> str:
    """``text`` in lower case, one character for one (as ``re.IGNORECASE`` compares them)."""
    if text.isascii():
        return text.lower()
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


class _Glob:
    """A template segment with placeholders, ``lit{a}lit{b}lit``: the literals in order, each
    placeholder one or more characters, case ignored; what ``^lit.+lit.+lit$`` matches, found by
    placing each literal leftmost (linear: a regular expression backtracks over every way of
    sharing the segment among the placeholders)."""

    def __init__(self, literals: list[str]) -> None:
        self.literals = [_lower(lit) for lit in literals]

    def match(self, segment: str) -> bool:
        text, lits = _lower(segment), self.literals
        first, last = lits[0], lits[-1]
        if not (text.startswith(first) and text.endswith(last)):
            return False
        pos, limit = len(first), len(text) - len(last)  # the last literal starts at ``limit``
        for lit in lits[1:-1]:
            at = text.find(lit, pos + 1, limit - 1)
            if at < 0:
                return False
            pos = at + len(lit)
        return pos + 1 <= limit


class _Exact:
    """A template segment without placeholders: the same text, case ignored."""

    def __init__(self, text: str) -> None:
        self.text = _lower(text)

    def match(self, segment: str) -> bool:
        return _lower(segment) == self.text


@lru_cache(maxsize=8192)
def _segment_regex(segment: str) -> re.Pattern[str] | _Glob | _Exact:
    """A template segment: ``{x}`` is any text, function parameters ``a=value`` take any value."""
    call = _CALL.match(segment)
    if call and "=" in call.group(2):
        names = [p.split("=", 1)[0].strip() for p in call.group(2).split(",")]
        values = [re.escape(n) + r"\s*+=\s*+[^,]*+" for n in names[:-1]]
        values.append(re.escape(names[-1]) + r"\s*+=\s*+[^,]*")  # backtracks to the last ')'
        params = r"\s*+,\s*+".join(values)
        return re.compile(f"^{re.escape(call.group(1))}\\({params}\\)$", re.IGNORECASE)
    parts = re.split(r"(\{[^{}]*\})", segment)
    if len(parts) == 1:
        return _Exact(segment)
    return _Glob(parts[0::2])  # re.split keeps the placeholders at the odd places


def _wildcard(segment: str) -> bool:
    return (segment.startswith("{") and segment.endswith("}")) or (
        segment.startswith("<") and segment.endswith(">")
    )


def _fits(want: tuple[str, ...], got: tuple[str, ...]) -> bool:
    return len(want) == len(got) and all(
        _wildcard(w) or _wildcard(g) or bool(_segment_regex(w).match(g))
        for w, g in zip(want, got, strict=True)
    )


def path_matches(template: str, path: str) -> bool:
    """True when an example path fits an HTTP request template (``/me`` = ``/users/{id}``,
    ``('key')`` = ``/key``, ``~/`` or no leading ``/`` in the template, any parameter values)."""
    return _segments_match(_segments(template), _segments(path))


def _segments_match(template: tuple[str, ...], path: tuple[str, ...]) -> bool:
    return any(_fits(want, got) for want in _aliases(template) for got in _aliases(path))


def _repaired_url(templates: _Templates, base: str, version: str | None, rest: str) -> str:
    """A well-formed URL for a malformed one: Graph host, a version, and the part of the path
    that fits this page's HTTP request templates (stray segments such as ``docs\\api`` dropped)."""
    path, sep, query = rest.replace("\\", "/").partition("?")
    segments = [s for s in path.split("/") if s]
    path = "/" + "/".join(segments)
    found = _fitting_tail(templates, segments)
    if found is not None:
        path = "/" + "/".join(segments[found:])
    host = base if _GRAPH_HOST.match(base) else "https://graph.microsoft.com"
    return f"{host}/{version or 'beta'}{path}{sep}{query}"


class _Node:
    """One segment of the templates' trie: children by the segment the template has there."""

    __slots__ = ("end", "exact", "patterns", "wild")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = {}  # lower-case text -> node (a segment without {x})
        self.patterns: dict[str, _Node] = {}  # "f(a={a})", "x{a}y" -> node
        self.wild: _Node | None = None  # "{x}" or "<x>": any segment
        self.end = False  # a template ends here

    def child(self, segment: str) -> _Node:
        if _wildcard(segment):
            self.wild = self.wild or _Node()
            return self.wild
        matcher = _segment_regex(segment)
        if isinstance(matcher, _Exact):
            return self.exact.setdefault(matcher.text, _Node())
        return self.patterns.setdefault(segment, _Node())


class _Templates:
    """A page's HTTP request templates as a trie of segments (``/me`` aliases included), so that
    an example path is matched against them all in one walk: matching it against each template
    in turn took time proportional to templates times examples."""

    def __init__(self, templates: tuple[str, ...]) -> None:
        self.templates = templates
        self.root = _Node()
        self.sizes: set[int] = set()  # segment counts of the templates and their aliases
        for template in templates:
            for want in _aliases(_segments(template)):
                node = self.root
                for segment in want:
                    node = node.child(segment)
                node.end = True
                self.sizes.add(len(want))
        self._near: Suggestions | None = None

    def matches(self, path: str) -> bool:
        """True when the path fits one of the templates (as ``path_matches`` decides)."""
        return self.fit(_segments(path))

    def fit(self, segments: tuple[str, ...]) -> bool:
        return any(self._walk(got) for got in _aliases(segments))

    def _walk(self, got: tuple[str, ...]) -> bool:
        stack = [(self.root, 0)]  # each node is reached once: a trie, and depth = position
        while stack:
            node, i = stack.pop()
            if i == len(got):
                if node.end:
                    return True
                continue
            segment = got[i]
            if _wildcard(segment):
                nexts = [*node.exact.values(), *node.patterns.values(), node.wild]
            else:
                nexts = [node.wild, node.exact.get(_lower(segment))]
                nexts += [n for w, n in node.patterns.items() if _segment_regex(w).match(segment)]
            stack.extend((n, i + 1) for n in nexts if n is not None)
        return False

    def nearest(self, path: str) -> str | None:
        """The template most like ``path`` (difflib's ratio), for a suggestion."""
        if self._near is None:
            self._near = Suggestions(self.templates, 0.0, limit=64)
        return self._near.best(path)


def _fitting_tail(templates: _Templates, segments: list[str]) -> int | None:
    """The first ``i`` such that ``/`` + ``segments[i:]`` fits one of the templates.

    What joining every tail and matching it took time quadratic in the number of segments: a
    tail's segments (as _segments reads the joined text) are those of its raw segments, the
    last one without trailing spaces, so only the tails as long as a template are tried."""
    if not segments:
        return None
    raw = [*segments[:-1], segments[-1].rstrip()]
    if not raw[-1]:
        raw.pop()  # a last segment of spaces: '/x/ ' reads as '/x'
    parts = [_key_segments(s) for s in raw]
    after = [0] * (len(parts) + 1)  # after[i]: how many segments the tail from i has
    for i in range(len(parts) - 1, -1, -1):
        after[i] = after[i + 1] + len(parts[i])
    sizes = templates.sizes
    for i in range(len(parts)):
        sized = after[i] in sizes or after[i] + 1 in sizes  # (+1: a tail starting at /me)
        if sized and templates.fit(tuple(s for p in parts[i:] for s in p)):
            return i
    # the tail of only a last segment of spaces reads as no segments at all
    if len(segments) > len(raw) and templates.fit(()):
        return len(segments) - 1
    return None


_CAST = re.compile(r"(?i)^microsoft\.graph\.[\w.]+$")  # an OData type cast segment
_QUOTED_PLACEHOLDER = re.compile(r"(?<=/)'(\{[^{}/']*\})'(?=/|$)")  # /'{key}'/: a key


def page_templates(op: Operation) -> _Templates:
    """The page's templates as examples are matched against them: a key placeholder written in
    quotes (``recoveryKeys/'{id}'``) takes the key as a segment, as the service does."""
    return _templates_of(op.paths)


@lru_cache(maxsize=16384)
def _templates_of(paths: tuple[str, ...]) -> _Templates:
    """Built once a page's templates (the example and HTTP rule families both ask)."""
    return _Templates(tuple(_QUOTED_PLACEHOLDER.sub(r"\1", t) for t in paths))


def _variants(segments: tuple[str, ...]) -> list[tuple[str, ...]]:
    """An example path's segments as they may fit a template: as written; without OData type
    casts (``/transitiveMembers/microsoft.graph.user``: the templates name the collection);
    with function calls' arguments left out (a template naming the bare function,
    ``filterByCurrentUser`` for ``filterByCurrentUser(on='target')``)."""
    out = [segments]
    uncast = tuple(s for s in segments if not _CAST.match(s))
    if uncast != segments and uncast:
        out.append(uncast)
    for base in list(out):
        bare = tuple(m.group(1) if (m := _CALL.match(s)) else s for s in base)
        if bare != base:
            out.append(bare)
    return out


def example_fit(templates: _Templates, url: str) -> str:
    """How an example URL stands to the page's templates: ``"own"`` (it fits one: an example
    of this operation), ``"related"`` (another operation on the same resource: a template's
    path with segments after it, a property, ``$value``, a sub-collection; or a template's
    collection queried, ``?$filter=...`` on a get page) or ``""`` (it fits none)."""
    if not templates.templates:
        return "own"
    rest = split_url(url)[2]
    path, _, query = rest.partition("?")
    segments = _segments(path)
    variants = _variants(segments)
    if any(templates.fit(v) for v in variants):
        return "own"
    for v in variants:
        if any(templates.fit(v[:k]) for k in range(len(v) - 1, 0, -1) if k in templates.sizes):
            return "related"
    if query and any(templates.fit((*v, "{key}")) for v in variants):
        return "related"
    base, version, _ = split_url(url)
    if "\\" in url or version is None or not _GRAPH_HOST.match(base or ""):
        # a malformed URL (example-url-malformed's): it shows this operation if a tail of its
        # path fits, as the repair suggests (https://graph.microsoft.com/docs\api/x/{id} is /x/{id})
        raw = [s for s in path.replace("\\", "/").split("/") if s]
        if raw and _fitting_tail(templates, raw) is not None:
            return "own"
    return ""


def own_operation(templates: _Templates, op: Operation, example: Example) -> bool:
    """True when an example shows the page's own operation (its method, a URL fitting one of
    its templates), so what the page says of its response applies: a page may also show the
    request that gets a thumbnail's content, a second PATCH of a sub-resource, or a list."""
    request = example.request
    if request is None or not request.requests:
        return True
    line = request.requests[0]
    return line.method.upper() == op.method.upper() and example_fit(templates, line.url) == "own"




def _url(
    ctx: LintContext,
    templates: _Templates,
    op: Operation,
    url: str,
    source: SourceRef,
    opaque: bool = False,
    method: str = "",
) -> None:
    base, version, rest = split_url(url)
    if opaque:
        return  # "opaqueUrl": true, or a URL the page's responses hand out: not Graph's to judge
    if not base or version is None or not _GRAPH_HOST.match(base) or "\\" in url:
        relative = not base and "\\" not in url  # style: readers can still tell the URL
        ctx.report(
            EXAMPLE_URL_MALFORMED,
            source,
            f"example URL '{url}' is not a Graph URL: write it in full, "
            "https://graph.microsoft.com/<version>/...",
            # words where the path belongs ("** Entity URI for ... not found"): nothing to repair
            (
                None
                if any(c.isspace() for c in rest.strip())
                else _repaired_url(templates, base, version, rest)
            ),
            severity=Severity.WARNING if relative else None,
        )
        return
    path = rest.split("?", 1)[0]
    _placeholders(ctx, rest, source)
    fit = example_fit(templates, url)
    if fit == "related" and method.upper() == op.method.upper():
        beyond = _beyond_templates(templates, op, path)
        if beyond is not None:
            ctx.report(EXAMPLE_URL_MISMATCH, source, beyond[0], beyond[1])
        return
    if fit:
        return
    ctx.report(
        EXAMPLE_URL_MISMATCH,
        source,
        f"example path '{path}' matches none of the HTTP request templates of this page: "
        "correct the example, or the template if it is the one in error",
        templates.nearest(path),
    )


_KEY_LIKE = re.compile(r"^\{[^{}]*\}$|^[^()]*\d[^()]*$")  # {id}, 10001, a GUID; not a call


def _beyond_templates(
    templates: _Templates, op: Operation, path: str
) -> tuple[str, str | None] | None:
    """(message, suggestion) when an example of the page's own method goes past its
    templates in one of two ways no page means (``example_fit`` calls both "related"):
    - a get, update or delete page whose every template ends at a collection
      (``/education/schools``) while its example addresses one item of it
      (``/education/schools/10001``): the templates lack the key segment;
    - an example that continues after a function call a template ends with
      (``getM365AppUserCounts(period='D7')/content``), a segment no template writes.
    Other "related" examples (a property, ``$value``, a filtered list on a get page) may
    show another operation on purpose and are not judged."""
    segments = _segments(path)
    if (
        op.kind in ("get", "update", "delete")
        and len(segments) >= 2
        and _KEY_LIKE.match(segments[-1])
        and not any(t.split("?", 1)[0].rstrip("/").endswith("}") for t in templates.templates)
        and templates.fit(segments[:-1])
    ):
        nearest = templates.nearest(path)
        message = (
            f"example path '{path}' addresses one item ('{segments[-1]}') but every HTTP "
            f"request template of this {op.kind} page ends at the collection: add the item's "
            "key segment to the templates"
        )
        return (
            message,
            f"{nearest.split('?', 1)[0].rstrip('/')}/{{id}}" if nearest else None,
        )
    for k in range(len(segments) - 1):
        if _CALL.match(segments[k]) and templates.fit(segments[: k + 1]):
            extra = "/".join(segments[k + 1 :])
            message = (
                f"example path '{path}' continues after the function call '{segments[k]}' "
                f"with '/{extra}', which no HTTP request template of this page writes: add it "
                "to the template, or drop it from the example"
            )
            return message, None
    return None


# a template's {placeholder} left in an example URL: {id}, {id|name}, {user-id}; not {{x}}, "{}"
_URL_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][^{}/?&=\s]*+)\}(?!\})")


def _placeholders(ctx: LintContext, rest: str, source: SourceRef) -> None:
    """``example-url-placeholder``: an example URL (well formed: not example-url-malformed's)
    whose path or query keeps a template's ``{placeholder}``; a reader cannot run it as it is,
    nor tell what value goes there. One finding a URL, naming every placeholder."""
    if "{" not in rest:
        return
    names = list(dict.fromkeys(m.group(0) for m in _URL_PLACEHOLDER.finditer(rest)))
    if not names:
        return
    shown = listing(names, ", ")
    ctx.report(
        EXAMPLE_URL_PLACEHOLDER,
        source,
        f"example URL keeps the template placeholder{'s' if len(names) > 1 else ''} {shown}: "
        "write an example value (an id the response shows, a real name) in its place",
    )


def _annotated_collection(example: Example) -> bool | None:
    """What the response annotation says about the shape (None: it does not say)."""
    note = example.response_annotation
    if isinstance(note, dict) and isinstance(note.get("isCollection"), bool):
        return bool(note["isCollection"])
    if example.response_type and example.response_type.strip().lower().startswith("collection("):
        return True
    return None  # a plain @odata.type does not say "one": pages leave isCollection out


_MANY = re.compile(r"(?i)\b(?:collection|list|array|set)\s+of\b|\bobjects\b")
_LINK_LABEL = re.compile(r"\[([^\]]*)\]\(")


def _prose_says_many(page: Page | None, ref: TypeRef) -> bool:
    """True when the Response section's prose says many (the parser reads only "collection
    of"): "a list of [x](...) objects", "a [x](...) collection", "all [x](...) objects", a link
    labelled in the plural ("the [identityProviders](...)")."""
    for prose in page.prose if page is not None else ():
        if prose.heading is None or heading_key(prose.heading.text) != "response":
            continue
        text = prose.text
        if _MANY.search(text) or re.search(r"\]\([^)]*\)\s+collection\b", text, re.IGNORECASE):
            return True
        if any(
            label.strip().lower() == ref.name.lower() + "s" for label in _LINK_LABEL.findall(text)
        ):
            return True
    return False


def _annotated_one(ctx: LintContext, example: Example, body: object, source: SourceRef) -> None:
    """The JSON example of an operation whose page names no entity type (a report's Stream)
    is a collection (``{"value": [...]}``, and its ``@odata.context`` says
    ``Collection(...)``) while its annotation names one object of a type without a ``value``
    property: the annotation lacks ``"isCollection": true``, and a reader of it (a validator,
    a generated client) reads the items' type as the wrapper's."""
    if _annotated_collection(example) is not None or not example.response_type:
        return
    if not isinstance(body, dict) or not isinstance(body.get("value"), list):
        return
    context = body.get("@odata.context")
    if not isinstance(context, str) or "collection(" not in context.lower():
        return
    if any(key != "value" and "@" not in key for key in body):
        return
    t = ctx.lookup(example.response_type.strip().lstrip("#"))
    if t is None or "value" in ctx.members(t):
        return
    ctx.report(
        RESPONSE_SHAPE_MISMATCH,
        source,
        f"the response annotation names one {t.name} but the example body is a collection of "
        'them (@odata.context says Collection(...)): add "isCollection": true to the annotation',
    )


def _shape(
    ctx: LintContext,
    op: Operation,
    example: Example,
    body: object,
    source: SourceRef,
    page: Page | None = None,
) -> None:
    ref = op.response_type
    if (ref is None or ref.is_primitive) and op.kind != "list":
        _annotated_one(ctx, example, body, source)
    if ref is None or ref.is_primitive or not isinstance(body, dict):
        return  # a primitive (Edm.Stream of a CSV report, a Boolean) comes as {"value": ...}
    t = ctx.lookup(ref.qualified_name)
    own_value = t is not None and "value" in ctx.members(t)
    wrapped = isinstance(body.get("value"), (list, dict)) and not own_value
    annotated = _annotated_collection(example)  # authoritative over the prose when present
    collection = ref.collection if annotated is None else annotated
    if annotated is None and not collection and wrapped and _prose_says_many(page, ref):
        collection = True  # the prose says many, in words the parser does not read
        if op.kind != "list":  # and what the annotation says is what readers of it go by
            _annotated_one(ctx, example, body, source)
    says = "the page says" if annotated is None else "the response annotation says"
    if collection and not isinstance(body.get("value"), list):
        ctx.report(
            RESPONSE_SHAPE_MISMATCH,
            source,
            f"{says} a collection of {ref.name} but the example body is not "
            '{"value": [...]}: wrap the items in "value"',
        )
    elif not collection and wrapped and op.kind == "list" and isinstance(body["value"], list):
        ctx.report(  # a list operation listing: the prose or annotation is what is wrong
            RESPONSE_SHAPE_MISMATCH,
            source,
            f"{says} one {ref.name}, but this operation lists them: say a collection of "
            f"{ref.name}"
            + (' ("isCollection": true in the annotation)' if annotated is not None else ""),
        )
    elif not collection and wrapped:
        ctx.report(
            RESPONSE_SHAPE_MISMATCH,
            source,
            f'{says} one {ref.name} but the example wraps it in "value": show the object itself',
        )
    elif not collection and "value" not in body and (op.kind == "list" or ref.collection):
        # the annotation (or the prose) says one, the page's title or Response section many:
        # a reader of either gets the other shape (orgcontact-get-manager, user-list-manager)
        many = (
            f"a collection of {ref.name}" if ref.collection else f"a list of {ref.name} (its title)"
        )
        ctx.report(
            RESPONSE_SHAPE_MISMATCH,
            source,
            f"the page says {many} but the example body is one object"
            + (" and the annotation says one" if annotated is False else "")
            + ": make the two agree",
        )


# What a create may not set: a property the generated pages call computed, "This property is
# read-only." (Intune's generator writes it from the service's Computed annotation). The hand-
# written pages' bare "Read-only." mostly means "not updatable": most of what they call so a
# create must give (catalogId of an access package, the folder facet of a new folder, the
# templateId of a directory setting), so it is not read as "computed".
_COMPUTED = re.compile(r"(?i)\bthis property is read-only\b")
_READ_ONLY_WORDS = re.compile(r"(?i)\bread[- ]?only\b")


# ... unless the description lets a create give it: "can be supplied on creation", "Read-only
# when isBuiltIn is true" (read clause by clause, split at '.' and ';': each expression scans a
# clause once)
_CONDITION = re.compile(r"(?i)\b(?:after|when|once|unless|except|if)\b")
_SETTABLE = re.compile(
    r"(?i)\bafter (?:it is |being |the \w++ is )?creat|\b(?:on|at|during) creation\b"
    r"|\bwhen creat|\bcan be (?:set|supplied|specified)\b"
    r"|\bcannot be (?:changed|modified|updated) after\b"
)
_CLAUSES = re.compile(r"[.;]")


@lru_cache(maxsize=8192)
def _computed(description: str) -> bool:
    """True when a property's description says the service computes it, and does not say a
    create may give it."""
    if _COMPUTED.search(description) is None or _SETTABLE.search(description):
        return False
    for clause in _CLAUSES.split(description):
        if clause.strip().lower() == "required":
            return False  # "Read-only. Required.": given when created, not changed after
        m = _READ_ONLY_WORDS.search(clause)
        if m is not None and _CONDITION.search(clause, m.end()):
            return False  # "Read-only when isBuiltIn is true"
    return True


def _created_type(ctx: LintContext, op: Operation) -> str | None:
    """The type a create operation's examples post: its request body's, else its response's
    (a create answers with what it made); None when the two name different types (the body is
    then not the created entity) or the page names neither."""
    body, made = op.request_body_type, op.response_type
    if body is not None and made is not None and body.name.lower() != made.name.lower():
        return None
    ref = body or made
    if ref is None or ref.is_primitive or ref.collection:
        return None
    return ref.qualified_name


def _create_read_only(ctx: LintContext, op: Operation, examples: tuple[Example, ...]) -> None:
    """A create example (a POST of the collection's entity, not an action's parameters) that
    sets a property the tables call read-only, without a "settable on creation" qualifier.
    Keys are left alone: a create may name its new key (client-assigned ids)."""
    name = _created_type(ctx, op)
    if name is None:
        return
    # what the create page's own Request body table offers (and does not call read-only)
    offered = {
        p.name
        for p in op.parameters
        if p.location == "body" and not _READ_ONLY_WORDS.search(p.description)
    }
    for example in examples:
        request = example.request
        body = request.body if request is not None else None
        if request is None or request.method != "POST" or not isinstance(body, dict):
            continue
        posted = body.get("@odata.type")
        t = (ctx.lookup(posted) if isinstance(posted, str) else None) or ctx.model.type(name)
        if t is None:
            continue
        chain = ctx.chain(t)
        keys = {c.key_property for c in chain if c.key_property} | {"id"}
        read_only = {
            p.name: c.name
            for c in reversed(chain)
            for p in c.properties
            if p.read_only and _computed(p.description)
        }
        start = request.body_source or request.source
        for key in body:
            if key in read_only and key not in keys and key not in offered:
                ctx.report(
                    PATCH_READ_ONLY_PROPERTY,
                    pointer_line(request.body_text or "", start, f"/{key}"),
                    f"create example body sets '{key}', which the {read_only[key]} table calls "
                    "read-only: leave it out of the request (the service sets it)",
                    subject=f"{t.name}.{key}",
                )


def _read_only(ctx: LintContext, op: Operation, examples: tuple[Example, ...]) -> None:
    if op.kind == "create" and op.method == "POST":
        _create_read_only(ctx, op, examples)
        return
    if op.method != "PATCH":
        return
    # the type the page links, else the entity validate_request reads the body as
    modelled = ctx.model.operation(op.id) if op.request_body_type is None else None
    name = (
        op.request_body_type.qualified_name
        if op.request_body_type is not None
        else entity_body(ctx.model, modelled)
        if modelled is not None
        else None
    )
    if name is None:
        return
    chain = [t for t in [ctx.model.type(name), *ctx.model.ancestors(name)] if t is not None]
    if not chain:
        return
    shown = chain[0].name
    keys = {t.key_property for t in chain if t.key_property} | (
        {"id"} if chain[0].kind == "entity" else set()
    )
    read_only = {
        p.name
        for t in chain
        for p in t.properties
        if p.read_only and stated_read_only(p.description)
    }
    for param in op.parameters:
        if param.location == "body" and (param.name in keys or param.name in read_only):
            what = "key" if param.name in keys else "read-only"
            ctx.report(
                PATCH_READ_ONLY_PROPERTY,
                param.source,
                f"PATCH body table offers {what} property '{param.name}'",
                subject=f"{shown}.{param.name}",
            )
    for example in examples:
        request = example.request
        body = request.body if request is not None else None
        if request is not None and request.method == "PATCH" and isinstance(body, dict):
            start = request.body_source or request.source
            for key in body:
                if key in keys or key in read_only:
                    ctx.report(
                        PATCH_READ_ONLY_PROPERTY,
                        pointer_line(request.body_text or "", start, f"/{key}"),
                        f"PATCH example body sets {'key' if key in keys else 'read-only'} property '{key}'",
                        subject=f"{shown}.{key}",
                    )


_STATUS = re.compile(
    r"`\s*([1-5]\d\d)\b[^`]*`"
    r"|\b([1-5]\d\d)\s+(?:OK|Created|Accepted|No Content|Multi-Status|Partial Content|Found)\b"
)


def _documented_statuses(page: Page) -> set[int]:
    """Every status code the prose of the Response section names (alternatives included)."""
    return {
        int(m.group(1) or m.group(2))
        for prose in page.prose
        if prose.heading is not None and heading_key(prose.heading.text) == "response"
        for m in _STATUS.finditer(prose.text)
    }


def _statuses(codes: set[int]) -> str:
    shown = sorted(c for c in codes if c)
    return " or ".join(str(c) for c in shown)


_NO_BODY = frozenset({"GET", "DELETE", "HEAD"})


def _body_not_sent(ctx: LintContext, request: HttpMessage) -> None:
    """``example-body-not-sent``: a GET or DELETE example with a body (api/range-cell.md:64,
    ``GET .../range/Cell`` with ``{"row": ..., "column": ...}``; a DELETE of an owner's
    ``$ref`` with ``{"@odata.id": ...}``). Clients do not send one and the service does not
    read one: a function's parameters go in its URL, what a DELETE removes is in its path."""
    if not request.requests or not (request.body_text or "").strip():
        return
    method = request.requests[0].method.upper()
    if method not in _NO_BODY:
        return
    where = "a function's parameters go in its URL, name(param=value)"
    if method == "DELETE":
        where = "the path names what to delete (a reference: .../{id}/$ref)"
    ctx.report(
        EXAMPLE_BODY_NOT_SENT,
        request.body_source or request.source,
        f"this {method} example has a request body, which {method} requests do not carry: "
        f"{where}; drop the body",
    )


_METHOD = re.compile(r"^\s*+(GET|POST|PUT|PATCH|DELETE)\s")


def template_methods(page: Page | None, op: Operation) -> frozenset[str]:
    """The HTTP methods the page's HTTP request section writes (organizationalbranding-update
    lists PATCH and PUT for one path; the operation keeps the first)."""
    out = {op.method.upper()}
    for fence in page.fences if page is not None else ():
        if fence.heading is not None and heading_key(fence.heading.text) == "http request":
            out.update(m.group(1) for t in fence.text.splitlines() if (m := _METHOD.match(t)))
    return frozenset(out)


def _method_and_body(
    ctx: LintContext, templates: _Templates, methods: frozenset[str], request: HttpMessage
) -> None:
    """``example-method-mismatch``: an example of one of the page's URLs sent with a method
    no template writes (api/projectrome-delete-historyitem.md:65, a PUT on the Delete page;
    privilegedroleassignmentrequest-my: POST in the template, GET in the example).
    ``example-body-missing``: a PATCH example of the page's URL without a body
    (api/approvalstep-update.md:70: the Request body table lists reviewResult)."""
    if not request.requests:
        return
    line = request.requests[0]
    method = line.method.upper()
    if method in _WRITES_OR_READS and method not in methods:
        if example_fit(templates, line.url) == "own":
            ctx.report(
                EXAMPLE_METHOD_MISMATCH,
                line.source,
                f"this example sends {method} to the page's URL, but its HTTP request section "
                f"writes {listing(sorted(methods), ', ')}: make the two agree",
                min(methods),
            )
        return
    body = (request.body_text or "").strip()
    if method == "PATCH" and not body and example_fit(templates, line.url) == "own":
        ctx.report(
            EXAMPLE_BODY_MISSING,
            line.source,
            "this PATCH example has no request body: show the properties it updates",
        )


_WRITES_OR_READS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_NO_BODY_TEXT = re.compile(
    r"(?i)\b(?:do not|don't) (?:supply|specify|send) a request body"
    r"|\bdoes not require any request body|\bno request body is required"
)


def _says_no_body(page: Page | None) -> str:
    """The Request body section's words saying the operation takes no body ("" for none):
    "Do not supply a request body for this method.", "This API does not require any request
    body." (api/workbook-closesession.md, whose example sends ``{}``)."""
    for prose in page.prose if page is not None else ():
        if prose.heading is not None and heading_key(prose.heading.text) == "request body":
            m = _NO_BODY_TEXT.search(prose.text)
            if m:
                return m.group(0)
    return ""


def _action_body_undocumented(
    ctx: LintContext, templates: _Templates, op: Operation, request: HttpMessage
) -> None:
    """``action-body-undocumented``: an action's own example sends a JSON object with
    properties while its page has no request body table and links no type for the body
    (api/riskyusers-dismiss.md:63: "Specify the userIds to dismiss in the request body." and
    ``{"userIds": [...]}``): a reader cannot tell the parameters, their types or which are
    required. OData annotations alone (``@odata.id``) are not judged."""
    body = request.body
    if (
        op.kind != "action"
        or op.request_body_type is not None
        or not isinstance(body, dict)
        or not any(not str(k).startswith("@") for k in body)
        or not request.requests
        or request.requests[0].method.upper() != op.method.upper()
        or any(p.location == "body" for p in op.parameters)
        or example_fit(templates, request.requests[0].url) != "own"
    ):
        return
    names = listing([str(k) for k in body if not str(k).startswith("@")], ", ")
    ctx.report(
        ACTION_BODY_UNDOCUMENTED,
        request.body_source or request.source,
        f"the example sends {names}, but the page's Request body section has no table of the "
        "action's parameters (name, type, required): add one",
    )


def check(ctx: LintContext) -> None:
    """All HTTP example rules."""
    for page in ctx.pages:
        op = page.operation
        if op is None:
            continue
        examples = page_examples(ctx, page)
        _read_only(ctx, op, examples)
        statuses: set[int] | None = None  # read once a page, not once an example
        templates = page_templates(op)
        hosts: set[str] | None = None
        methods: frozenset[str] | None = None  # read once a page, when it has a request
        says_no_body: str | None = None  # read once a page, when an example has a body
        for example in examples:
            if example.request is not None:
                note = example.request_annotation
                flagged = isinstance(note, dict) and note.get("opaqueUrl") is True
                for line in example.request.requests:
                    base = split_url(line.url)[0].lower()
                    if base and not _GRAPH_HOST.match(base) and not flagged and hosts is None:
                        hosts = handed_out_hosts(examples)
                    opaque = flagged or (
                        bool(base) and not _GRAPH_HOST.match(base) and base[8:] in (hosts or ())
                    )
                    _url(ctx, templates, op, line.url, line.source, opaque, line.method)
                _body_not_sent(ctx, example.request)
                if methods is None:
                    methods = template_methods(page.page, op)
                _method_and_body(ctx, templates, methods, example.request)
                _action_body_undocumented(ctx, templates, op, example.request)
                # an empty object sends nothing to contradict "does not require a request
                # body" (workbook-closesession: {} under Content-length: 0)
                empty = example.request.body_valid and example.request.body in ({}, [])
                if (example.request.body_text or "").strip() and not empty:
                    if says_no_body is None:
                        says_no_body = _says_no_body(page.page)
                    if says_no_body and own_operation(templates, op, example):
                        ctx.report(
                            EXAMPLE_BODY_UNEXPECTED,
                            example.request.body_source or example.request.source,
                            f"the Request body section says '{says_no_body}', but this example "
                            "sends a body: drop it, or document the body",
                        )
            response = example.response
            if response is None or not own_operation(templates, op, example):
                continue  # what the page says of its response is about its own operation
            if response.status is not None and response.status >= 400:
                continue  # an error shown on purpose ("no branding configured": 404)
            if statuses is None:
                statuses = _documented_statuses(page.page) if page.page else set()
                statuses.add(op.response_status or 0)
            documented = statuses
            if op.response_status and response.status and response.status not in documented:
                ctx.report(
                    RESPONSE_STATUS_MISMATCH,
                    response.source,
                    f"the Response section documents {_statuses(documented)} but the example "
                    f"answers {response.status}: make the two agree",
                    str(op.response_status),
                )
            _shape(
                ctx, op, example, response.body, response.body_source or response.source, page.page
            )
    ctx.collapse(PATCH_READ_ONLY_PROPERTY, "read-only or key properties offered")
