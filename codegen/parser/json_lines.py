"""Which page line a member of a parsed JSON block stands on (JSON Pointer -> line).

Lint asks for the line of every finding in a block, so a block is indexed once (its lines, the
``"key":`` spellings and where each array's elements start): a look-up is then a few bisections,
not a scan of the block from its start, which made a block with many findings take time
quadratic in its size.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from codegen.ir.source import SourceRef

_QUOTE = re.compile('"')
QUOTED_KEYS = 16  # spellings with a quote searched for in one block (see _Index._quoted_key)
_COLON = re.compile(r"\s*+:")


class _Index:
    """What pointer look-ups need of one text, built once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.opens = [m.start() for m in re.finditer(r"\[", text)]
        self._keys: dict[str, list[int]] | None = None
        self._strings: dict[str, int] | None = None
        self._quoted: dict[str, list[int]] = {}
        self._elements: dict[int, list[int]] = {}  # '[' -> offsets after it and its commas
        self._found: dict[tuple[int, int], int | None] = {}

    def keys(self) -> dict[str, list[int]]:
        """Spelling -> offsets of each ``"spelling"`` followed by ``:`` (what the expression
        ``"spelling"\\s*:`` finds, for spellings without a quote)."""
        if self._keys is None:
            self._keys = {}
            quotes = [m.start() for m in _QUOTE.finditer(self.text)]
            for start, end in itertools.pairwise(quotes):
                if _COLON.match(self.text, end + 1):
                    self._keys.setdefault(self.text[start + 1 : end], []).append(start)
        return self._keys

    def string(self, value: str) -> int | None:
        """Offset of the first ``"value"`` (the value as a JSON string without escapes)."""
        if self._strings is None:
            self._strings = {}
            quotes = [m.start() for m in _QUOTE.finditer(self.text)]
            for start, end in itertools.pairwise(quotes):
                self._strings.setdefault(self.text[start + 1 : end], start)
        return None if '"' in value else self._strings.get(value)

    def key(self, key: str, pos: int) -> int | None:
        """Offset of the first ``"key":`` at or after ``pos``."""
        if '"' in key:  # a spelling with quotes spans several quote pairs: searched as before,
            return self._quoted_key(key, pos)  # a few of them a block
        found = self.keys().get(key, [])
        k = bisect.bisect_left(found, pos)
        return found[k] if k < len(found) else None

    def _quoted_key(self, key: str, pos: int) -> int | None:
        """``"key"\\s*:`` for a spelling holding a quote (JSON writes it ``\\"``, so only a
        malformed block has it). Finding where it stands takes a pass over the block, so only
        the first QUOTED_KEYS such spellings of a block are looked for; others are not found."""
        starts = self._quoted.get(key)
        if starts is None:
            if len(self._quoted) >= QUOTED_KEYS:
                return None
            pattern, starts, at = re.compile(r'"' + re.escape(key) + r'"\s*:'), [], 0
            while (m := pattern.search(self.text, at)) is not None:
                starts.append(m.start())
                at = m.start() + 1
            self._quoted[key] = starts
        k = bisect.bisect_left(starts, pos)
        return starts[k] if k < len(starts) else None

    def element(self, pos: int, index: int) -> int | None:
        """Offset of element ``index`` of the first JSON array that opens at or after ``pos``."""
        k = bisect.bisect_left(self.opens, pos)
        if k == len(self.opens):
            return None
        at = self.opens[k]
        if (at, index) not in self._found:
            starts = self._elements.get(at)
            if starts is None:
                starts = self._elements[at] = _element_starts(self.text, at)
            start = starts[index] if index < len(starts) else None
            if start is not None:
                while start < len(self.text) and self.text[start].isspace():
                    start += 1
            self._found[(at, index)] = start
        return self._found[(at, index)]

    def line(self, pos: int) -> int:
        """How many line breaks stand before ``pos``."""
        return bisect.bisect_left(self.newlines, pos)


def _element_starts(text: str, at: int) -> list[int]:
    """The offset after the ``[`` at ``at`` and after each comma of that array (depth 0)."""
    depth, in_string, i = 0, False, at + 1
    starts = [i]
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            starts.append(i + 1)
        i += 1
    return starts


@lru_cache(maxsize=8)
def _index(text: str) -> _Index:
    return _Index(text)


def pointer_line(text: str, start: SourceRef, pointer: str) -> SourceRef:
    """The page line of the JSON member a JSON Pointer names (best effort: by key order)."""
    index = _index(text)
    pos = 0
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        found = index.element(pos, int(key)) if key.isdigit() else index.key(key, pos)
        if found is None:
            break
        pos = found
    return SourceRef(file=start.file, line=start.line + index.line(pos))


def string_line(text: str, start: SourceRef, value: str) -> SourceRef:
    """The page line of the first ``"value"`` string in a JSON block (else of the first
    ``value`` in it, else its first line)."""
    index = _index(text)
    found = index.string(value)
    offset = found if found is not None else text.find(value)
    return SourceRef(file=start.file, line=start.line + (index.line(offset) if offset >= 0 else 0))
