"""Turn docs names and text into safe Python identifiers, literals and comments.

All functions are pure and deterministic.  Rules:

* Identifiers are ASCII (Python NFKC-normalises identifiers, so only ASCII names are the
  same on disk, in the source and at import).  Docs names are folded first, character by
  character (``ascii_name``): invisible format characters (Unicode category Cf: zero-width
  space, joiners, BOM, bidi controls, soft hyphen) and combining marks are dropped; a
  character whose compatibility decomposition without accents is ASCII letters or digits
  becomes those (``é`` -> ``e``, fullwidth ``ｇ`` -> ``g``, ``ﬁ`` -> ``fi``); any other
  letter or digit is spelled as its code point, a word of its own (``日`` -> ``u65e5``), so
  no letter of a name is lost.  Then any character outside ``[A-Za-z0-9]`` separates words.
  Names that fold alike (``café``, ``cafe``) are told apart where they meet by
  ``unique_names``.  snake_case splits ``aB`` and ``9B`` and an
  acronym before a word (``HTMLContent``), never inside an acronym (``URI``).
  Runs of ``_`` collapse and edge ``_`` are stripped; then a leading digit gets a
  ``_`` prefix and a keyword, soft keyword or reserved name a ``_`` suffix.
  Attribute names are idempotent: ``field_name(field_name(x)) == field_name(x)``.
* Text for docstrings and comments is normalised by ``normalize_text``: other
  non-printable characters (NUL, zero-width space...) are dropped, whitespace runs
  (newlines, tabs, ``\\r``, NBSP...) become one space, ends are stripped.
* Literals, docstrings and comments come out as black writes them, so formatting
  generated code never changes them: string literals pick black's quote, and
  docstrings escape only the ``"`` that would end them or make black pad them.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import textwrap
import unicodedata

DOC_WIDTH = 80  # docstring lines, indent and quotes included, stay within this

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_NON_IDENT = re.compile(r"[^A-Za-z0-9_]+")
_HAS_ALNUM = re.compile(r"[A-Za-z0-9]")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_UNDERSCORES = re.compile(r"_+")
# A `"` that starts the text or precedes another `"` becomes `\"`, a final one
# `\x22`: the body never holds `"""` and black never pads it with a space.
_DOC_QUOTE = re.compile(r'^"|"(?=")|"\Z')
# Comment text that tools would read as a directive (mypy/black/ruff/coverage...).
_DIRECTIVE = re.compile(
    r"(?i)(^|[#;])(\s*)((?:type|fmt|yapf|pylint|mypy|ruff|isort|pyright|flake8)"
    r"(?=\s*:)|noqa|nosec|pragma)"
)
_CODING = re.compile(r"coding(?=[:=])")  # PEP 263 encoding declaration

# fmt: off
# Names a generated dataclass body relies on after its fields (machinery, decorators and
# the names its annotations use); any other name, `type` and `fields` included, stays as is.
RESERVED_FIELDS: frozenset[str] = frozenset({
    "self", "cls", "additional_data", "to_dict", "from_dict", "field", "dataclass",
    "classmethod", "str", "int", "float", "bool", "bytes", "list", "dict", "datetime",
    "uuid", "models", "odata_etag",
})
# Capitalised builtins (exceptions, True, None...) and typing/stdlib names that
# generated modules import.
RESERVED_CLASSES: frozenset[str] = frozenset(
    name for name in dir(builtins) if name[:1].isupper()
) | frozenset({
    "Any", "Self", "Mapping", "Sequence", "Iterator", "AsyncIterator", "Callable",
    "Literal", "Optional", "Union", "ClassVar", "Final", "TypeVar", "Generic",
    "Enum", "StrEnum", "IntEnum", "UUID", "Decimal",
})
# fmt: on


def _is_reserved_word(name: str) -> bool:
    """True for keywords and soft keywords."""
    return keyword.iskeyword(name) or keyword.issoftkeyword(name)


@functools.lru_cache(maxsize=1 << 16)  # the same wire names come up across many types
def _snake(text: str) -> str:
    """Lower snake_case of ``text`` (acronyms kept whole), possibly empty."""
    words = _NON_ALNUM.sub("_", ascii_name(text))
    words = _ACRONYM_WORD.sub(r"\1_\2", _LOWER_UPPER.sub(r"\1_\2", words))
    return _UNDERSCORES.sub("_", words).strip("_").lower()


@functools.lru_cache(maxsize=1 << 14)
def _fold(char: str) -> str:
    """One non-ASCII character of a name as ASCII: '' (invisible), its ASCII letters or
    digits, ``_uXXXX_`` (another letter or digit) or ``_`` (a separator)."""
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category == "Mn":  # a combining mark on its own (accents of decomposed letters)
        return ""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", char) if unicodedata.category(c) != "Mn"
    )
    if folded.isascii() and folded.isalnum():
        return folded
    return f"_u{ord(char):04x}_" if char.isalnum() else "_"


def ascii_name(text: str) -> str:
    """``text`` with every non-ASCII character folded (see the module docstring): ASCII,
    nothing dropped but invisible characters."""
    if text.isascii():
        return text
    return "".join(char if char.isascii() else _fold(char) for char in text)


def _last_part(name: str) -> str:
    """Last dotted part that has a letter or digit (drops OData namespaces)."""
    parts = [part for part in name.split(".") if _HAS_ALNUM.search(part)]
    return parts[-1] if parts else ""


def _safe_attr(name: str) -> str:
    """Prefix a leading digit with `_`; suffix keywords and reserved names with `_`."""
    if name[0].isdigit():
        name = "_" + name
    if _is_reserved_word(name) or name in RESERVED_FIELDS:
        name += "_"
    return name


def class_name(docs_name: str) -> str:
    """Class name for a docs type name: last dotted part, first letter upper-cased."""
    name = _NON_IDENT.sub("_", _last_part(ascii_name(docs_name)))
    name = _UNDERSCORES.sub("_", name).strip("_") or "Unnamed"
    name = name[0].upper() + name[1:]
    if name[0].isdigit():
        name = "_" + name
    if _is_reserved_word(name) or name in RESERVED_CLASSES:
        name += "_"
    return name


def field_name(wire_name: str) -> str:
    """Snake_case attribute name for a JSON property name (``@odata.type``...)."""
    return _safe_attr(_snake(wire_name) or "field")


def segment_name(path_segment: str) -> str:
    """Snake_case attribute name for a URL segment, without namespace or ``(...)``."""
    return _safe_attr(_snake(_last_part(ascii_name(path_segment).split("(", 1)[0])) or "segment")


def enum_member_name(value: str) -> str:
    """UPPER_SNAKE member name for an enum value (``EMPTY``/``VALUE`` if no word)."""
    name = _snake(value).upper() or ("VALUE" if value.strip() else "EMPTY")
    return "_" + name if name[0].isdigit() else name


def unique_names(names: list[str]) -> list[str]:
    """Keep first occurrences; rename repeats ``name_2``, ``name_3``... (no clashes)."""
    taken = set(names)
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        if name in seen:
            sep = "" if name.endswith("_") else "_"
            number = 2
            while f"{name}{sep}{number}" in taken:
                number += 1
            name = f"{name}{sep}{number}"
            taken.add(name)
        seen.add(name)
        result.append(name)
    return result


def _escape(char: str, quote: str) -> str:
    """One character as it appears inside a ``quote``-delimited string literal."""
    if char == quote:
        return "\\" + char
    return char if char.isprintable() and char != "\\" else repr(char)[1:-1]


def py_str(value: str) -> str:
    """Black-stable string literal: double quotes unless single need fewer escapes."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    if value.isascii() and value.isprintable() and quote not in value and "\\" not in value:
        return quote + value + quote  # nothing to escape (most names and paths)
    return quote + "".join(_escape(char, quote) for char in value) + quote


# ASCII control characters that are not whitespace (deleted by normalize_text)
_ASCII_CONTROLS = {c: None for c in range(128) if not chr(c).isprintable() and not chr(c).isspace()}


def normalize_text(text: str) -> str:
    """Drop non-printable non-space characters, collapse whitespace runs, strip."""
    if text.isascii():
        kept = text.translate(_ASCII_CONTROLS)
    else:
        kept = "".join(char for char in text if char.isprintable() or char.isspace())
    return " ".join(kept.split())


@functools.lru_cache(maxsize=8192)  # the sync and async builders share their docstrings
def py_docstring(text: str, indent: str) -> str:
    """Docstring literal of normalize_text(text), wrapped; later lines start with indent."""
    body = _DOC_QUOTE.sub(
        lambda m: "\\x22" if m.end() == len(m.string) else '\\"',
        normalize_text(text).replace("\\", "\\\\"),
    )
    lines = textwrap.wrap(
        body,
        width=DOC_WIDTH - len(indent) - 3,  # room for closing quotes on a one-liner
        initial_indent='"""',
        break_long_words=False,
        break_on_hyphens=False,
    )
    if len(lines) < 2:  # fits, or one unbreakable word: black keeps long one-liners
        return f'"""{body}"""'
    newline = "\n" + indent
    return newline.join(lines) + newline + '"""'


def py_comment(text: str) -> str:
    """Single-line ``# ...`` comment; tool directives and encoding lines defused."""
    body = _DIRECTIVE.sub(r"\1\2`\3`", normalize_text(text))
    return f"# {_CODING.sub('coding ', body)}".rstrip()
