"""What every lint rule gets: the model, the pages, the validator engine, and helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.lint.catalog import RULES
from codegen.parser.docset import ParsedPage


@dataclass(kw_only=True)
class LintContext:
    """The inputs of one lint run."""

    model: Model
    pages: list[ParsedPage]
    validator: Any
    selected: set[str] | None = None  # page paths to report on (--changed-only), None: all
    findings: list[Diagnostic] = field(default_factory=list)

    def report(
        self,
        rule: str,
        source: SourceRef,
        message: str,
        suggestion: str | None = None,
        subject: str | None = None,
    ) -> None:
        """Record a finding with the rule's default severity (only for selected pages)."""
        if self.selected is not None and source.file not in self.selected:
            return
        self.findings.append(
            Diagnostic(
                source=source,
                rule=rule,
                severity=RULES[rule].severity,
                message=message,
                suggestion=suggestion,
                subject=subject,
            )
        )

    def page(self, path: str) -> ParsedPage | None:
        """The parsed page with that path."""
        return self._by_path().get(path)

    def _by_path(self) -> dict[str, ParsedPage]:
        cache: dict[str, ParsedPage] | None = getattr(self, "_cache", None)
        if cache is None:
            cache = {p.info.path: p for p in self.pages}
            self._cache = cache
        return cache


def pointer_line(text: str, start: SourceRef, pointer: str) -> SourceRef:
    """The page line of the JSON member a JSON Pointer names (best effort: by key order)."""
    pos = 0
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if key.isdigit():
            continue
        m = re.compile(r'"' + re.escape(key) + r'"\s*:').search(text, pos)
        if m is None:
            break
        pos = m.start()
    return SourceRef(file=start.file, line=start.line + text.count("\n", 0, pos))
