"""Parse JSON as the docs write it: strict first, then unambiguous repairs.

Each repair is one WARNING with its own rule id: ``json-trailing-comma``,
``json-extra-comma`` (leading or doubled comma), ``json-comment`` (``//`` and ``/* */``),
``json-truncation`` (``...``/``…`` markers; ``{...}`` becomes ``{}``, ``"p": ...`` is
dropped), ``json-nbsp`` (odd whitespace, one per block), ``json-missing-comma`` (between
members on different lines), ``json-fragment`` (members without braces),
``json-single-quote`` and ``json-control-char`` (a value string wrapped over lines is
joined, other raw control characters escaped).  What still fails is one ERROR
``json-invalid``.  Repairs work on string-aware tokens and never change string contents.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import Any

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.rule_ids import (
    JSON_COMMENT,
    JSON_CONTROL_CHAR,
    JSON_EXTRA_COMMA,
    JSON_FRAGMENT,
    JSON_INVALID,
    JSON_MISSING_COMMA,
    JSON_NBSP,
    JSON_SINGLE_QUOTE,
    JSON_TRAILING_COMMA,
    JSON_TRUNCATION,
)
from codegen.ir.source import SourceRef

__all__ = ["parse_tolerant_json"]

_WORD = r"[^\s\"'{}\[\],:/.…\u200b\ufeff]"
_TOKEN = re.compile(
    r'(?P<str>"[^"\\]*(?:\\.[^"\\]*)*")'
    r'|(?P<open>"[^"\\]*(?:\\.[^"\\]*)*)'
    r"|(?P<sq>'[^'\\\n]*(?:\\.[^'\\\n]*)*')"
    r"|(?P<com>//[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<ell>\.{2,}|…)"
    r"|(?P<ws>[ \t\r\n]+)"
    r"|(?P<odd>(?:[^\S \t\r\n]|[\u200b\ufeff])+)"
    r"|(?P<punct>[{}\[\]:,])"
    rf"|(?P<word>{_WORD}+(?:\.{_WORD}+)*)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_BLANK = re.compile(r"[\s\u200b\ufeff]*\Z")
_CONTROL = re.compile(r"[\x00-\x1f]")
_SQ_PART = re.compile(r"\\'|\\.|\"|[^\\\"]+", re.DOTALL)
_VALUE_END = frozenset({"str", "sq", "word", "}", "]"})
_VALUE_START = frozenset({"str", "sq", "word", "{", "["})
_OPEN_OR_COMMA = frozenset({None, "{", "[", ","})
_CLOSE_OR_END = frozenset({None, "}", "]"})
_VALUE_FOLLOW = _CLOSE_OR_END | {","}


@dataclass
class _Tok:
    kind: str  # a group name of _TOKEN, or the punctuation character itself
    text: str
    pos: int
    out: str  # the repaired text


def parse_tolerant_json(text: str, *, source: SourceRef) -> tuple[Any, bool, list[Diagnostic]]:
    """Parse JSON as the docs write it; return (value, ok, diagnostics)."""
    try:
        return json.loads(text), True, []
    except (ValueError, RecursionError):
        pass
    if _BLANK.match(text):
        return None, True, []
    try:
        return _Repairer(text, source).run()
    except Exception as exc:  # noqa: BLE001 - the contract is "never raise"
        return None, False, [_invalid(source, source.line, f"cannot repair: {exc!r}")]


def _invalid(source: SourceRef, line: int, message: str) -> Diagnostic:
    return Diagnostic(
        source=SourceRef(file=source.file, line=line),
        rule=JSON_INVALID,
        severity=Severity.ERROR,
        message=f"invalid JSON: {message}",
        suggestion="fix the example so that it is valid JSON",
    )


def _tokenize(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        kind = m.group() if kind == "punct" else kind
        toks.append(_Tok(kind, m.group(), m.start(), m.group()))
    return toks


def _single_to_double(text: str) -> str:
    parts = _SQ_PART.findall(text[1:-1])
    return '"' + "".join("'" if p == "\\'" else '\\"' if p == '"' else p for p in parts) + '"'


class _Repairer:
    """One repair attempt over one text; collects the diagnostics."""

    def __init__(self, text: str, source: SourceRef) -> None:
        self.text, self.source = text, source
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.diags: dict[tuple[int, str], Diagnostic] = {}
        self.odd: list[int] = []

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)

    def note(self, rule: str, pos: int, message: str) -> None:
        line = self.source.line + self.line(pos)
        where = SourceRef(file=self.source.file, line=line)
        diag = Diagnostic(source=where, rule=rule, severity=Severity.WARNING, message=message)
        self.diags.setdefault((line, rule), diag)

    def run(self) -> tuple[Any, bool, list[Diagnostic]]:
        toks = _tokenize(self.text)
        sig = [t for t in toks if self._lexical(t)]
        if self.odd:
            msg = f"{len(self.odd)} run(s) of non-breaking or zero-width spaces replaced"
            self.note(JSON_NBSP, self.odd[0], msg)
        fragment = len(sig) > 1 and sig[0].kind in ("str", "sq") and sig[1].kind == ":"
        if fragment:
            self.note(JSON_FRAGMENT, sig[0].pos, "bare object members wrapped in {}")
        self._structure(sig, fragment)
        pieces = [(t.out, t.pos, t.out == t.text) for t in toks]
        if fragment:
            pieces = [("{", 0, False), *pieces, ("}", len(self.text), False)]
        try:
            value = json.loads("".join(p[0] for p in pieces))
        except RecursionError:
            return None, False, [_invalid(self.source, self.source.line, "nesting too deep")]
        except ValueError as exc:
            return None, False, [self._error(exc, pieces)]
        return value, True, sorted(self.diags.values())

    def _lexical(self, t: _Tok) -> bool:
        """Apply token-local repairs; True if the token is significant."""
        if t.kind == "odd":
            t.out = " " * len(t.text)
            self.odd.append(t.pos)
        elif t.kind == "com":
            t.out = " "
            self.note(JSON_COMMENT, t.pos, "comment removed")
        elif t.kind == "sq":
            t.out = _single_to_double(t.text)
            self.note(JSON_SINGLE_QUOTE, t.pos, "single-quoted string re-quoted")
        return t.kind not in ("ws", "odd", "com")

    def _structure(self, sig: list[_Tok], fragment: bool) -> None:
        """Commas, truncation markers and wrapped strings, tracking open brackets."""
        kept: list[_Tok] = []
        stack = ["{"] if fragment else []
        drop_comma = False
        for i, t in enumerate(sig):
            prev = kept[-1] if kept else None
            nxt = sig[i + 1].kind if i + 1 < len(sig) else None
            if t.kind == "ell" and (done := self._truncation(t, kept, nxt)) is not None:
                drop_comma = done
                continue
            if t.kind == "str" and nxt in _VALUE_FOLLOW:
                self._control_chars(t)
            if t.kind == "," and drop_comma:
                t.out = ""
            elif t.kind == "," and prev and prev.kind in ("{", "[", ","):
                t.out = ""
                self.note(JSON_EXTRA_COMMA, t.pos, "leading or doubled comma removed")
            elif t.kind in ("}", "]"):
                self._trailing(kept)
                if stack and stack[-1] == {"}": "{", "]": "["}[t.kind]:
                    stack.pop()
            elif prev and prev.kind in _VALUE_END and t.kind in _VALUE_START and stack:
                self._missing_comma(prev, t, stack[-1] == "[" or nxt == ":")
            drop_comma = False
            if t.out:
                kept.append(t)
            if t.kind in ("{", "["):
                stack.append(t.kind)
        if fragment and stack == ["{"]:
            self._trailing(kept)

    def _control_chars(self, t: _Tok) -> None:
        """A value string wrapped over lines is joined; other control characters escaped."""
        m = _CONTROL.search(t.text)
        if m:
            joined = re.sub(r"\r?\n", "", t.text)
            t.out = _CONTROL.sub(lambda c: json.dumps(c.group())[1:-1], joined)
            msg = "line break or control character inside a string joined/escaped"
            self.note(JSON_CONTROL_CHAR, t.pos + m.start(), msg)

    def _trailing(self, kept: list[_Tok]) -> None:
        if kept and kept[-1].kind == ",":
            comma = kept.pop()
            comma.out = ""
            self.note(JSON_TRAILING_COMMA, comma.pos, "trailing comma removed")

    def _missing_comma(self, prev: _Tok, t: _Tok, separable: bool) -> None:
        end = prev.pos + len(prev.text)
        if separable and "\n" in self.text[end : t.pos]:
            prev.out += ","
            self.note(JSON_MISSING_COMMA, end - 1, "missing comma inserted")

    def _truncation(self, t: _Tok, kept: list[_Tok], nxt: str | None) -> bool | None:
        """Drop a ``...`` marker; None if it is not one, else whether to drop a next comma."""
        pk = kept[-1].kind if kept else None
        if pk == ":" and len(kept) > 1 and kept[-2].kind in ("str", "sq"):
            if nxt not in (",", "}", None):
                return None
            for tok in (kept.pop(), kept.pop()):  # "prop": ... -> drop the member
                tok.out = ""
            pk = kept[-1].kind if kept else None
        elif not (pk in _OPEN_OR_COMMA or (pk in _VALUE_END and nxt in _CLOSE_OR_END)):
            return None
        t.out = ""
        self.note(JSON_TRUNCATION, t.pos, f"truncation marker {t.text!r} removed")
        if pk == "," and nxt in _CLOSE_OR_END:
            kept.pop().out = ""
        return nxt == ","

    def _error(self, exc: ValueError, pieces: list[tuple[str, int, bool]]) -> Diagnostic:
        """json-invalid at the original line of the error found in the repaired text."""
        err = exc if isinstance(exc, json.JSONDecodeError) else None
        at, orig = (err.pos if err else 0), len(self.text)
        for piece, pos, same in pieces:
            if at < len(piece):
                orig = pos + (at if same else 0)
                break
            at -= len(piece)
        line = self.line(orig)
        col = orig - (self.newlines[line - 1] + 1 if line else 0) + 1
        msg = f"{err.msg if err else exc} (line {line + 1}, column {col} of the block)"
        return _invalid(self.source, self.source.line + line, msg)
