"""Long generated lines split the way black keeps them, so black formats a module in one pass.

black formats a module twice when its input was not already black's output, so rendering
lines that black leaves as they are halves its work. A line that fits stays one line; a longer
one is split at its outermost brackets with one element per line and a trailing comma (black
keeps such a "magic trailing comma" split), or, for an annotation or a string that cannot be
split, wrapped in parentheses as black does. Anything else is left to black.

Docs text reaches these lines as string literals (wire names, enum values, paths), so the line
is tokenized first (``tokenize``) and every string literal is hidden behind a run of one
private-use character, as wide as the literal in the columns black counts (a CJK character
takes two), while the line is split: brackets, commas, `` = ``, `` | `` or ``: `` inside a
literal are never split at, and a literal is always put back whole. A line that holds a
comment or does not tokenize is left to black.
"""

from __future__ import annotations

import io
import re
import tokenize

from black.strings import str_width

WIDTH = 88  # black's default line length, the generated package's
_PAIRS = {"(": ")", "[": "]", "{": "}"}
# String literals are hidden as runs of one of these (private use: py_str escapes them, so
# they never occur in generated code; a line holding one is not wrapped).
_HIDE_FIRST, _HIDE_LAST = 0xE000, 0xF8FF
_HIDDEN = re.compile(f"[{chr(_HIDE_FIRST)}-{chr(_HIDE_LAST)}]")
_HIDDEN_RUN = re.compile(f"([{chr(_HIDE_FIRST)}-{chr(_HIDE_LAST)}])\\1*")
_NAMES = tokenize.tok_name


