"""Which rules a lint run reports: ``select`` and ``ignore``, resolved as ruff resolves them.

A selector is a rule id (``json-invalid``), a prefix of ids at a ``-`` boundary (``example`` and
``example-`` both match ``example-value-type``; ``exam`` matches nothing) or ``ALL``. Within one
level (the pyproject's ``[tool.codegen.lint]``, then the command line), the most specific
selector matching a rule decides whether it is reported (``--select ALL --ignore example`` and
``--ignore example --select example-placeholder-value`` both do what they say); between two
equally specific ones, ``ignore`` wins. A level with a ``select`` starts over from the rules it
names; a level with only ``ignore`` removes rules from what the levels before it selected.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from codegen.lint.catalog import RULES
from codegen.settings import SettingsError

ALL = "ALL"


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """``["example-,json-invalid", "type-undefined"]`` → the three selectors (blanks dropped)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def matches(selector: str, rule: str) -> bool:
    """True when ``selector`` selects ``rule``: ``ALL``, the id itself or a prefix at a ``-``."""
    if selector == ALL or selector == rule:
        return True
    stem = selector.rstrip("-")
    return bool(stem) and rule.startswith(stem + "-")


def specificity(selector: str) -> int:
    """``ALL`` 0, then the number of ``-``-separated parts: ``example`` 1, ``example-value`` 2."""
    return 0 if selector == ALL else len(selector.rstrip("-").split("-"))


@cache
def _candidates() -> dict[str, str]:
    """Every selector the catalog allows, keyed by its lower-case spelling."""
    names = {ALL}
    for rule in RULES:
        parts = rule.split("-")
        names.update("-".join(parts[:n]) for n in range(1, len(parts) + 1))
    return {name.lower(): name for name in sorted(names)}


def check_selector(selector: object, where: str) -> str:
    """``selector`` if it selects at least one rule of the catalog, else SettingsError."""
    if not isinstance(selector, str):
        raise SettingsError(f"{where}: a rule selector must be a string, not {selector!r}")
    if selector == ALL or any(matches(selector, rule) for rule in RULES):
        return selector
    known = _candidates()
    close = difflib.get_close_matches(selector.rstrip("-").lower(), list(known), n=1, cutoff=0.6)
    hint = (
        f"; did you mean {known[close[0]]!r}?"
        if close
        else "; the rule ids are listed in codegen/lint/catalog.py (prefixes at a '-' and ALL "
        "work too)"
    )
    raise SettingsError(f"{where}: rule selector {selector!r} matches no lint rule{hint}")


@dataclass(frozen=True, kw_only=True)
class Level:
    """One level of selection: ``select`` None keeps what the levels before selected."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()

    def decide(self, rule: str, carried: bool) -> bool:
        """Whether ``rule`` is reported after this level, given the decision before it."""
        hits = [(specificity(s), 0, True) for s in self.select or () if matches(s, rule)]
        hits += [(specificity(s), 1, False) for s in self.ignore if matches(s, rule)]
        if hits:
            return max(hits)[2]  # the most specific; on a tie, ignore (1) beats select (0)
        return carried if self.select is None else False


@dataclass(frozen=True)
class Selection:
    """The levels, lowest priority first (pyproject, then command line); none: every rule."""

    levels: tuple[Level, ...] = ()

    def __contains__(self, rule: object) -> bool:
        if not isinstance(rule, str):
            return False
        chosen = True
        for level in self.levels:
            chosen = level.decide(rule, chosen)
        return chosen

    def rules(self, known: Sequence[str] | None = None) -> list[str]:
        """The ids of the catalog (or of ``known``) this selection reports, in order."""
        return [r for r in (known if known is not None else list(RULES)) if r in self]
