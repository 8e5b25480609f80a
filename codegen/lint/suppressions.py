"""Suppressions: by rule id, optionally narrowed to a file glob and a property, each with a reason.

Read from ``[tool.codegen.lint] suppress = [...]`` in pyproject.toml and from
``.codegen-lint.yaml`` (``suppress: [...]``).  A suppression that matches no finding is
itself reported (``suppression-unused``) so stale ones do not pile up.
"""

from __future__ import annotations

import difflib
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
ENTRY_KEYS = ("rule", "reason", "files", "property")
YAML_FILE = ".codegen-lint.yaml"
YAML_KEYS = ("suppress",)
PYPROJECT_LINT_KEYS = ("select", "ignore", "fail-on")  # keys of [tool.codegen.lint], not here


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _rule_lines(text: str, after: str = "") -> list[tuple[int, str]]:
    """(line, rule) of each ``rule`` key in a config file's text (after a header), in order."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if after in line), len(lines)) if after else 0
    out = []
    for number, line in enumerate(lines[start:], start + 1):
        m = _RULE_LINE.match(line)
        if m:
            out.append((number, m.group(1)))
    return out


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(choices)}"


def _entries(raw: Any, origin: str, lines: list[tuple[int, str]]) -> list[Suppression]:
    """Validated entries; each points at the line of its ``rule`` key when the file shows it."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        where = f"{origin}:{lines[0][0]}" if lines else origin
        raise SuppressionError(
            f"{where}: 'suppress' must be a list of entries ({{rule, reason, files, property}}), "
            f"not {raw!r}"
        )
    out = []
    for i, entry in enumerate(raw, 1):
        rule = entry.get("rule") if isinstance(entry, dict) else None
        line = lines[i - 1][0] if i <= len(lines) and lines[i - 1][1] == rule else 0
        where = f"{origin}:{line}: suppression #{i}" if line else f"{origin}: suppression #{i}"
        if not isinstance(entry, dict) or "rule" not in entry:
            raise SuppressionError(
                f"{where}: needs at least 'rule' and 'reason' (an entry is a table of "
                f"{', '.join(ENTRY_KEYS)}), not {entry!r}"
            )
        unknown = sorted(str(key) for key in set(entry) - set(ENTRY_KEYS))
        if unknown:
            hint = _did_you_mean(unknown[0], ENTRY_KEYS)
            raise SuppressionError(f"{where}: unknown keys {unknown}{hint}")
        for key in ENTRY_KEYS:
            if key in entry and not isinstance(entry[key], str):
                raise SuppressionError(f"{where}: {key} must be a string, not {entry[key]!r}")
        if entry["rule"] not in RULES:
            raise SuppressionError(
                f"{where}: unknown rule {entry['rule']!r}{_did_you_mean(entry['rule'], list(RULES))}"
            )
        if not entry.get("reason", "").strip():
            raise SuppressionError(f"{where}: every suppression needs a 'reason'")
        out.append(
            Suppression(
                rule=entry["rule"],
                reason=entry["reason"],
                files=entry.get("files") or None,
                property=entry.get("property") or None,
                origin=SourceRef(file=origin, line=line or i),
            )
        )
    return out


def pyproject_suppressions(raw: Any, pyproject: Path, text: str) -> list[Suppression]:
    """The entries of ``[tool.codegen.lint] suppress`` in ``pyproject`` (whose text is given)."""
    lines = _rule_lines(text, after="tool.codegen.lint")
    origin = display_path(pyproject) if lines else "pyproject.toml [tool.codegen.lint]"
    return _entries(raw, origin, lines)


def _yaml_key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key of a YAML mapping (none when it is not one)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}


def _yaml_suppressions(path: Path) -> list[Suppression]:
    """The entries of ``.codegen-lint.yaml``; its keys and values are checked."""
    name = display_path(path)
    text = _read(path)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise SuppressionError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SuppressionError(f"{name}: expected a mapping with 'suppress', not {data!r}")
    key_lines = _yaml_key_lines(text)
    for key in data:
        if key in YAML_KEYS:
            continue
        line = key_lines.get(str(key))
        where = f"{name}:{line}" if line else name
        if key in PYPROJECT_LINT_KEYS:
            hint = f"; {key} goes in [tool.codegen.lint] of pyproject.toml or on the command line"
        else:
            hint = _did_you_mean(str(key), YAML_KEYS)
        raise SuppressionError(f"{where}: unknown key {key!r} in {YAML_FILE}{hint}")
    return _entries(data.get("suppress"), name, _rule_lines(text))


def load_suppressions(lint_table: dict[str, Any], folder: Path = Path(".")) -> list[Suppression]:
    """Entries from [tool.codegen.lint] and .codegen-lint.yaml in ``folder``."""
    pyproject = folder / "pyproject.toml"
    out = pyproject_suppressions(lint_table.get("suppress"), pyproject, _read(pyproject))
    path = folder / YAML_FILE
    if path.is_file():
        out += _yaml_suppressions(path)
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
