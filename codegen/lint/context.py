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
from codegen.parser.json_lines import pointer_line

__all__ = ["LintContext", "pointer_line"]


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

    def annotation_ref(self, block: SourceRef, key: str) -> SourceRef | None:
        """The line of ``key`` in the annotation comment of the fenced block starting at ``block``."""
        parsed = self.page(block.file)
        fences = parsed.page.fences if parsed is not None and parsed.page is not None else []
        fence = next((f for f in reversed(fences) if f.line <= block.line), None)
        if fence is None or fence.comment is None:
            return None
        offset = fence.comment.text.find(key)
        if offset < 0:
            return SourceRef(file=block.file, line=fence.comment.line)
        return SourceRef(
            file=block.file, line=fence.comment.line + fence.comment.text.count("\n", 0, offset)
        )

    def base_type_ref(self, path: str) -> SourceRef | None:
        """Where a resource page states its base type: the annotation's baseType, else "Inherits from"."""
        parsed = self.page(path)
        if parsed is None or parsed.page is None:
            return None
        for comment in parsed.page.comments:
            m = re.search(r'"baseType"\s*:\s*"[^"]', comment.text)
            if m and '"resource"' in comment.text:
                return SourceRef(
                    file=path, line=comment.line + comment.text.count("\n", 0, m.start())
                )
        for prose in parsed.page.prose:
            if prose.text.lower().startswith("inherits from"):
                return SourceRef(file=path, line=prose.line)
        return None

    def _by_path(self) -> dict[str, ParsedPage]:
        cache: dict[str, ParsedPage] | None = getattr(self, "_cache", None)
        if cache is None:
            cache = {p.info.path: p for p in self.pages}
            self._cache = cache
        return cache
