"""Which page line a member of a parsed JSON block stands on (JSON Pointer -> line)."""

from __future__ import annotations

import re

from codegen.ir.source import SourceRef


def _element_offset(text: str, pos: int, index: int) -> int | None:
    """Offset of element ``index`` of the first JSON array that opens at or after ``pos``."""
    i = text.find("[", pos)
    if i < 0:
        return None
    depth, count, in_string, i = 0, 0, False, i + 1
    start = i
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
            count += 1
            if count == index:
                start = i + 1
        i += 1
    if count < index:
        return None
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def pointer_line(text: str, start: SourceRef, pointer: str) -> SourceRef:
    """The page line of the JSON member a JSON Pointer names (best effort: by key order)."""
    pos = 0
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if key.isdigit():
            found = _element_offset(text, pos, int(key))
            if found is None:
                break
            pos = found
            continue
        m = re.compile(r'"' + re.escape(key) + r'"\s*:').search(text, pos)
        if m is None:
            break
        pos = m.start()
    return SourceRef(file=start.file, line=start.line + text.count("\n", 0, pos))
