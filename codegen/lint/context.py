"""What every lint rule gets: the model, the pages, the validator engine, and helpers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
from codegen.lint.catalog import RULES
from codegen.parser.docset import ParsedPage
from codegen.parser.json_lines import pointer_line
from codegen.runtime.validators import Schema

__all__ = ["LintContext", "pointer_line"]


@dataclass(kw_only=True)
class LintContext:
    """The inputs of one lint run."""

    model: Model
    pages: list[ParsedPage]
    validator: Schema
    selected: set[str] | None = None  # page paths to report on (--changed-only), None: all
    findings: list[Diagnostic] = field(default_factory=list)
    docs_root: str = ""  # the docs folder as page paths start with; messages show paths below it

    def report(
        self,
        rule: str,
        source: SourceRef,
        message: str,
        suggestion: str | None = None,
        subject: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        """Record a finding with the rule's default severity (only for selected pages)."""
        if self.selected is not None and source.file not in self.selected:
            return
        self.findings.append(
            Diagnostic(
                source=source,
                rule=rule,
                severity=severity or RULES[rule].severity,
                message=message,
                suggestion=suggestion,
                subject=subject,
            )
        )

    def collapse(self, rule: str, what: str) -> None:
        """One finding per page for a rule whose findings repeat a page template: the first,
        with the count and the other lines (``what`` names the repeated thing)."""
        by_page: dict[str, list[Diagnostic]] = {}
        for d in self.findings:
            if d.rule == rule:
                by_page.setdefault(d.source.file, []).append(d)
        drop: set[int] = set()
        merged: dict[int, Diagnostic] = {}
        for found in by_page.values():
            if len(found) < 2:
                continue
            found.sort(key=lambda d: d.source.line)
            lines = ", ".join(str(d.source.line) for d in found[1:6])
            more = ", ..." if len(found) > 6 else ""
            note = f" ({len(found)} {what} on this page; also lines {lines}{more})"
            merged[id(found[0])] = replace(found[0], message=found[0].message + note)
            drop |= {id(d) for d in found[1:]}
        self.findings = [merged.get(id(d), d) for d in self.findings if id(d) not in drop]

    def lookup(self, name: str | None) -> StructuredType | None:
        """The type a name means: qualified (``#`` and case ignored) or bare, as the model
        resolves names (``microsoft.graph`` first)."""
        if not name:
            return None
        return self.model.type(name.strip().lstrip("#"))

    def chain(self, t: StructuredType) -> list[StructuredType]:
        """The type and its base types, nearest first (cycles cut)."""
        out = [t]
        while (base := self.lookup(out[-1].base_type)) is not None and base not in out:
            out.append(base)
        return out

    def members(self, t: StructuredType) -> dict[str, str]:
        """Lower-case name -> spelling of every property and relationship of a type and its bases."""
        out: dict[str, str] = {}
        for c in reversed(self.chain(t)):
            for name in [p.name for p in c.properties] + [n.name for n in c.navigation_properties]:
                out[name.lower()] = name
        return out

    def shown(self, source: SourceRef) -> str:
        """A place as messages write it: the path relative to the docs folder, and the line."""
        return f"{self.relative(source.file)}:{source.line}"

    def relative(self, path: str) -> str:
        """A page path relative to the docs folder (``api/user-get.md``)."""
        root = self.docs_root.rstrip("/")
        if root and path.startswith(root + "/"):
            return path[len(root) + 1 :]
        return path

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

    def _by_path(self) -> dict[str, ParsedPage]:
        cache: dict[str, ParsedPage] | None = getattr(self, "_cache", None)
        if cache is None:
            cache = {p.info.path: p for p in self.pages}
            self._cache = cache
        return cache