def _literals(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of every string literal of a one-line ``text`` (an f-string whole), in
    order; None when ``text`` holds a comment or a line break or does not tokenize."""
    if "\n" in text or "\r" in text or _HIDDEN.search(text):
        return None
    if "#" not in text and '"' not in text and "'" not in text:
        return []  # no literal and no comment (most long lines): nothing to tokenize
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0  # f-strings are several tokens from Python 3.12 on
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = _NAMES[token.type]
            if kind in ("COMMENT", "ERRORTOKEN"):
                return None
            if kind.endswith("STRING_START"):
                depth, start = depth + 1, token.start[1] if depth == 0 else start
            elif kind.endswith("STRING_END"):
                depth -= 1
                if depth == 0:
                    spans.append((start, token.end[1]))
            elif kind == "STRING" and depth == 0:
                spans.append((token.start[1], token.end[1]))
    except tokenize.TokenError as error:  # unbalanced brackets end in one at EOF: still fine
        if "statement" not in str(error.args[0]):
            return None
    except SyntaxError:
        return None
    return spans if depth == 0 and len(spans) <= _HIDE_LAST - _HIDE_FIRST else None


def _is_literal(text: str) -> bool:
    """True when ``text`` (hidden) starts with a string literal."""
    return _HIDDEN.match(text) is not None


def _scan(text: str) -> list[tuple[int, int, int]]:
    """(depth, open index, close index) of every bracket pair (string literals hidden)."""
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append(index)
        elif char in ")]}" and stack:
            start = stack.pop()
            pairs.append((len(stack), start, index))
    return pairs


def _split_top(text: str) -> list[str]:
    """The comma-separated elements of ``text`` at bracket depth 0."""
    return [p.strip() for p in _top(text, ",") if p.strip()]


def _explodable(text: str, start: int) -> bool:
    """A call or a literal (black keeps its magic trailing comma), not a subscript."""
    before = text[start - 1 : start]
    subscripted = before.isalnum() or before in "_])" or _is_literal(before)
    return text[start] == "(" or not before or not subscripted


def _top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets (string literals hidden)."""
    inner = {i for _, start, end in _scan(text) for i in range(start + 1, end)}
    parts, last, index = [], 0, text.find(separator)
    while index >= 0:
        if index not in inner:
            parts.append(text[last:index])
            last = index + len(separator)
        index = text.find(separator, index + 1)
    return [*parts, text[last:]]


def _operand_lines(expression: str, indent: str) -> str:
    """An expression inside parentheses at ``indent``: one line when it fits, else one line per
    operand of its top-level ``|`` (black's delimiter split)."""
    if len(indent) + len(expression) <= WIDTH:
        return f"{indent}{expression}"
    first, *rest = _top(expression, " | ")
    return "\n".join([f"{indent}{first}", *(f"{indent}| {part}" for part in rest)])


def _statement(text: str, indent: str) -> str | None:
    """Black's split of a long import, class, def, ``if`` or return-annotation line; None for
    any other line."""
    inner = indent + "    "
    if text.startswith("from ") and " import " in text and not text.endswith(")"):
        head, _, names = text.partition(" import ")
        listed = "".join(f"{inner}{name.strip()},\n" for name in names.split(","))
        return f"{head} import (\n{listed}{indent})"
    if text.startswith("class ") and text.endswith("):") and "," not in text:
        head, _, base = text[:-2].partition("(")
        return f"{head}(\n{inner}{base}\n{indent}):"
    if text.startswith(("def ", "async def ")) and text.endswith(":") and ") -> " in text:
        head, _, rest = text.partition("(")
        params, _, returns = rest.partition(") -> ")
        if "(" in params or "[" in returns or len(indent) + len(returns) + 5 > WIDTH:
            return None
        listed = "".join(f"{inner}{p.strip()},\n" for p in _top(params, ","))
        return f"{head}(\n{listed}{indent}) -> {returns}"
    if text.startswith("if ") and text.endswith(":"):
        condition = text[3:-1]
        left, operator, right = condition.rpartition(" is not ")
        if len(inner) + len(condition) <= WIDTH or not operator:
            return f"if (\n{inner}{condition}\n{indent}):"
        return f"if (\n{inner}{left}\n{inner}is not {right}\n{indent}):"
    if text.startswith(") -> ") and text.endswith(":"):
        returns = text[5:-1]
        if len(_top(returns, " | ")) > 1:
            return f") -> (\n{_operand_lines(returns, inner)}\n{indent}):"
        if returns.endswith("]") and "[" in returns:
            head, _, item = returns[:-1].partition("[")
            return f") -> {head}[\n{inner}{item}\n{indent}]:"
    return None


def wrap(text: str, indent: str) -> str:
    """``text`` (one statement or element, without indent) as lines starting at ``indent``."""
    if len(indent) + str_width(text) <= WIDTH:
        return text
    spans = _literals(text)
    if spans is None:
        return text
    literals = [text[start:end] for start, end in spans]
    hidden, last = [], 0
    for number, (start, end) in enumerate(spans):
        hidden += [text[last:start], chr(_HIDE_FIRST + number) * str_width(literals[number])]
        last = end
    wrapped = _wrap("".join(hidden) + text[last:], indent)
    return _HIDDEN_RUN.sub(lambda m: literals[ord(m.group(1)) - _HIDE_FIRST], wrapped)


def _wrap(text: str, indent: str) -> str:
    """``wrap`` of a line whose string literals are hidden."""
    if len(indent) + len(text) <= WIDTH:
        return text
    statement = _statement(text, indent)
    if statement is not None:
        return statement
    comma = "," if text.endswith(",") else ""
    body = text[: -len(comma)] if comma else text
    outer = [(s, e) for depth, s, e in _scan(body) if depth == 0]
    name, colon, rest = body.partition(": ")
    annotation, equals, value = rest.rpartition(" = ")
    simple = colon and equals and name.isidentifier() and not comma
    if simple and _is_literal(value):  # name: annotation = (long string)
        return f"{name}: {annotation} = (\n{indent}    {value}\n{indent})"
    target, equals, value = body.partition(" = ")
    if colon and comma and name.isidentifier():  # a parameter, maybe with a default
        hint, eq, default = rest.rpartition(" = ") if " = " in rest else (rest, "", "")
        if len(_top(hint, " | ")) > 1:
            tail = f" = {default}" if eq else ""
            return f"{name}: (\n{_operand_lines(hint, indent + '    ')}\n{indent}){tail},"
    if outer and outer[-1][1] == len(body) - 1 and _explodable(body, outer[-1][0]):
        start, end = outer[-1]  # a call or literal ending the line: one element per line
        if equals and not comma and len(indent) + start + 1 > WIDTH and not simple:
            return f"{target} = (\n{indent}    {_wrap(value, indent + '    ')}\n{indent})"
        elements = _split_top(body[start + 1 : end])
        if elements:
            inner = indent + "    "
            lines = [f"{inner}{_wrap(e + ',', inner)}" for e in elements]
            return body[: start + 1] + "\n" + "\n".join(lines) + f"\n{indent}" + body[end:] + comma
    if simple and len(f"{indent}{name}: {annotation} = (") <= WIDTH:  # black's RHS split
        return f"{name}: {annotation} = (\n{indent}    {value}\n{indent})"
    if simple:  # name: (annotation) = value
        return f"{name}: (\n{_operand_lines(annotation, indent + '    ')}\n{indent}) = {value}"
    if equals and not comma and all(start < len(target) for start, _ in outer):  # x = (value)
        return f"{target} = (\n{indent}    {value}\n{indent})"
    return text
