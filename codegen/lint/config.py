"""``[tool.codegen.lint]``: its keys and values checked, and merged with the command line.

Keys, named as ruff names its own: ``select`` and ``ignore`` (lists of rule selectors, see
``codegen.lint.selection``), ``fail-on`` (``error``, ``warning`` or ``info``: the lowest
severity that fails the run) and ``suppress`` (see ``codegen.lint.suppressions``). Every key is
checked (an unknown one is a SettingsError naming pyproject.toml and its line, with "did you
mean"), and so is every value's type.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from codegen.ir.diagnostics import Severity
from codegen.lint.selection import Level, Selection, check_selector, split_selectors
from codegen.lint.suppressions import pyproject_suppressions
from codegen.settings import SettingsError

TABLE = "tool.codegen.lint"
LINT_KEYS = ("select", "ignore", "fail-on", "suppress")
FAIL_ON = ("error", "warning", "info")
DEFAULT_FAIL_ON = "error"
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

_HEADER = re.compile(r"\[\[?\s*([^\]]+?)\s*\]\]?(\s*#.*)?")
_KEY = re.compile(
    r"""((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"))*)\s*="""
)


def _dotted(name: str) -> list[str]:
    return [part.strip().strip("\"'") for part in name.split(".")]


def key_lines(text: str) -> dict[str, int]:
    """Line of each key of [tool.codegen.lint] in a pyproject's text: ``key = ...`` in the
    table, a ``[tool.codegen.lint.key]`` or ``[[...]]`` header, or ``lint.key = ...`` in
    [tool.codegen]; ``""`` is the line of an inline ``lint = {...}``."""
    lines: dict[str, int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = _HEADER.fullmatch(stripped)
        if header:
            table = _dotted(header.group(1))
            if table[:3] == ["tool", "codegen", "lint"] and len(table) > 3:
                lines.setdefault(table[3], number)
            continue
        key = _KEY.match(stripped)
        if not key:
            continue
        path = table + _dotted(key.group(1))
        if path[:3] == ["tool", "codegen", "lint"]:
            lines.setdefault(path[3] if len(path) > 3 else "", number)
    return lines


def _value_line(text: str, start: int, value: str) -> int:
    """The line, from ``start`` to the next table header, that holds ``value`` quoted."""
    quoted = (f'"{value}"', f"'{value}'")
    for number, line in enumerate(text.splitlines()[start - 1 :], start):
        if number > start and _HEADER.fullmatch(line.strip()):
            break
        if any(q in line for q in quoted):
            return number
    return start


def check_lint_table(table: dict[str, Any], pyproject: Path, text: str) -> None:
    """Raise SettingsError (or SuppressionError) for anything in the table that cannot be used."""
    lines = key_lines(text)

    def where(key: str) -> str:
        line = lines.get(key) or lines.get("")
        return f"{pyproject}:{line}" if line else f"{pyproject} [{TABLE}] {key}"

    for key in table:
        if key not in LINT_KEYS:
            close = difflib.get_close_matches(str(key), LINT_KEYS, n=1, cutoff=0.6)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; known keys: {', '.join(LINT_KEYS)}"
            )
            raise SettingsError(f"{where(key)}: unknown key {key!r} in [{TABLE}]{hint}")
    for key in ("select", "ignore"):
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(
                f"{where(key)}: {key} must be a list of rule ids or prefixes "
                f'(["example-", "json-invalid"]), not {value!r}'
            )
        for selector in value:
            line = lines.get(key) or lines.get("")
            at = f"{pyproject}:{_value_line(text, line, selector)}" if line else where(key)
            check_selector(selector, f"{at}: {key}")
    if "fail-on" in table and table["fail-on"] not in FAIL_ON:
        raise SettingsError(
            f"{where('fail-on')}: fail-on must be one of {', '.join(FAIL_ON)}, "
            f"not {table['fail-on']!r}"
        )
    if "suppress" in table:
        raw = table["suppress"]
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            raise SettingsError(
                f"{where('suppress')}: suppress must be a list of tables "
                f"({{rule, reason, files, property}}), not {raw!r}"
            )
        pyproject_suppressions(raw, pyproject, text)


def selection(
    table: dict[str, Any], select: Sequence[str] | None, ignore: Sequence[str] | None
) -> Selection:
    """The pyproject's selection, then the command line's on top (``--select``/``--ignore``
    values, comma-separated and repeatable; each checked against the catalog)."""
    levels = []
    if "select" in table or "ignore" in table:
        levels.append(
            Level(
                select=tuple(table["select"]) if "select" in table else None,
                ignore=tuple(table.get("ignore", ())),
            )
        )
    if select is not None or ignore is not None:
        levels.append(
            Level(
                select=(
                    tuple(check_selector(s, "--select") for s in split_selectors(select))
                    if select is not None
                    else None
                ),
                ignore=tuple(check_selector(s, "--ignore") for s in split_selectors(ignore or ())),
            )
        )
    return Selection(tuple(levels))


def fail_on(table: dict[str, Any], option: str | None) -> Severity:
    """The lowest severity that fails the run: the option, else the pyproject's, else error."""
    return Severity(option or table.get("fail-on") or DEFAULT_FAIL_ON)


def fails(severities: Sequence[Severity], threshold: Severity) -> bool:
    """True when a finding at or above ``threshold`` remains."""
    return any(_RANK[s] <= _RANK[threshold] for s in severities)
