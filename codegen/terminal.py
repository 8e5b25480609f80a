"""Docs-derived text made safe for a line of terminal or CI output.

The docs come from untrusted pull requests and codegen runs in CI, where its output is read by
a terminal (ANSI/OSC escapes, BEL, C1 controls, CR) and by the GitHub Actions runner, which
executes a line as a workflow command when it starts with ``::`` after whitespace
(``::add-mask::``, ``::error::``) and, in its legacy syntax, wherever ``##[`` appears in it.

- Control and format characters are written as visible Python escapes: C0 and C1 controls,
  DEL, line and paragraph separators, bidi embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069), zero-width and other default-ignorable characters (which a culture-aware
  ``IndexOf`` skips, so ``#\\u200b#[`` would still be ``##[`` to the runner), and lone
  surrogates (which cannot even be encoded to UTF-8): ``\\x1b``, ``\\n``, ``\\u202e``.
- ``##[`` anywhere becomes ``##\\x5b``; a ``::`` at the start of a line, after whitespace,
  becomes ``\\x3a:``. Both are the escape of the character they replace, so every change this
  module makes reads back as the original under Python's escape rules (backslashes already in
  the text are kept as they are, so the reading is not unique; the output is for people).

JSON and YAML output get the same protection in their own escape syntax, so that what a
parser reads back is exactly the original text (``safe_json``, ``yaml_needs_quotes``,
``safe_yaml``).
"""

from __future__ import annotations

import re

# Cc, Cf, Cs, Zl and Zp (Unicode 15), and the other Default_Ignorable_Code_Points.
_OTHER_UNSAFE = (
    "\x7f-\x9f\xad\u034f\u061c\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164"
    "\ud800-\udfff\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
UNSAFE = re.compile(f"[\x00-\x1f{_OTHER_UNSAFE}]")
_UNSAFE_NO_BREAKS = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f{_OTHER_UNSAFE}]")  # LF, CR kept
_UNSAFE_NOT_LF = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHER_UNSAFE}]")  # LF: JSON's, YAML's lines
_LEGACY_COMMAND = "##["  # the runner's legacy syntax, honoured anywhere in a line
_LEADING_COMMAND = re.compile(r"\s*::")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _python_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, *, breaks: bool = True) -> str:
    """``text`` with control and format characters as visible escapes and ``##[`` broken.

    For a piece of a line that does not start it (see ``safe_line``). ``breaks=False`` leaves
    CR and LF alone for a caller that encodes them itself (GitHub's ``%0D``/``%0A``).
    """
    pattern = UNSAFE if breaks else _UNSAFE_NO_BREAKS
    if pattern.search(text):
        text = pattern.sub(_python_escape, text)
    if _LEGACY_COMMAND in text:
        text = text.replace(_LEGACY_COMMAND, "##\\x5b")
    return text


def safe_line(text: str) -> str:
    """One line of output: ``visible`` and a leading ``::`` (after whitespace) broken."""
    text = visible(text)
    match = _LEADING_COMMAND.match(text)
    if match:
        colon = match.end() - 2
        text = f"{text[:colon]}\\x3a{text[colon + 1:]}"
    return text


def safe_lines(text: str) -> str:
    """Several lines (a diff): each made safe with ``safe_line``, line feeds kept."""
    return "\n".join(safe_line(line) for line in text.split("\n"))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with what ``visible`` escapes
    written as JSON escapes, ``##[`` as ``##\\u005b``: a JSON parser reads the same values.

    JSON escapes controls below U+0020 itself, and its structure is ASCII, so every character
    replaced here is inside a string. A line of JSON output starts with whitespace and a
    bracket, a brace or a quote, never with ``::``.
    """
    if _UNSAFE_NOT_LF.search(text):
        text = _UNSAFE_NOT_LF.sub(_json_escape, text)
    return text.replace(_LEGACY_COMMAND, "##\\u005b")


def yaml_needs_quotes(text: str) -> bool:
    """Whether a YAML scalar must be written double-quoted on one line (so that no line of it
    can start with ``::`` and every character ``safe_yaml`` escapes is inside quotes)."""
    return bool(UNSAFE.search(text)) or "::" in text or _LEGACY_COMMAND in text


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def safe_yaml(text: str) -> str:
    """YAML text whose scalars were quoted as ``yaml_needs_quotes`` asks, with the characters
    the emitter still writes as they are (bidi, zero-width) and ``##[`` as escapes."""
    if _UNSAFE_NOT_LF.search(text):
        text = _UNSAFE_NOT_LF.sub(_yaml_escape, text)
    return text.replace(_LEGACY_COMMAND, "##\\x5B")
