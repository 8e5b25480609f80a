"""Suppressions: by rule id, optionally narrowed to a file glob and a property, each with a reason.

Read from ``[tool.codegen.lint] suppress = [...]`` in pyproject.toml and from
``.codegen-lint.yaml`` (``suppress: [...]``).  A suppression that matches no finding is
itself reported (``suppression-unused``) so stale ones do not pile up.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.source import SourceRef
from codegen.lint.catalog import (
    RULES,
    SUPPRESSION_UNUSED,
)
from codegen.parser.docset import display_path


class SuppressionError(Exception):
    """A suppression entry that cannot be used (names its file and entry)."""


@dataclass(frozen=True, kw_only=True)
class Suppression:
    """One entry; ``origin`` says where it was written."""

    rule: str
    reason: str
    files: str | None = None
    property: str | None = None
    origin: SourceRef

    def matches(self, finding: Diagnostic) -> bool:
        """True when this entry silences the finding."""
        if finding.rule != self.rule:
            return False
        if self.files and not fnmatch.fnmatchcase(finding.source.file, self.files):
            return False
        if self.property:
            subject = finding.subject or ""
            return subject == self.property or subject.endswith("." + self.property)
        return True


_RULE_LINE = re.compile(r"""^\s*(?:-\s*)?(?:\{\s*)?rule\s*[:=]\s*["']?([\w-]+)""")


def _rule_lines(path: Path, after: str = "") -> list[tuple[int, str]]:
    """(line, rule) of each ``rule`` key in a config file (after a header), in order."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    start = next((i for i, line in enumerate(lines) if after in line), len(lines)) if after else 0
    out = []
    for number, line in enumerate(lines[start:], start + 1):
        m = _RULE_LINE.match(line)
        if m:
            out.append((number, m.group(1)))
    return out


def _entries(raw: Any, origin: str, lines: list[tuple[int, str]]) -> list[Suppression]:
    """Validated entries; each points at the line of its ``rule`` key when the file shows it."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SuppressionError(f"{origin}: 'suppress' must be a list of entries")
    out = []
    for i, entry in enumerate(raw, 1):
        rule = entry.get("rule") if isinstance(entry, dict) else None
        line = lines[i - 1][0] if i <= len(lines) and lines[i - 1][1] == rule else 0
        where = f"{origin}:{line}: suppression #{i}" if line else f"{origin}: suppression #{i}"
        if not isinstance(entry, dict) or "rule" not in entry:
            raise SuppressionError(f"{where}: needs at least 'rule' and 'reason'")
        if entry["rule"] not in RULES:
            raise SuppressionError(f"{where}: unknown rule {entry['rule']!r}")
        if not str(entry.get("reason", "")).strip():
            raise SuppressionError(f"{where}: every suppression needs a 'reason'")
        unknown = set(entry) - {"rule", "reason", "files", "property"}
        if unknown:
            raise SuppressionError(f"{where}: unknown keys {sorted(unknown)}")
        out.append(
            Suppression(
                rule=str(entry["rule"]),
                reason=str(entry["reason"]),
                files=str(entry["files"]) if entry.get("files") else None,
                property=str(entry["property"]) if entry.get("property") else None,
                origin=SourceRef(file=origin, line=line or i),
            )
        )
    return out


def load_suppressions(lint_table: dict[str, Any], folder: Path = Path(".")) -> list[Suppression]:
    """Entries from [tool.codegen.lint] and .codegen-lint.yaml in ``folder``."""
    pyproject = folder / "pyproject.toml"
    lines = _rule_lines(pyproject, after="tool.codegen.lint")
    origin = display_path(pyproject) if lines else "pyproject.toml [tool.codegen.lint]"
    out = _entries(lint_table.get("suppress"), origin, lines)
    path = folder / ".codegen-lint.yaml"
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SuppressionError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise SuppressionError(f"{path}: expected a mapping with 'suppress'")
        out += _entries(data.get("suppress"), display_path(path), _rule_lines(path))
    return out


def apply_suppressions(
    findings: list[Diagnostic], suppressions: list[Suppression], pages: set[str] | None = None
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(kept findings, findings about unused suppressions).

    With ``pages`` (the names of the pages linted), a suppression whose ``files`` glob matches
    none of them is not reported as unused: it is about pages this run did not lint.
    """
    used: set[int] = set()
    kept = []
    for finding in findings:
        hit = next((i for i, s in enumerate(suppressions) if s.matches(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
    unused = [
        Diagnostic(
            source=s.origin,
            rule=SUPPRESSION_UNUSED,
            severity=RULES[SUPPRESSION_UNUSED].severity,
            message=f"suppression of {s.rule}"
            + (f" for {s.files}" if s.files else "")
            + (f" ({s.property})" if s.property else "")
            + " matches no finding",
            subject=s.rule,
        )
        for i, s in enumerate(suppressions)
        if i not in used
        and (pages is None or not s.files or any(fnmatch.fnmatchcase(p, s.files) for p in pages))
    ]
    return kept, unused
