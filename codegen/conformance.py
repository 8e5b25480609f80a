"""The docs' examples as the acceptance test of a generated package (issue 17).

For every example of every operation of a model, :class:`Harness` checks four stages against
the package generated from the same docs (imported from its folder):

``request``
    The example request rebuilt through the generated client's public API and sent to a
    recording loopback server. The walk goes from the client object along the example URL's
    path (after ``/beta`` or ``/v1.0``): the generator's own tree
    (:func:`codegen.generate.client_tree.build_tree`) says which Python name each URL segment
    has (its ``accessor``, ``template``, ``params``, ``methods``), and those names are called
    on the real generated objects with ``getattr`` and the example's values; then the method
    for the HTTP method, with the URL's OData options as its keyword arguments, the example's
    headers as the method's header arguments (or its ``headers=`` mapping), and the JSON body
    (through the body model's ``from_dict`` when the method's ``body`` is annotated with a
    model). Nothing is read from the package's source or docstrings. What the server received
    is compared with the example: method; path; query; the headers the example names; the
    JSON body.
``response``
    The example's 2xx JSON response decoded with ``from_dict`` of its declared response model
    (the type its response annotation names, else the operation's response type; each item of
    ``value`` for a collection), re-encoded with ``to_dict`` and compared; and, when the call
    above returned, the client's own result must encode the same.
``validate_request``
    ``validate_request(op.id, body)`` of the package accepts the example's JSON request body.
``validate_response``
    ``validate(type, item)`` accepts the example's response (each item of a collection).

Decisions (each one a place where a stricter or looser harness would be defensible):

- Paths are compared percent-decoded (``%2F`` in a value counts as the ``/`` the docs wrote).
  Literal segments (navigation, action and function names) are compared case-insensitively,
  because Graph reads them so and the generator merges case variants into one builder spelled
  one way; placeholder values (ids, function arguments) are compared exactly. Outcomes count
  how many passed only case-insensitively (``Outcome.case_only``).
- Empty segments (a trailing ``/``, ``//``) are dropped from the example's path, as the
  generator drops them from the docs' paths.
- A relative example URL (``/me/drive/root``, as the OneDrive pages write them) is relative to
  the service root; a URL on another host (an upload URL, ``https://graph/microsoft.com``) or
  without a version segment (``https://graph.microsoft.com/docs\\api/...``) is a docs defect
  and fails the request stage.
- A segment that is a function call (``f(...)``), a type cast (``microsoft.graph.user``) or an
  OData segment (``$value``) is never passed to ``by_id`` as an id: that would send the same
  URL through the wrong builder. A list operation's response is a collection whatever its
  prose says.
- Query options are recognised with or without ``$`` and in any case (``select=`` is
  ``$select``); ``$select``/``$expand``/``$orderby`` values are compared as lists split at
  top-level commas with blanks stripped, ``$count`` case-insensitively, the rest exactly, all
  form-decoded (``+`` is a space). A query parameter that is not an OData option is passed
  only when the method has a keyword of that name (snake_case), otherwise the stage fails.
- Headers: ``Authorization``, ``Content-Length``, ``Host`` and ``Accept-Encoding`` belong to
  the transport and are not compared; ``Content-Type`` of a JSON body only has to be JSON;
  every other header the example names must be sent with its value.
- JSON is compared as JSON values, except that two strings which spell the same typed value
  are equal: the same instant to the microsecond (Graph's 7th fractional digit is dropped by
  design), time of day, duration, a GUID in another case, base64 with another alphabet or
  padding. ``true`` never equals ``1``.
- A response object none of whose properties is a property of the declared type (all of
  them would land in ``additional_data``: a ``{"value": {...}}`` wrapper around one entity)
  fails the response stage although it decodes and round-trips.
- The response's root ``@odata.context`` (and for a collection the wrapper's
  ``@odata.nextLink``/``@odata.count``...) are not part of the round trip. Examples the docs
  mark ``truncated`` are checked like the others: truncation leaves properties out, which a
  round trip keeps out; it does not excuse a value that fails to decode.
- The loopback server replies with the example's status and JSON body (its
  ``@odata.nextLink`` removed, so a list stops after one page); the request stage is judged
  from what the server received, whatever the call then raised.

Every failure has a stable ``reason`` (the keys of :data:`REASONS`) and a ``detail``; a
``blame`` says whether the docs, the generator or either is at fault where the harness can
tell: a URL no documented path matches is the docs', a documented path without a builder is
the generator's.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime
import importlib
import inspect
import json
import math
import random
import re
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from codegen.generate.client_tree import Node, build_tree
from codegen.generate.model_specs import TypeNames, type_names
from codegen.generate.naming import field_name
from codegen.generate.schema import request_body_names
from codegen.ir.model import Model
from codegen.ir.operation import Example, Operation
from codegen.ir.types import PRIMITIVES
from codegen.parser.http_blocks import handed_out_hosts

STAGES = ("request", "response", "validate_request", "validate_response")
STAGE_TITLES = {
    "request": "requests reproduced",
    "response": "responses decoded and round-tripped",
    "validate_request": "validate_request accepted",
    "validate_response": "validate accepted the response",
}
PASS, FAIL, NA = "pass", "fail", "n/a"

# reason -> (stage, who is at fault when the harness cannot tell better, what it means)
REASONS: dict[str, tuple[str, str, str]] = {
    "url-not-graph": ("request", "docs", "the example URL is not on graph.microsoft.com"),
    "url-no-version": ("request", "docs", "the example URL has no /beta or /v1.0 segment"),
    "no-builder-path": ("request", "either", "no accessor for a segment of the URL"),
    "no-method": ("request", "either", "the final builder has no method for the HTTP method"),
    "accessor-missing": ("request", "generator", "the tree names an accessor the package lacks"),
    "query-option-unsupported": ("request", "either", "a query option the method cannot take"),
    "query-option-value": ("request", "docs", "a query option value of the wrong kind"),
    "header-unsupported": ("request", "generator", "a header the method cannot send"),
    "body-invalid-json": ("request", "docs", "the example body is not valid JSON"),
    "body-not-json": ("request", "generator", "a non-JSON body the client cannot send"),
    "body-unexpected": ("request", "either", "the example has a body, the method takes none"),
    "body-missing": ("request", "either", "the method requires a body, the example has none"),
    "body-decode": ("request", "either", "the request body model's from_dict raised"),
    "argument-error": ("request", "either", "the call raised before sending"),
    "not-sent": ("request", "generator", "the call returned without sending a request"),
    "client-exception": ("request", "generator", "the call raised an unexpected exception"),
    "method-differs": ("request", "generator", "another HTTP method was sent"),
    "path-differs": ("request", "generator", "another path was sent"),
    "query-differs": ("request", "generator", "another query was sent"),
    "header-differs": ("request", "generator", "a header was not sent as the example has it"),
    "body-differs": ("request", "either", "another JSON body was sent"),
    "collection-without-value": ("response", "either", "a collection response without value"),
    "item-not-object": ("response", "docs", "a collection item that is not a JSON object"),
    "decode-error": ("response", "either", "from_dict of the response model raised"),
    "no-known-property": ("response", "docs", "none of the body's properties is the type's"),
    "round-trip-differs": ("response", "either", "to_dict(from_dict(x)) is not x"),
    "client-decode-error": ("response", "either", "the client's call raised DecodeError"),
    "client-result-differs": ("response", "generator", "the client's result encodes otherwise"),
    "unknown-operation": ("validate_request", "generator", "validate_request lacks the op"),
    # validate_request / validate: one reason per code of the first issue (validators.Issue)
    "validate-request:not-allowed-body": (
        "validate_request",
        "either",
        "validate_request says the operation takes no body",
    ),
    "validate-request": ("validate_request", "docs", "validate_request found issues"),
    "validate": ("validate_response", "docs", "validate found issues"),
}


def blame_of(reason: str) -> str:
    """The default blame of a reason (``validate:enum`` falls back to ``validate``)."""
    entry = REASONS.get(reason) or REASONS.get(reason.split(":", 1)[0])
    return entry[1] if entry else "either"


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_VERSIONS = ("beta", "v1.0")
_GRAPH_HOSTS = ("graph.microsoft.com",)
_TRANSPORT_HEADERS = frozenset({"authorization", "content-length", "host", "accept-encoding"})
_LIST_OPTIONS = frozenset({"select", "expand", "orderby"})
_OPTIONS = frozenset({"select", "expand", "filter", "orderby", "top", "skip", "search", "count"})
_BASE_PATH = "/beta"
_TOKEN = "conformance-token"
_MAX_CANDIDATES = 64
_PRIMITIVE_NAMES = frozenset(p.lower().removeprefix("edm.") for p in PRIMITIVES) | {"json"}
# Segments never taken as an id value by ``by_id``: a function call (``delta()``,
# ``f(a='x')``), a type cast (``microsoft.graph.user``), an OData segment (``$value``). Sending
# them as an id would give the same URL, but through the wrong builder (and response type).
_NOT_AN_ID = re.compile(
    r"[A-Za-z_][\w.]*\(.*\)|microsoft\.graph\.[A-Za-z_][\w.]*|\$[A-Za-z]+", re.DOTALL
)


@dataclass
class StageResult:
    status: str = NA
    reason: str = ""
    detail: str = ""
    blame: str = ""

    @property
    def label(self) -> str:
        return self.status if self.status != FAIL else f"fail:{self.reason}"


@dataclass
class Outcome:
    """What happened to one example."""

    where: str  # file:line of the example (its request annotation, else its first block)
    op_id: str
    name: str | None
    method: str | None
    url: str | None
    truncated: bool
    stages: dict[str, StageResult] = field(
        default_factory=lambda: {s: StageResult() for s in STAGES}
    )
    case_only: bool = False  # the path matched only case-insensitively on literal segments
    calls: str = ""  # the Python expression the harness called, for reading

    def labels(self) -> dict[str, str]:
        return {stage: result.label for stage, result in self.stages.items()}


class _Fail(Exception):
    def __init__(self, reason: str, detail: str, blame: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail
        self.blame = blame or blame_of(reason)


# ---------------------------------------------------------------------------------------------
# The package


def generate_with_cli(docs: list[Path], out: Path, package: str, *, cwd: Path) -> float:
    """``python -m codegen generate DOCS --out OUT --package NAME`` in a subprocess run in
    ``cwd`` (the real CLI, the user's cache): its wall time; raises RuntimeError on failure."""
    import os
    import subprocess
    import time

    env = dict(os.environ)
    project = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (project, env.get("PYTHONPATH")) if p)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "codegen",
            "generate",
            *map(str, docs),
            "--out",
            str(out),
            "--package",
            package,
            "-q",
        ],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"codegen generate exited {done.returncode}: {done.stderr.strip()[-500:]}"
        )
    return time.perf_counter() - started


