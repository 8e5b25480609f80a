"""Type-column cells of the docs tables, normalised to ``TypeRef``.

The docs spell types many ways (``String``/``string``/``Edm.String``, ``[x](x.md)
collection``, ``Collection(x)``, ``x[]``, ``microsoft.graph.ns.x``, ``[x][]``, with
emphasis, ``<br>`` and remarks such as ``(identifier)`` around them); this module
maps every spelling that names one type to a single ``TypeRef`` and anything else
(empty, ``None``, prose) to None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from codegen.ir.types import TypeRef

_PRIMITIVE_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("string", "str", "text", "url", "uri"), "Edm.String"),
    **dict.fromkeys(("boolean", "bool"), "Edm.Boolean"),
    "byte": "Edm.Byte",
    "sbyte": "Edm.SByte",
    **dict.fromkeys(("int16", "short"), "Edm.Int16"),
    **dict.fromkeys(("int32", "int", "integer"), "Edm.Int32"),
    **dict.fromkeys(("int64", "long"), "Edm.Int64"),
    **dict.fromkeys(("single", "float"), "Edm.Single"),
    **dict.fromkeys(("double", "number", "numeric"), "Edm.Double"),
    "decimal": "Edm.Decimal",
    **dict.fromkeys(("datetimeoffset", "datetime", "timestamp"), "Edm.DateTimeOffset"),
    "date": "Edm.Date",
    **dict.fromkeys(("timeofday", "time"), "Edm.TimeOfDay"),
    **dict.fromkeys(("duration", "timespan"), "Edm.Duration"),
    **dict.fromkeys(("guid", "uuid"), "Edm.Guid"),
    **dict.fromkeys(("binary", "binary data"), "Edm.Binary"),
    "stream": "Edm.Stream",
    **dict.fromkeys(("untyped", "untyped json", "untyped json object"), "Edm.Untyped"),
    **dict.fromkeys(("json", "json object"), "microsoft.graph.Json"),
}
# Words that fill a Type cell without naming a type.
_NOT_TYPES = frozenset(
    {"none", "n/a", "na", "null", "void", "any", "enumeration", "enum", "object"}
)
_NAMESPACES = ("edm.", "microsoft.graph.", "graph.")

# Zero-width characters: invisible in the rendered page, they would cut a name in two
# ("display\u200bName"). Names and type cells are read without them (lint warns).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_NO_ZERO_WIDTH = str.maketrans("", "", ZERO_WIDTH)


def without_zero_width(text: str) -> str:
    """``text`` without zero-width spaces, joiners, word joiners and byte-order marks."""
    return text.translate(_NO_ZERO_WIDTH)


_BR = re.compile(r"<br\s*/?>|&nbsp;|&#160;", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")  # run only up to the last '>' (see _clean)
_EMPHASIS = re.compile(r"[*`]+|(?<![\w\\])_+|_++(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|])")
_REF_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\](?:\s?\[[^\[\]]*\])?")
_PAREN_NOTE = re.compile(
    r"\s*\((?:optional|required|read-?only|nullable|identifier|enum|"
    r"url|uri|timestamp|[^()]*\bsee\b[^()]*)\)\s*",
    re.IGNORECASE,
)
_ANY_PAREN = re.compile(r"\s*\([^()]*(?:\)|$)\s*")
_SIZE_NOTE = re.compile(r",.*$")
_COLL_CALL = re.compile(r"^collection\s*\(\s*(.+?)\s*\)$", re.IGNORECASE)
_COLL_OF = re.compile(r"^(?:an?\s+)?(?:collection|array|list)(?:\s+of)?\s+(.+?)$", re.IGNORECASE)
_COLL_SUFFIX = re.compile(r"^(.+?)(?:\s*\[\s*\]|\s+(?:collection|array|list))$", re.IGNORECASE)
_KIND_SUFFIX = re.compile(
    r"^(.+?)\s+(?:enum|enumeration|objects?|resources?|type|value)$", re.IGNORECASE
)
_IDENT = re.compile(r"^#?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_MD_FILE = re.compile(r"\.md$", re.IGNORECASE)
_TITLE = re.compile(r"""\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))?\s*\)""")


def _closing_brackets(text: str) -> dict[int, int]:
    """Index of each ``[`` -> index of the ``]`` that closes it (backslash escapes skipped), in
    one pass: scanning from every ``[`` took time quadratic in a run of them."""
    out: dict[int, int] = {}
    stack: list[int] = []
    i, end = 0, len(text)
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            stack.append(i)
        elif ch == "]" and stack:
            out[stack.pop()] = i
        i += 1
    return out


def _scan_target(text: str, start: int) -> tuple[str, int] | None:
    """(target, index after ``)``) of the ``(...)`` at ``start``, or None (CommonMark rules)."""
    end = len(text)
    i = start + 1
    while i < end and text[i] in " \t":
        i += 1
    dest = parseLinkDestination(text, i, end)
    if not dest.ok:
        return None
    i = dest.pos
    while i < end and text[i] in " \t":
        i += 1
    if i < end and text[i] in "\"'(" and i > dest.pos:
        title = parseLinkTitle(text, i, end)
        if title.ok:
            i = title.pos
            while i < end and text[i] in " \t":
                i += 1
    if i >= end or text[i] != ")":
        return None
    return dest.str, i + 1


@lru_cache(maxsize=8192)
def _links(cell: str) -> tuple[tuple[str, str, int, int], ...]:
    """(label, target, start, end) of every inline link in ``cell``."""
    out: list[tuple[str, str, int, int]] = []
    i = cell.find("[")
    closing = _closing_brackets(cell) if i >= 0 else {}
    while i >= 0:
        close = closing.get(i, -1) if i == 0 or cell[i - 1] not in "\\!" else -1
        found = (
            _scan_target(cell, close + 1) if close > 0 and cell.startswith("(", close + 1) else None
        )
        if found:
            out.append((cell[i + 1 : close], found[0], i, found[1]))
            i = cell.find("[", found[1])
        else:
            i = cell.find("[", i + 1)
    return tuple(out)


def link_targets(cell: str) -> list[tuple[str, str]]:
    """All markdown links [text](target) in a cell, in order."""
    return [(label, target) for label, target, _, _ in _links(cell)]


def strip_links(cell: str) -> str:
    """The cell with every inline link replaced by its label."""
    parts, last = [], 0
    for label, _, begin, end in _links(cell):
        parts.append(cell[last:begin])
        parts.append(label)
        last = end
    parts.append(cell[last:])
    return "".join(parts)


def _clean(text: str) -> str:
    """``text`` without tags, emphasis, escapes, reference links and stray punctuation."""
    text = _BR.sub(" ", text)
    last = text.rfind(">") + 1  # no tag starts after the last '>': not tried from every '<'
    text = _TAG.sub(" ", text[:last]) + text[last:]
    text = _REF_LINK.sub(lambda m: f" {m.group(1)} ", text)
    text = _EMPHASIS.sub("", _ESCAPE.sub(r"\1", text))
    text = " ".join(text.split())
    return text.strip(" .,;:").strip()


def _core(text: str) -> tuple[str, bool]:
    """(type word, collection) of a cleaned cell."""
    collection = False
    text = _SIZE_NOTE.sub("", text).strip()
    text = _PAREN_NOTE.sub(" ", text).strip()
    for _ in range(3):
        m = _COLL_CALL.match(text) or _COLL_OF.match(text) or _COLL_SUFFIX.match(text)
        if m:
            text, collection = m.group(1).strip(), True
            continue
        m = _KIND_SUFFIX.match(text)
        if m:
            text = m.group(1).strip()
            continue
        break
    if not _IDENT.match(text) and "(" in text:
        text = _ANY_PAREN.sub(" ", text).strip()
    return text, collection


def _ref(word: str, collection: bool, link: str | None, raw: str) -> TypeRef | None:
    """The TypeRef a single type word names, or None."""
    lower = word.lower()
    if lower in _PRIMITIVE_SPELLINGS:
        return TypeRef(name=_PRIMITIVE_SPELLINGS[lower], collection=collection, link=link, raw=raw)
    if not _IDENT.match(word) or lower in _NOT_TYPES:
        return None
    word = word.lstrip("#")
    namespace, _, name = word.rpartition(".")
    lower_ns = namespace.lower() + "."
    if lower_ns in _NAMESPACES and name.lower() in _PRIMITIVE_SPELLINGS:
        canonical = _PRIMITIVE_SPELLINGS[name.lower()]
        return TypeRef(name=canonical, collection=collection, link=link, raw=raw)
    if lower_ns in ("microsoft.graph.", "graph."):
        namespace = ""
    return TypeRef(
        name=name,
        collection=collection,
        namespace=namespace or None,
        link=link,
        raw=raw,
    )


@lru_cache(maxsize=16384)
def normalize_type(cell: str) -> TypeRef | None:
    """Normalise a Type-column cell (raw markdown) to a TypeRef; None when it names no type."""
    raw = without_zero_width(cell).strip()
    links = _links(raw)
    if not links:
        word, collection = _core(_clean(raw))
        return _ref(word, collection, None, raw)
    label, target, start, end = links[0]
    name = _MD_FILE.sub("", _clean(label))
    text = f"{raw[:start]} {name} {raw[end:]}"
    word, collection = _core(_clean(text))
    found = _ref(word, collection, target, raw)
    if found is None and not _clean(raw[:start]):
        label_word, label_coll = _core(name)
        after = _clean(raw[end:]).lower()
        collection = label_coll or after.startswith(("collection", "[]", "array"))
        found = _ref(label_word, collection, target, raw)
    return found
