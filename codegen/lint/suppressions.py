"""Suppressions: by rule id, optionally narrowed to a file glob and a property, each with a reason.

Read from ``[tool.codegen.lint] suppress = [...]`` in pyproject.toml and from
``.codegen-lint.yaml`` (``suppress: [...]``).  A suppression that matches no finding is
itself reported (``suppression-unused``) so stale ones do not pile up.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.source import SourceRef
from codegen.lint.catalog import RULES


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


def _entries(raw: Any, origin: str) -> list[Suppression]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SuppressionError(f"{origin}: 'suppress' must be a list of entries")
    out = []
    for i, entry in enumerate(raw, 1):
        where = f"{origin}: suppression #{i}"
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
                origin=SourceRef(file=origin, line=i),
            )
        )
    return out


def load_suppressions(lint_table: dict[str, Any], folder: Path = Path(".")) -> list[Suppression]:
    """Entries from [tool.codegen.lint] and .codegen-lint.yaml in ``folder``."""
    out = _entries(lint_table.get("suppress"), "pyproject.toml [tool.codegen.lint]")
    path = folder / ".codegen-lint.yaml"
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SuppressionError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise SuppressionError(f"{path}: expected a mapping with 'suppress'")
        out += _entries(data.get("suppress"), str(path))
    return out


def apply_suppressions(
    findings: list[Diagnostic], suppressions: list[Suppression]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(kept findings, findings about unused suppressions)."""
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
            rule="suppression-unused",
            severity=RULES["suppression-unused"].severity,
            message=f"suppression of {s.rule}"
            + (f" for {s.files}" if s.files else "")
            + (f" ({s.property})" if s.property else "")
            + " matches no finding",
            subject=s.rule,
        )
        for i, s in enumerate(suppressions)
        if i not in used
    ]
    return kept, unused