def import_package(out: Path, package: str) -> ModuleType:
    """Import the generated ``package`` from the folder ``out`` (put first on ``sys.path``)."""
    folder = str(Path(out).resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    importlib.invalidate_caches()
    return importlib.import_module(package)


def forget_package(out: Path, package: str) -> None:
    """Undo :func:`import_package`: the ``sys.path`` entry and the package's modules."""
    folder = str(Path(out).resolve())
    if folder in sys.path:
        sys.path.remove(folder)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


# ---------------------------------------------------------------------------------------------
# URLs


def split_url(url: str) -> tuple[str, str]:
    """(path after the version segment, raw query) of an example URL; raises _Fail."""
    text = url.strip()
    if "://" in text:
        parts = urlsplit(text)
        if parts.hostname not in _GRAPH_HOSTS:
            raise _Fail("url-not-graph", f"host {parts.hostname or parts.netloc!r}")
        segments = parts.path.split("/")
        if len(segments) < 2 or segments[1] not in _VERSIONS:
            raise _Fail("url-no-version", f"path {parts.path[:60]!r}")
        return "/" + "/".join(segments[2:]), parts.query
    path, _, query = text.partition("?")
    path = "/" + path.lstrip("/")
    first = path.split("/")[1] if path.count("/") >= 1 else ""
    if first in _VERSIONS:  # "/beta/me" written without the host
        path = "/" + "/".join(path.split("/")[2:])
    return path, query


def _handed_out(op: Operation, url: str) -> bool:
    """True when ``url`` is on a host other than Graph's that a response of the operation's
    page hands out (an ``uploadUrl``, a redirect's ``Location``): such a URL is opaque,
    followed as given, and no request the client builds (lint's example-url rules skip it)."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    return bool(host) and host not in _GRAPH_HOSTS and host in handed_out_hosts(op.examples)


def path_segments(path: str) -> list[str]:
    """The percent-decoded, non-empty segments of a path."""
    return [unquote(s) for s in path.split("/") if s]


# name('key'): a key in parentheses (not a function call: no ``=``, one quoted value)
_KEY_IN_PARENS = re.compile(r"([^(){}']+)\('([^']*)'\)")


def key_segments(segments: list[str]) -> list[str]:
    """The segments with each key written in parentheses, ``messages('AAMk=')``, as the key
    segment OData also takes, ``messages``, ``AAMk=`` (lint's example-url rules read them
    so): the client's ``by_id`` sends the second spelling of the same URL."""
    out: list[str] = []
    for segment in segments:
        m = _KEY_IN_PARENS.fullmatch(segment)
        out.extend([m.group(1), m.group(2)] if m and m.group(2) else [segment])
    return out


def _top_level_split(text: str) -> list[str]:
    """``a,b(c,d),'e,f'`` -> ``["a", "b(c,d)", "'e,f'"]``, blanks stripped, empties dropped."""
    out, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            out.append(text[start:index])
            start = index + 1
    out.append(text[start:])
    return [item.strip() for item in out if item.strip()]


def _option_key(name: str) -> str | None:
    """The OData option a query parameter name is (``$select``, ``select``, ``$Top``)."""
    bare = name.strip().lstrip("$").lower()
    return bare if bare in _OPTIONS and (name.startswith("$") or bare == name.strip()) else None


def _normal_query(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in pairs:
        key = _option_key(name)
        if key is None:
            out[name] = value
        elif key in _LIST_OPTIONS:
            out["$" + key] = _top_level_split(value)
        elif key == "count":
            out["$" + key] = value.strip().lower()
        else:
            out["$" + key] = value
    return out


# ---------------------------------------------------------------------------------------------
# Comparing JSON


def _parse_typed(text: str) -> list[tuple[str, Any]]:
    """The typed values a string may spell (for comparing re-encodings)."""
    out: list[tuple[str, Any]] = []
    try:
        value = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
        head, dot, rest = value.partition(".")
        if dot:  # at most 6 fractional digits: Graph's 7th is dropped by design
            digits = re.match(r"\d*", rest).group(0)  # type: ignore[union-attr]
            value = head + "." + digits[:6].ljust(1, "0") + rest[len(digits) :]
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is not None and "T" in text.upper():
            out.append(("instant", moment))
    except ValueError:
        pass
    try:
        if re.fullmatch(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
            head, dot, rest = text.partition(".")
            out.append(
                ("time", datetime.time.fromisoformat(head + (dot + rest[:6] if dot else "")))
            )
    except ValueError:
        pass
    duration = re.fullmatch(
        r"(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", text
    )
    if duration and text not in ("P", "-P", "PT"):
        sign, w, d, h, m, s = duration.groups()
        if s and "." in s:  # microseconds, as the runtime keeps them (timedelta)
            whole, _, fraction = s.partition(".")
            s = f"{whole}.{fraction[:6]}"
        span = datetime.timedelta(
            weeks=int(w or 0),
            days=int(d or 0),
            hours=int(h or 0),
            minutes=int(m or 0),
            seconds=float(s or 0),
        )
        out.append(("duration", -span if sign else span))
    try:
        if len(text) in (32, 36, 38):
            out.append(("guid", uuid.UUID(text)))
    except ValueError:
        pass
    if len(text) >= 4 and re.fullmatch(r"[A-Za-z0-9+/_-]+=*", text):
        try:
            padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
            out.append(("bytes", base64.b64decode(padded.replace("-", "+").replace("_", "/"))))
        except (binascii.Error, ValueError):
            pass
    return out


def _same_string(a: str, b: str) -> bool:
    if a == b:
        return True
    typed_b = dict(_parse_typed(b))
    return any(kind in typed_b and typed_b[kind] == value for kind, value in _parse_typed(a))


def _pointer(path: str, key: str | int) -> str:
    return f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def json_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` first differs from ``expected`` (a JSON Pointer and what), or None."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected:
            if key not in actual:
                other = [k for k in actual if k not in expected and k.lower() == str(key).lower()]
                if other:
                    return f"{_pointer(path, key)}: renamed to {other[0]!r}"
                return f"{_pointer(path, key) or '/'}: missing (expected {_show(expected[key])})"
            found = json_difference(expected[key], actual[key], _pointer(path, key))
            if found:
                return found
        for key in actual:
            if key not in expected:
                return f"{_pointer(path, key)}: unexpected {_show(actual[key])}"
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path or '/'}: {len(actual)} items, expected {len(expected)}"
        for index, (a, b) in enumerate(zip(expected, actual, strict=True)):
            found = json_difference(a, b, _pointer(path, index))
            if found:
                return found
        return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = expected is actual
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        same = expected == actual or (math.isnan(expected) and math.isnan(actual))
    elif isinstance(expected, str) and isinstance(actual, str):
        same = _same_string(expected, actual)
    else:
        same = expected is None and actual is None
    return None if same else f"{path or '/'}: {_show(actual)}, expected {_show(expected)}"


# ---------------------------------------------------------------------------------------------
# Walking the tree


@dataclass(frozen=True)
class Step:
    """One accessor: ``getattr(builder, name)``, called with ``args`` when it takes values."""

    name: str
    args: tuple[tuple[str, str], ...] | None  # None: a property


@dataclass
class Route:
    """A way through the tree for a path: the accessors, the method, the method's values."""

    steps: list[Step]
    node: Node
    method: Any  # MethodSpec
    method_args: tuple[tuple[str, str], ...]
    pieces: list[list[tuple[str, bool]]]  # per unit of the path: (text, is a value)
    score: tuple[int, ...] = ()

    def expression(self, root: str = "client") -> str:
        text = root
        for step in self.steps:
            text += f".{step.name}"
            if step.args is not None:
                text += "(" + ", ".join(f"{k}={v!r}" for k, v in step.args) + ")"
        return text + f".{self.method.name}(...)" if self.method is not None else text


def _template_regex(template: str) -> tuple[re.Pattern[str], list[str]] | None:
    """A regex for a segment template: literal runs and placeholders as alternating groups."""
    parts = _PLACEHOLDER.split(template)
    if len(parts) == 1:
        return None
    regex = "".join(f"({re.escape(p)})" if i % 2 == 0 else "(.+?)" for i, p in enumerate(parts))
    return re.compile(regex, re.IGNORECASE | re.DOTALL), parts[1::2]


def _match_template(
    template: str, args: tuple[tuple[str, str], ...], text: str
) -> tuple[tuple[tuple[str, str], ...], list[tuple[str, bool]]] | None:
    """The (argument, value) pairs and pieces of ``text`` matching a template with values."""
    compiled = _template_regex(template)
    if compiled is None:
        return None
    regex, placeholders = compiled
    match = regex.fullmatch(text)
    if match is None:
        return None
    groups = match.groups()
    pieces = [(g, i % 2 == 1) for i, g in enumerate(groups) if g]
    by_placeholder = dict(zip(placeholders, groups[1::2], strict=True))
    values = []
    for arg, placeholder in args:
        if placeholder not in by_placeholder:
            return None
        values.append((arg, by_placeholder[placeholder]))
    return tuple(values), pieces


def _literal_of(template: str, text: str) -> bool:
    return template.lower() == text.lower()


class Walker:
    """Finds routes through a tree for the segments of a URL path."""

    def __init__(self, root: Node) -> None:
        self.root = root

    def routes(self, segments: list[str], http: str | None) -> tuple[list[Route], str]:
        """Every complete route (a method for ``http``, any method when None), and when none
        is complete, why: the deepest point reached."""
        found: list[Route] = []
        deepest: list[Any] = [(-1, "")]

        def note(index: int, node: Node, why: str) -> None:
            if index > deepest[0][0]:
                deepest[0] = (index, why)

        def visit(node: Node, index: int, steps: list[Step], pieces: list[Any]) -> None:
            if len(found) >= _MAX_CANDIDATES:
                return
            rest = segments[index:]
            here = node.path or "/"
            if not rest:
                methods = [m for m in node.methods if not m.suffix and _http_ok(m, http)]
                for m in methods:
                    found.append(Route(list(steps), node, m, (), list(pieces)))
                if not methods:
                    have = sorted({f"{m.http} {m.name}" for m in node.methods if not m.suffix})
                    note(
                        index,
                        node,
                        f"no {http or 'method'} on {here}"
                        + (f" (has {', '.join(have)})" if have else ""),
                    )
            # an action or function: a method of this node named by the last segment(s)
            for m in node.methods:
                if not m.suffix or not _http_ok(m, http) or not rest:
                    continue
                template = m.suffix.lstrip("/")
                for count in range(1, len(rest) + 1):
                    text = "/".join(rest[:count])
                    if count == len(rest) and not m.suffix_params and _literal_of(template, text):
                        found.append(Route(list(steps), node, m, (), [*pieces, [(text, False)]]))
                    elif count == len(rest) and m.suffix_params:
                        got = _match_template(template, tuple(m.suffix_params), text)
                        if got is not None:
                            found.append(Route(list(steps), node, m, got[0], [*pieces, got[1]]))
                    if not m.suffix_params:
                        break
            if not rest:
                return
            segment = rest[0]
            matched = False
            for key in sorted(node.children):
                child = node.children[key]
                params = tuple(child.params)
                if key == "{}":
                    if not segment or not params or _NOT_AN_ID.fullmatch(segment):
                        continue
                    matched = True
                    args = tuple((arg, segment) for arg, _ in params[:1])
                    visit(
                        child,
                        index + 1,
                        [*steps, Step(child.accessor, args)],
                        [*pieces, [(segment, True)]],
                    )
                elif not params:
                    if _literal_of(child.template, segment):
                        matched = True
                        visit(
                            child,
                            index + 1,
                            [*steps, Step(child.accessor, None)],
                            [*pieces, [(segment, False)]],
                        )
                else:
                    for count in range(1, len(rest) + 1):
                        got = _match_template(child.template, params, "/".join(rest[:count]))
                        if got is not None:
                            matched = True
                            visit(
                                child,
                                index + count,
                                [*steps, Step(child.accessor, got[0])],
                                [*pieces, got[1]],
                            )
            if not matched:
                note(index, node, f"segment {segment!r} under {here}")

        visit(self.root, 0, [], [])
        return found, deepest[0][1]


def _http_ok(method: Any, http: str | None) -> bool:
    return http is None or method.http.upper() == http.upper()


def _score(route: Route, op: Operation | None, segments: list[str]) -> tuple[int, ...]:
    kind = route.method.kind
    kind_ok = op is not None and (
        kind == op.kind
        or (
            op.kind not in ("get", "list", "create", "update", "delete")
            and bool(route.method.suffix)
        )
    )
    literals = sum(1 for unit in route.pieces for _, is_value in unit if not is_value)
    exact = sum(1 for unit, seg in zip(route.pieces, segments) if unit == [(seg, False)])
    return (int(kind_ok), literals, exact, -len(route.steps))


def best_route(
    walker: Walker, segments: list[str], http: str | None, op: Operation | None = None
) -> Route:
    routes, why = walker.routes(segments, http)
    if not routes:
        reason = "no-method" if why.startswith("no ") else "no-builder-path"
        raise _Fail(reason, why or "empty path")
    for route in routes:
        route.score = _score(route, op, segments)
    return max(routes, key=lambda r: r.score)


def _path_regex(pieces: list[list[tuple[str, bool]]]) -> re.Pattern[str]:
    units = []
    for unit in pieces:
        units.append(
            "".join(re.escape(t) if is_value else f"(?i:{re.escape(t)})" for t, is_value in unit)
        )
    return re.compile("/" + "/".join(units), re.DOTALL)


# ---------------------------------------------------------------------------------------------
# Documented paths, to tell a docs URL from a missing builder


class DocumentedPaths:
    """Every (method, path template) of the model, matched case-insensitively."""

    def __init__(self, model: Model) -> None:
        self.templates: list[tuple[str, re.Pattern[str]]] = []
        for op in model.operations:
            for path in dict.fromkeys(op.paths):
                parts = _PLACEHOLDER.split(path.split("?", 1)[0].rstrip("/"))
                regex = "".join(
                    re.escape(p) if i % 2 == 0 else _ID_SEGMENT if _whole(parts, i) else ".+?"
                    for i, p in enumerate(parts)
                )
                try:
                    self.templates.append((op.method.upper(), re.compile(regex, re.IGNORECASE)))
                except re.error:
                    continue

    def documented(self, path: str, method: str | None = None) -> bool:
        decoded = "/" + "/".join(path_segments(path))
        return any(
            (method is None or m == method.upper()) and r.fullmatch(decoded)
            for m, r in self.templates
        )


_ID_SEGMENT = f"(?!(?:{_NOT_AN_ID.pattern})(?:/|$))[^/]+"


def _whole(parts: list[str], index: int) -> bool:
    return parts[index - 1].endswith("/") and (
        index + 1 >= len(parts) or parts[index + 1][:1] in ("/", "")
    )


# ---------------------------------------------------------------------------------------------
# The harness


class Harness:
    """Runs the examples of ``model`` against ``package`` (imported), one server for all.

    ``server``: a recording loopback server with ``url``, ``seen`` (what it received: method,
    path as sent, decoded query, lower-case headers, body bytes) and ``routes`` (a mapping
    whose ``get((method, path))`` gives the replies: tests/support.py's LoopbackServer);
    ``reply``: its reply class, ``reply(status, body, headers)``.
    """

    def __init__(
        self,
        model: Model,
        package: ModuleType,
        server: Any,
        reply: Callable[..., Any],
        *,
        flavour: str = "sync",
        names: TypeNames | None = None,
        tree: Node | None = None,
    ) -> None:
        self.model = model
        self.package = package
        self.models = importlib.import_module(package.__name__ + ".models")
        self.server = server
        self.reply = reply
        self.flavour = flavour
        self.names = names or type_names(model)
        self.tree = tree if tree is not None else build_tree(model, self.names)
        self.walker = Walker(self.tree)
        self.documented = DocumentedPaths(model)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: Any = None

    # -- the client ----------------------------------------------------------------------

    def client(self) -> Any:
        if self._client is None:
            base = self.server.url + _BASE_PATH
            if self.flavour == "sync":
                self._client = self.package.GraphClient(
                    base, token=_TOKEN, max_retries=0, timeout=20.0
                )
            else:
                self._loop = asyncio.new_event_loop()

                async def make() -> Any:
                    return self.package.AsyncGraphClient(
                        base, token=_TOKEN, max_retries=0, timeout=20.0
                    )

                self._client = self._loop.run_until_complete(make())
        return self._client

    def close(self) -> None:
        if self._client is None:
            return
        if self.flavour == "sync":
            self._client.close()
        else:
            assert self._loop is not None
            self._loop.run_until_complete(self._client.aclose())
            self._loop.close()
        self._client = None

    def _invoke(self, method: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        function = getattr(method, "__func__", method)
        if self.flavour == "sync":
            result = method(*args, **kwargs)
            if inspect.isgenerator(result):
                return list(result)
            return result
        assert self._loop is not None
        if inspect.isasyncgenfunction(function):

            async def collect() -> list[Any]:
                return [item async for item in method(*args, **kwargs)]

            return self._loop.run_until_complete(collect())
        return self._loop.run_until_complete(method(*args, **kwargs))

    # -- examples ------------------------------------------------------------------------

    def examples(self, ops: list[Operation] | None = None) -> Iterator[tuple[Operation, Example]]:
        for op in ops if ops is not None else self.model.operations:
            for example in op.examples:
                yield op, example

    def run(self, ops: list[Operation] | None = None) -> list[Outcome]:
        self.client()
        try:
            return [self.run_example(op, ex) for op, ex in self.examples(ops)]
        finally:
            self.close()

    def run_example(self, op: Operation, ex: Example) -> Outcome:
        first = ex.request or ex.response
        where = ex.source if ex.source is not None or first is None else first.source
        outcome = Outcome(
            where=f"{where.file}:{where.line}",
            op_id=op.id,
            name=ex.name,
            method=ex.request.method if ex.request else None,
            url=ex.request.url if ex.request else None,
            truncated=ex.truncated,
        )
        call: dict[str, Any] = {}
        if ex.request is not None:
            outcome.stages["request"] = self._stage(self._request, op, ex, outcome, call)
        outcome.stages["response"] = self._stage(self._response, op, ex, call)
        outcome.stages["validate_request"] = self._stage(self._validate_request, op, ex)
        outcome.stages["validate_response"] = self._stage(self._validate_response, op, ex)
        return outcome

    @staticmethod
    def _stage(function: Callable[..., StageResult | None], *args: Any) -> StageResult:
        try:
            result = function(*args)
        except _Fail as failure:
            return StageResult(FAIL, failure.reason, failure.detail, failure.blame)
        return result or StageResult(PASS)

    # -- stage 1: the request ------------------------------------------------------------

    def _request(
        self, op: Operation, ex: Example, outcome: Outcome, call: dict[str, Any]
    ) -> StageResult | None:
        request = ex.request
        assert request is not None and request.url is not None and request.method is not None
        http = request.method.upper()
        if _handed_out(op, request.url):
            # PUT to the uploadUrl a createUploadSession response gave: the service's
            # pre-authenticated URL, not a Graph request the client builds
            return StageResult(NA, "url-handed-out", f"host {urlsplit(request.url).hostname!r}")
        path, raw_query = split_url(request.url)
        segments = path_segments(path)
        try:
            try:
                route = best_route(self.walker, segments, http, op)
            except _Fail:
                keyed = key_segments(segments)
                if keyed == segments:
                    raise
                # OData's two spellings of one key: messages('AAMk=') is messages/AAMk=
                route = best_route(self.walker, keyed, http, op)
        except _Fail as failure:
            documented = self.documented.documented(
                path, http if failure.reason == "no-method" else None
            )
            raise _Fail(
                failure.reason,
                failure.detail + ("" if documented else " (no documented path matches the URL)"),
                "generator" if documented else "docs",
            ) from None
        outcome.calls = route.expression()
        builder = self.client()
        for step in route.steps:
            if not hasattr(builder, step.name):
                raise _Fail("accessor-missing", f"{type(builder).__name__}.{step.name}")
            builder = getattr(builder, step.name)
            if step.args is not None:
                builder = builder(**dict(step.args))
        if not hasattr(builder, route.method.name):
            raise _Fail("accessor-missing", f"{type(builder).__name__}.{route.method.name}()")
        method = getattr(builder, route.method.name)
        args, kwargs, sent_headers = self._arguments(op, route, method, request, raw_query)
        reply_body = ex.response.body if ex.response is not None else None
        if isinstance(reply_body, dict) and "@odata.nextLink" in reply_body:
            reply_body = {k: v for k, v in reply_body.items() if k != "@odata.nextLink"}
        if reply_body is None and ex.response is not None and ex.response.body_text:
            reply_body = ex.response.body_text
        status = ex.response.status if ex.response is not None and ex.response.status else 200
        if reply_body is None and status == 200:
            status = 204
        self._reply(self.reply(status, reply_body))
        del self.server.seen[:]
        try:
            call["result"] = self._invoke(method, args, kwargs)
        except self.package.DecodeError as exc:
            call["decode_error"] = exc
        except self.package.GraphError:
            pass
        except self.package.TransportError as exc:
            raise _Fail("client-exception", f"TransportError: {exc}") from None
        except (ValueError, TypeError) as exc:
            if not self.server.seen:
                raise _Fail("argument-error", f"{type(exc).__name__}: {exc}"[:200]) from None
            raise _Fail("client-exception", f"{type(exc).__name__}: {exc}"[:200]) from None
        except Exception as exc:  # noqa: BLE001 - every failure of a call is an outcome
            raise _Fail("client-exception", f"{type(exc).__name__}: {exc}"[:200]) from None
        if not self.server.seen:
            raise _Fail("not-sent", route.expression())
        seen = self.server.seen[0]
        call["made"] = True
        try:
            return self._compare(route, seen, request, raw_query, sent_headers, outcome)
        except _Fail as failure:
            if failure.reason != "body-differs" or "renamed to" not in failure.detail:
                raise
            names = request_body_names(self.model, op)
            where = self.renamed_declaration(names[0] if names else "", request.body, failure.detail)
            raise _Fail(failure.reason, failure.detail + where, failure.blame) from None

    def _reply(self, reply: Any) -> None:
        self.server.routes = _AnyRoute(reply)

    def _arguments(
        self, op: Operation, route: Route, method: Any, request: Any, raw_query: str
    ) -> tuple[list[Any], dict[str, Any], dict[str, str]]:
        signature = inspect.signature(method)
        params = signature.parameters
        kwargs: dict[str, Any] = dict(route.method_args)
        args: list[Any] = []
        # query options
        var_kw = next((p for p in params.values() if p.kind is p.VAR_KEYWORD), None)
        accepted = _option_names(method, var_kw, route.method)
        for name, value in parse_qsl(raw_query, keep_blank_values=True):
            key = _option_key(name)
            if key is None:
                arg = field_name(name.lstrip("$"))
                if (
                    arg not in params
                    or params[arg].kind
                    not in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                    or arg in ("body", "headers", "query")
                ):
                    if "query" in params:  # any other parameter, as the caller gives it
                        kwargs.setdefault("query", {})[name] = value
                        continue
                    documented = {
                        p.name.strip("_*` ").lower() for p in op.parameters if p.location == "query"
                    } | {q.lower() for q in op.query_options}
                    raise _Fail(
                        "query-option-unsupported",
                        f"{name}= not accepted by {route.method.name}()",
                        "generator" if name.strip().lower() in documented else "either",
                    )
                kwargs[arg] = value
                continue
            if key not in accepted and "query" in params:
                kwargs.setdefault("query", {})[name] = value
                continue
            if key not in accepted:
                raise _Fail(
                    "query-option-unsupported",
                    f"${key} not accepted by" f" {route.method.name}() ({route.method.kind})",
                    "generator" if f"${key}" in {q.lower() for q in op.query_options} else "either",
                )
            if key in _LIST_OPTIONS:
                kwargs[key] = _top_level_split(value)
            elif key in ("top", "skip"):
                if not value.strip().isdigit():
                    raise _Fail("query-option-value", f"${key}={value!r} is not an integer")
                kwargs[key] = int(value)
            elif key == "count":
                if value.strip().lower() not in ("true", "false"):
                    raise _Fail("query-option-value", f"$count={value!r} is not a boolean")
                kwargs[key] = value.strip().lower() == "true"
            else:
                kwargs[key] = value
        # headers
        named = {h.lower(): arg for arg, h in getattr(route.method, "headers", ()) or ()}
        extra: dict[str, str] = {}
        sent_headers: dict[str, str] = {}
        for name, value in request.headers:
            lower = name.lower()
            if lower in _TRANSPORT_HEADERS or lower == "content-type":
                continue
            arg = named.get(lower) or field_name(name.replace(".", "_"))
            if (
                arg in params
                and arg not in ("body", "headers")
                and params[arg].kind is (inspect.Parameter.KEYWORD_ONLY)
            ):
                kwargs[arg] = value
            elif "headers" in params:
                extra[name] = value
            else:
                raise _Fail("header-unsupported", f"{name} on {route.method.name}()")
            sent_headers[name] = value
        if extra:
            kwargs["headers"] = extra
        # body
        body_param = params.get("body")
        content_type = next((v for k, v in request.headers if k.lower() == "content-type"), "")
        if request.body is None and request.body_text and request.body_text.strip():
            if "json" in content_type.lower() or not content_type:
                raise _Fail("body-invalid-json", request.body_text.strip()[:60])
            raise _Fail("body-not-json", f"Content-Type {content_type}")
        if request.body is not None:
            if body_param is None:
                raise _Fail("body-unexpected", f"{route.method.name}() takes no body")
            args.append(self._body_value(body_param, request.body))
        elif body_param is not None and body_param.default is inspect.Parameter.empty:
            raise _Fail("body-missing", f"{route.method.name}() requires a body")
        return args, kwargs, sent_headers

    def _body_value(self, param: inspect.Parameter, body: Any) -> Any:
        annotation = (
            param.annotation if isinstance(param.annotation, str) else str(param.annotation)
        )
        model = re.search(r"models\.(\w+)", annotation)
        if model is None or not isinstance(body, dict):
            return body
        cls = getattr(self.models, model.group(1))
        try:
            return cls.from_dict(body)
        except self.package.DecodeError as exc:
            qualified = getattr(cls, "ODATA_TYPE", "").lstrip("#") or model.group(1)
            raise self._decode_failure("body-decode", qualified, body, "", exc) from None

    def _common_base(self, first: str, second: str) -> str:
        """The nearest base type (not entity) two generated classes share, or ""."""
        if not hasattr(self, "_by_class"):
            self._by_class = {cls: qualified for cls, qualified in self.names.models.values()}
        chains = []
        for cls in (first, second):
            qualified = self._by_class.get(cls)
            if qualified is None:
                return ""
            chains.append([t.qualified_name for t in self.model.ancestors(qualified)])
        shared = [q for q in chains[0] if q in chains[1] and q.lower() != "microsoft.graph.entity"]
        return shared[0] if shared else ""

    def _decode_failure(
        self, reason: str, qualified: str, data: Any, where: str, exc: Any
    ) -> _Fail:
        """A DecodeError as a failure: where, why, and the docs' declaration of the property.

        Blame: a value that does not fit the type the docs' table declares is the docs'
        (the page contradicts itself); an ``@odata.type`` the property's type cell names as
        an alternative (``[a](a.md) or [b](b.md)``) is the generator's (it kept one of them);
        other ``@odata.type`` conflicts may be either (a base type the resolver missed)."""
        prop = declared_property(self.model, qualified, data, exc.path or "")
        declared = ""
        if prop is not None and prop.type is not None:
            declared = (
                f" [docs: {prop.name} {prop.type.raw or prop.type.name!r} at"
                f" {prop.source.file}:{prop.source.line}]"
            )
        blame = "docs"
        sibling = re.search(r"names (\w+), which is not a (\w+)", exc.reason)
        if sibling:
            raw = (prop.type.raw if prop is not None and prop.type is not None else "").lower()
            named = re.sub(r"_\d+$", "", sibling.group(1)).lower()
            shared = self._common_base(sibling.group(1), sibling.group(2))
            blame = "generator" if (named and named in raw) or shared else "either"
            if shared:
                declared += f" [both derive from {shared}]"
        text = f"{where}{exc.path or ''}: {exc.reason}"[:160] + declared
        return _Fail(reason, text[:300], blame)

    def renamed_declaration(self, qualified: str, data: Any, difference: str) -> str:
        """`` [docs: userID at resources/x.md:31]``: the table row that spells a property as
        the model does, for a difference ``/members/0/userId: renamed to 'userID'`` of a body
        of type ``qualified`` (the row lint's property-spelling reports when the pages
        disagree); found through the body's types, else as the one type declaring that exact
        spelling; "" when neither tells."""
        m = re.match(r"(\S*): renamed to '([^']*)'", difference)
        if m is None:
            return ""
        pointer, spelled = m.groups()
        prop: Any = declared_property(self.model, qualified, data, pointer) if qualified else None
        if prop is None or prop.name != spelled:
            declaring: list[Any] = [
                p for t in self.model.types for p in t.properties if p.name == spelled
            ] + [n for t in self.model.types for n in t.navigation_properties if n.name == spelled]
            prop = declaring[0] if len(declaring) == 1 else None
        if prop is None:
            return ""
        return f" [docs: {prop.name} at {prop.source.file}:{prop.source.line}]"

    def _compare(
        self,
        route: Route,
        seen: Any,
        request: Any,
        raw_query: str,
        sent_headers: dict[str, str],
        outcome: Outcome,
    ) -> StageResult | None:
        if seen.method.upper() != request.method.upper():
            raise _Fail("method-differs", f"sent {seen.method}, expected {request.method}")
        raw_path = urlsplit(seen.path).path
        if not raw_path.startswith(_BASE_PATH + "/") and raw_path != _BASE_PATH:
            raise _Fail("path-differs", f"sent {raw_path[:100]!r} outside the base URL")
        sent = unquote(raw_path[len(_BASE_PATH) :])
        expected = "/" + "/".join("".join(t for t, _ in unit) for unit in route.pieces)
        if sent != expected:
            if not _path_regex(route.pieces).fullmatch(sent):
                raise _Fail("path-differs", f"sent {sent[:100]!r}, expected {expected[:100]!r}")
            outcome.case_only = True
        want_query = _normal_query(parse_qsl(raw_query, keep_blank_values=True))
        got_query = _normal_query(list(seen.query.items()))
        if want_query != got_query:
            raise _Fail("query-differs", f"sent {got_query}, expected {want_query}"[:200])
        for name, value in sent_headers.items():
            got = seen.headers.get(name.lower())
            if got != value:
                raise _Fail("header-differs", f"{name}: sent {got!r}, expected {value!r}"[:200])
        if request.body is not None:
            ctype = seen.headers.get("content-type", "")
            if "json" not in ctype.lower():
                raise _Fail("header-differs", f"Content-Type: sent {ctype!r} for a JSON body")
            try:
                got_body = json.loads(seen.body) if seen.body else None
            except ValueError:
                raise _Fail("body-differs", "sent a body that is not JSON") from None
            difference = json_difference(request.body, got_body)
            if difference:
                # a property the pages spell two ways, written as the model spells it
                raise _Fail(
                    "body-differs", difference, "docs" if "renamed to" in difference else ""
                )
        elif seen.body:
            raise _Fail("body-differs", f"sent a body {seen.body[:60]!r}, the example has none")
        return None

    # -- stage 2: the response -----------------------------------------------------------

    def declared_model(self, op: Operation, ex: Example) -> tuple[Any, str, bool] | None:
        """(class, qualified name, collection) of the example's response model, or None.

        The example's response annotation names it when it names a generated model (the
        annotations are authoritative for responses, and an example may show a subtype of
        the operation's type: ``group`` items of a ``directoryObject`` list); else the
        operation's response type. A list operation returns a collection whatever its prose
        says."""
        ref = op.response_type
        collection = op.kind == "list" or (ref is not None and ref.collection)
        if ex.response_type:
            text = ex.response_type.strip()
            wrapped = text.lower().startswith("collection(") and text.endswith(")")
            name = text[11:-1] if wrapped else text
            annotation = ex.response_annotation if isinstance(ex.response_annotation, dict) else {}
            primitive = name.lower().removeprefix("edm.") in _PRIMITIVE_NAMES
            found = None if primitive else self.model.type(name)
            entry = self.names.models.get(found.qualified_name.lower()) if found else None
            if entry is not None:
                many = wrapped or annotation.get("isCollection") is True or collection
                return getattr(self.models, entry[0]), entry[1], many
        if ref is not None and not ref.is_primitive:
            entry = self.names.models.get(ref.qualified_name.lower())
            if entry is not None:
                return getattr(self.models, entry[0]), entry[1], collection
        return None

    def _response_items(
        self, op: Operation, ex: Example
    ) -> tuple[Any, str, list[tuple[str, Any]]] | None:
        response = ex.response
        if response is None or not isinstance(response.body, dict):
            return None
        if response.status is not None and not 200 <= response.status < 300:
            return None
        declared = self.declared_model(op, ex)
        if declared is None:
            return None
        cls, qualified, collection = declared
        body = response.body
        if collection:
            values = body.get("value")
            if not isinstance(values, list):
                raise _Fail(
                    "collection-without-value",
                    f"{qualified} collection, body keys {sorted(body)[:5]}",
                )
            return cls, qualified, [(f"/value/{i}", item) for i, item in enumerate(values)]
        return cls, qualified, [("", {k: v for k, v in body.items() if k != "@odata.context"})]

    def _response(self, op: Operation, ex: Example, call: dict[str, Any]) -> StageResult:
        found = self._response_items(op, ex)
        if found is None:
            return StageResult(NA)
        cls, qualified, items = found
        decoded = []
        for where, item in items:
            if not isinstance(item, dict):
                raise _Fail("item-not-object", f"{where}: {_show(item)}")
            try:
                obj = cls.from_dict(item)
            except self.package.DecodeError as exc:
                raise self._decode_failure("decode-error", qualified, item, where, exc) from None
            extra = getattr(obj, "additional_data", None) or {}
            properties = [k for k in item if "@" not in k]
            if properties and all(k in extra for k in properties):
                # decodes, but as nothing of the type: a wrapper ("value") or another type
                raise _Fail(
                    "no-known-property",
                    f"{where or '/'}: {sorted(properties)[:4]}"
                    f" are not properties of {type(obj).__name__}",
                )
            difference = json_difference(item, obj.to_dict())
            if difference:
                blame = "docs" if "renamed to" in difference else ""
                declared = self.renamed_declaration(qualified, item, difference) if blame else ""
                raise _Fail("round-trip-differs", f"{where}{difference}"[:200] + declared, blame)
            decoded.append(_without_context(obj.to_dict()))
        if "decode_error" in call:
            error = call["decode_error"]
            raise _Fail("client-decode-error", f"{error.path or '/'}: {error.reason}"[:200])
        if "result" in call:
            result = call["result"]
            got: list[Any] | None
            if isinstance(result, list):
                got = [
                    _without_context(r.to_dict()) if hasattr(r, "to_dict") else r for r in result
                ]
            else:
                got = [_without_context(result.to_dict())] if hasattr(result, "to_dict") else None
            if got is not None and (difference := json_difference(decoded, got)):
                # the method one path shares decodes another shape than this operation declares
                raise _Fail("client-result-differs", difference[:200], "either")
        return StageResult(PASS)

    # -- stages 3 and 4: the validators --------------------------------------------------

    def _validate_request(self, op: Operation, ex: Example) -> StageResult:
        if ex.request is None or ex.request.body is None:
            return StageResult(NA)
        try:
            issues = self.package.validate_request(op.id, ex.request.body)
        except (KeyError, ValueError) as exc:
            raise _Fail("unknown-operation", str(exc)[:200]) from None
        if issues:
            first = issues[0]
            text = f"{len(issues)} issue(s), first {first.code}: {first.message}"[:240]
            if (
                first.code == "not-allowed"
                and first.path == ""
                and "takes no request body" in first.message
            ):
                # the docs table the body: the schema lost it; no table: the docs never said
                documented = any(p.location == "body" for p in op.parameters)
                raise _Fail(
                    "validate-request:not-allowed-body", text, "generator" if documented else "docs"
                )
            raise _Fail(f"validate-request:{first.code}", text, _issue_blame(first.code))
        return StageResult(PASS)

    def _validate_response(self, op: Operation, ex: Example) -> StageResult:
        try:
            found = self._response_items(op, ex)
        except _Fail:
            found = None  # reported by the response stage
        if found is None:
            return StageResult(NA)
        _, qualified, items = found
        issues: list[tuple[str, Any]] = []
        for where, item in items:
            issues.extend((where, i) for i in self.package.validate(qualified, item))
        if issues:
            where, first = issues[0]
            text = f"{len(issues)} issue(s), first {first.code}: {where}{first.message}"[:240]
            raise _Fail(f"validate:{first.code}", text, _issue_blame(first.code))
        return StageResult(PASS)


def _issue_blame(code: str) -> str:
    """Who a validator issue of this code is likely on: a value of the wrong type, format or
    enum, or a property set that the table says is read-only, contradicts the docs' own
    tables; an unknown property may be a table row the docs lack or one the parser missed."""
    return "either" if code in ("unknown-property", "odata-type", "not-allowed") else "docs"


def _without_context(data: Any) -> Any:
    if isinstance(data, dict) and "@odata.context" in data:
        return {k: v for k, v in data.items() if k != "@odata.context"}
    return data


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def declared_property(model: Model, qualified: str, data: Any, pointer: str) -> Any:
    """The docs' Property (or NavigationProperty) a JSON Pointer into ``data`` of type
    ``qualified`` lands on, following ``@odata.type`` and property types; None if unknown."""
    current = model.type(qualified)
    value: Any = data
    found: Any = None
    for part in (_unescape(p) for p in pointer.split("/")[1:]):
        if isinstance(value, list):
            try:
                value = value[int(part)]
            except (ValueError, IndexError):
                return None
            continue
        if not isinstance(value, dict) or current is None:
            return found if part == "@odata.type" else None
        tag = value.get("@odata.type")
        if isinstance(tag, str):
            tagged = model.type(tag.lstrip("#"))
            current = tagged if tagged is not None else current
        if part == "@odata.type":
            return found
        chain = [current, *model.ancestors(current.qualified_name)]
        members: list[Any] = [m for t in chain for m in (*t.properties, *t.navigation_properties)]
        found = next((m for m in members if m.name == part), None) or next(
            (m for m in members if m.name.lower() == part.lower()), None
        )
        if found is None:
            return None
        value = value.get(part)
        ref = found.type
        current = (
            model.type(ref.qualified_name) if ref is not None and not ref.is_primitive else None
        )
    return found


class _AnyRoute(dict):  # type: ignore[type-arg]
    """A LoopbackServer routing table that gives one reply to every request."""

    def __init__(self, reply: Any) -> None:
        super().__init__()
        self.reply = reply

    def get(self, key: Any, default: Any = None) -> Any:
        return [self.reply]


def _option_names(method: Any, var_kw: inspect.Parameter | None, spec: Any) -> frozenset[str]:
    """The OData options a method takes: the keys of its ``**options: Unpack[TD]``."""
    if var_kw is None:
        return frozenset()
    annotation = var_kw.annotation
    if isinstance(annotation, str):
        match = re.search(r"Unpack\[(\w+)\]", annotation)
        function = getattr(method, "__func__", method)
        typed = function.__globals__.get(match.group(1)) if match else None
    else:
        args = getattr(annotation, "__args__", ())
        typed = args[0] if args else None
    keys = getattr(typed, "__annotations__", None)
    if keys is None:  # not introspectable: what the generator says it takes
        return frozenset(getattr(spec, "options", ()) or ())
    names: set[str] = set()
    for klass in getattr(typed, "__mro__", (typed,)):
        names.update(getattr(klass, "__annotations__", {}))
    return frozenset(names)


# ---------------------------------------------------------------------------------------------
# Reports


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    """Per stage: pass, fail, n/a, the pass rate, and the failure reasons by count."""
    stages: dict[str, Any] = {}
    for stage in STAGES:
        results = [(o, o.stages[stage]) for o in outcomes]
        passed = sum(1 for _, r in results if r.status == PASS)
        failed = [(o, r) for o, r in results if r.status == FAIL]
        reasons: dict[str, Any] = {}
        for reason, count in Counter(r.reason for _, r in failed).most_common():
            hits = [(o, r) for o, r in failed if r.reason == reason]
            reasons[reason] = {
                "count": count,
                "blame": dict(Counter(r.blame for _, r in hits).most_common()),
                "examples": [f"{o.where} ({o.op_id}): {r.detail}" for o, r in hits[:3]],
            }
        total = passed + len(failed)
        stages[stage] = {
            "title": STAGE_TITLES[stage],
            "pass": passed,
            "fail": len(failed),
            "n/a": len(results) - total,
            "rate": passed / total if total else None,
            "blame": dict(Counter(r.blame for _, r in failed).most_common()),
            "reasons": reasons,
        }
    return {
        "examples": len(outcomes),
        "operations": len({o.op_id for o in outcomes}),
        "case_only_paths": sum(1 for o in outcomes if o.case_only),
        "stages": stages,
    }


def format_summary(summary: dict[str, Any], top: int = 10) -> str:
    lines = [f"{summary['examples']} examples of {summary['operations']} operations"]
    for stage, data in summary["stages"].items():
        rate = data["rate"]
        shown = f"{rate:.1%}" if rate is not None else "-"
        total = data["pass"] + data["fail"]
        lines.append(
            f"  {data['title']:<40} {shown:>7}  ({data['pass']}/{total}; n/a {data['n/a']};"
            f" failures blamed on {data['blame'] or '-'})"
        )
    lines.append(f"  paths matched only case-insensitively: {summary['case_only_paths']}")
    for stage, data in summary["stages"].items():
        if not data["reasons"]:
            continue
        lines.append(f"\n{stage}: top failure reasons")
        for reason, info in list(data["reasons"].items())[:top]:
            lines.append(f"  {info['count']:>5}  {reason}  (blame {info['blame']})")
            for example in info["examples"]:
                lines.append(f"           {example}")
    return "\n".join(lines)


def report_json(outcomes: list[Outcome], summary: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {"meta": meta, "summary": summary, "outcomes": [asdict(o) for o in outcomes]}


def sample_operations(model: Model, count: int, seed: int) -> list[Operation]:
    """``count`` operations with examples drawn with ``seed`` (all when ``count`` is 0), by id."""
    ops = sorted((op for op in model.operations if op.examples), key=lambda o: o.id)
    if count and count < len(ops):
        ops = sorted(random.Random(seed).sample(ops, count), key=lambda o: o.id)
    return ops


# ---------------------------------------------------------------------------------------------
# URL coverage


def sample_value(placeholder: str, index: int) -> str:
    """A sample value for a placeholder: letters, digits and a hyphen, distinct per position."""
    word = re.sub(r"[^A-Za-z0-9]", "", placeholder)[:12] or "value"
    return f"{word}-{index}"


def fill_template(template: str) -> str:
    """A path template with every ``{x}`` replaced by a sample value."""
    counter = iter(range(1, 1000))
    return _PLACEHOLDER.sub(lambda m: sample_value(m.group(1), next(counter)), template)


def sample_paths(model: Model, count: int, seed: int) -> list[tuple[str, str, Operation]]:
    """``count`` distinct (method, path template) of the model's operations, by a fixed seed:
    (method, template, operation), the template as the docs write it (query dropped)."""
    distinct: dict[tuple[str, str], Operation] = {}
    for op in sorted(model.operations, key=lambda o: o.id):
        for path in op.paths:
            bare = path.split("?", 1)[0].strip()
            distinct.setdefault((op.method.upper(), bare), op)
    keys = sorted(distinct)
    chosen = random.Random(seed).sample(keys, min(count, len(keys)))
    return [(method, path, distinct[(method, path)]) for method, path in sorted(chosen)]


@dataclass
class Reach:
    method: str
    template: str
    url: str
    op_id: str
    reachable: bool
    why: str = ""
    calls: str = ""
    same_method: bool = False  # reached by a method of the path's own HTTP method


class Coverage:
    """Reaches URLs by calling the generated client (sync), checked on the loopback server."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness

    def reach(self, method: str, template: str, op: Operation) -> Reach:
        url = fill_template(template)
        out = Reach(method, template, url, op.id, False)
        segments = path_segments(url)
        if not segments:
            out.why = "empty path"
            return out
        try:
            routes, why = self.harness.walker.routes(segments, None)
        except RecursionError:
            routes, why = [], "too deep"
        if not routes:
            out.why = why or "no route"
            return out
        for route in routes:
            route.score = _score(route, op, segments)
        routes.sort(key=lambda r: (r.method.http.upper() == method, r.score), reverse=True)
        reasons = []
        for route in routes[:8]:
            try:
                self._send(route)
            except _Fail as failure:
                reasons.append(f"{route.method.name}(): {failure.reason}: {failure.detail}")
                continue
            out.reachable, out.calls = True, route.expression()
            out.same_method = route.method.http.upper() == method.upper()
            return out
        out.why = "; ".join(reasons)[:300]
        return out

    def _send(self, route: Route) -> None:
        harness = self.harness
        builder = harness.client()
        for step in route.steps:
            if not hasattr(builder, step.name):
                raise _Fail("accessor-missing", f"{type(builder).__name__}.{step.name}")
            builder = getattr(builder, step.name)
            if step.args is not None:
                builder = builder(**dict(step.args))
        method = getattr(builder, route.method.name, None)
        if method is None:
            raise _Fail("accessor-missing", route.method.name)
        params = inspect.signature(method).parameters
        args: list[Any] = []
        body = params.get("body")
        if body is not None and body.default is inspect.Parameter.empty:
            args.append({})
        harness._reply(harness.reply(204, None))
        del harness.server.seen[:]
        try:
            harness._invoke(method, args, dict(route.method_args))
        except (harness.package.GraphError, harness.package.DecodeError):
            pass
        except Exception as exc:  # noqa: BLE001
            if not harness.server.seen:
                raise _Fail("argument-error", f"{type(exc).__name__}: {exc}"[:120]) from None
        if not harness.server.seen:
            raise _Fail("not-sent", route.expression())
        seen = harness.server.seen[0]
        raw = urlsplit(seen.path).path
        sent = unquote(raw[len(_BASE_PATH) :]) if raw.startswith(_BASE_PATH) else raw
        expected = "/" + "/".join("".join(t for t, _ in unit) for unit in route.pieces)
        if sent != expected and not _path_regex(route.pieces).fullmatch(sent):
            raise _Fail("path-differs", f"sent {sent[:80]!r}")
