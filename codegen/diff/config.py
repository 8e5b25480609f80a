"""``[tool.codegen.diff]``: its keys and values checked, and its suppressions.

Keys: ``fail-on`` (``breaking`` or ``any``: the lowest level of change that fails the run),
``descriptions`` (true: also list reworded descriptions) and ``suppress``, a list of tables
``{rule, subject, reason}``: ``rule`` a kind of change (``property-removed``; a glob such as
``header-*`` matching at least one), ``subject`` an optional glob matched against the change's
subject (``microsoft.graph.user.*``, ``GET /users/*``), ``reason`` required. Every key is
checked: an unknown one is a SettingsError naming pyproject.toml and its line, with "did you
mean". A suppression that matches no change is reported as unused.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.diff.changes import DEFAULT_FAIL_ON, FAIL_ON, KINDS, Change
from codegen.ir.source import SourceRef
from codegen.settings import SettingsError

TABLE = "tool.codegen.diff"
DIFF_KEYS = ("fail-on", "descriptions", "suppress")
ENTRY_KEYS = ("rule", "subject", "reason")

_HEADER = re.compile(r"\[\[?\s*([^\]]+?)\s*\]\]?(\s*#.*)?")
_KEY = re.compile(
    r"""((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"))*)\s*="""
)


@dataclass(frozen=True, kw_only=True)
class Suppression:
    """One entry of ``[[tool.codegen.diff.suppress]]``."""

    rule: str
    reason: str
    subject: str | None = None
    origin: SourceRef

    def matches(self, change: Change) -> bool:
        if not fnmatch.fnmatchcase(change.kind, self.rule):
            return False
        return self.subject is None or fnmatch.fnmatchcase(change.subject, self.subject)


def _dotted(name: str) -> list[str]:
    return [part.strip().strip("\"'") for part in name.split(".")]


def _lines(text: str) -> tuple[dict[str, int], list[int]]:
    """(line of each key of the table, line of each ``[[...suppress]]`` header, in order)."""
    keys: dict[str, int] = {}
    entries: list[int] = []
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = _HEADER.fullmatch(stripped)
        if header:
            table = _dotted(header.group(1))
            if table[:3] == ["tool", "codegen", "diff"]:
                if len(table) > 3:
                    keys.setdefault(table[3], number)
                    if table[3] == "suppress" and stripped.startswith("[["):
                        entries.append(number)
                else:
                    keys.setdefault("", number)
            continue
        key = _KEY.match(stripped)
        if key:
            path = table + _dotted(key.group(1))
            if path[:3] == ["tool", "codegen", "diff"]:
                keys.setdefault(path[3] if len(path) > 3 else "", number)
    return keys, entries


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(choices)}"


def check_diff_table(table: dict[str, Any], pyproject: Path, text: str) -> list[Suppression]:
    """The table's suppressions; SettingsError naming the file and line for anything in it
    that cannot be used."""
    lines, entries = _lines(text)

    def where(key: str) -> str:
        line = lines.get(key) or lines.get("")
        return f"{pyproject}:{line}" if line else f"{pyproject} [{TABLE}] {key}"

    for key in table:
        if key not in DIFF_KEYS:
            raise SettingsError(
                f"{where(str(key))}: unknown key {key!r} in [{TABLE}]"
                f"{_did_you_mean(str(key), DIFF_KEYS)}"
            )
    if "fail-on" in table and table["fail-on"] not in FAIL_ON:
        raise SettingsError(
            f"{where('fail-on')}: fail-on must be one of {', '.join(FAIL_ON)}, "
            f"not {table['fail-on']!r}"
        )
    if "descriptions" in table and not isinstance(table["descriptions"], bool):
        raise SettingsError(
            f"{where('descriptions')}: descriptions must be true or false, "
            f"not {table['descriptions']!r}"
        )
    raw = table.get("suppress", [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise SettingsError(
            f"{where('suppress')}: suppress must be a list of tables ({{rule, subject, reason}}), "
            f"not {raw!r}"
        )
    out = []
    for i, entry in enumerate(raw, 1):
        line = entries[i - 1] if i <= len(entries) else lines.get("suppress", 0)
        at = f"{pyproject}:{line}: suppression #{i}" if line else f"{pyproject}: suppression #{i}"
        unknown = sorted(str(k) for k in set(entry) - set(ENTRY_KEYS))
        if unknown:
            raise SettingsError(
                f"{at}: unknown key {unknown[0]!r}{_did_you_mean(unknown[0], ENTRY_KEYS)}"
            )
        for key in ENTRY_KEYS:
            if key in entry and not isinstance(entry[key], str):
                raise SettingsError(f"{at}: {key} must be a string, not {entry[key]!r}")
        rule = entry.get("rule")
        if not rule:
            raise SettingsError(f"{at}: needs 'rule' (a kind of change, e.g. property-removed)")
        if not any(fnmatch.fnmatchcase(kind, rule) for kind in KINDS):
            raise SettingsError(
                f"{at}: rule {rule!r} names no kind of change{_did_you_mean(rule, list(KINDS))}"
            )
        if not entry.get("reason", "").strip():
            raise SettingsError(f"{at}: every suppression needs a 'reason'")
        out.append(
            Suppression(
                rule=rule,
                reason=entry["reason"],
                subject=entry.get("subject") or None,
                origin=SourceRef(file=pyproject.as_posix(), line=line or 0),
            )
        )
    return out


def fail_on(table: dict[str, Any], option: str | None) -> str:
    """``--fail-on``, else the table's ``fail-on``, else breaking."""
    return option or table.get("fail-on") or DEFAULT_FAIL_ON


def apply(changes: list[Change], suppressions: list[Suppression]) -> list[Suppression]:
    """Mark each change a suppression matches (its reason); return the unused suppressions."""
    used: set[int] = set()
    for change in changes:
        for i, s in enumerate(suppressions):
            if s.matches(change):
                change.suppressed = s.reason
                used.add(i)
                break
    return [s for i, s in enumerate(suppressions) if i not in used]
