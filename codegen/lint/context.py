"""What every lint rule gets: the model, the pages, the validator engine, and helpers."""

from __future__ import annotations

import bisect
import difflib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property, StructuredType
from codegen.lint.catalog import RULES
from codegen.parser.docset import ParsedPage
from codegen.parser.json_lines import pointer_line
from codegen.parser.page import Fence
from codegen.runtime.validators import Schema

__all__ = ["LintContext", "Suggestions", "listing", "pointer_line"]

Member = Property | NavigationProperty
_MemberIndex = tuple[dict[str, str], dict[str, Member], dict[str, StructuredType]]


@dataclass(kw_only=True)
class LintContext:
    """The inputs of one lint run."""

    model: Model
    pages: list[ParsedPage]
    validator: Schema
    selected: set[str] | None = None  # page paths to report on (--changed-only), None: all
    findings: list[Diagnostic] = field(default_factory=list)
    docs_root: str = ""  # the docs folder as page paths start with; messages show paths below it
    page_files: dict[str, str] = field(default_factory=dict)  # page path -> absolute file path

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
        out, seen = [t], {id(t)}
        while (base := self.lookup(out[-1].base_type)) is not None and id(base) not in seen:
            out.append(base)
            seen.add(id(base))
        return out

    def members(self, t: StructuredType) -> dict[str, str]:
        """Lower-case name -> spelling of every property and relationship of a type and its bases
        (built once a type: rules ask for it at every finding)."""
        return self._member_index(t)[0]

    def member(self, t: StructuredType, name: str) -> Member | None:
        """The property or relationship of a type or its bases with that name, case ignored:
        the type's own first (properties before relationships), then its base's."""
        return self._member_index(t)[1].get(name.lower())

    def declaring(self, t: StructuredType, name: str) -> StructuredType | None:
        """The type of ``t``'s chain (``t`` first) whose own tables list ``name``, case ignored."""
        return self._member_index(t)[2].get(name.lower())

    def suggest_member(self, t: StructuredType, key: str) -> str | None:
        """The spelling of a member of ``t`` (or its bases) closest to ``key``, if close."""
        cache: dict[int, tuple[StructuredType, Suggestions]]
        cache = self.__dict__.setdefault("_suggestions", {})
        known = cache.get(id(t))
        if known is None or known[0] is not t:
            known = cache[id(t)] = (t, Suggestions(self.members(t).values(), 0.75))
        return known[1].best(key)

    def _member_index(self, t: StructuredType) -> _MemberIndex:
        """(lower name -> spelling, -> member, -> the chain type that declares it)."""
        cache: dict[int, tuple[StructuredType, _MemberIndex]]
        cache = self.__dict__.setdefault("_members", {})
        known = cache.get(id(t))
        if known is None or known[0] is not t:
            spelled: dict[str, str] = {}
            first: dict[str, Member] = {}
            owner: dict[str, StructuredType] = {}
            chain = self.chain(t)
            for c in reversed(chain):
                for m in _members_of(c):
                    spelled[m.name.lower()] = m.name
            for c in chain:
                for m in _members_of(c):
                    first.setdefault(m.name.lower(), m)
                    owner.setdefault(m.name.lower(), c)
            known = cache[id(t)] = (t, (spelled, first, owner))
        return known[1]

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
        fence = self._fence_at(fences, block.line)
        if fence is None or fence.comment is None:
            return None
        offset = fence.comment.text.find(key)
        if offset < 0:
            return SourceRef(file=block.file, line=fence.comment.line)
        return SourceRef(
            file=block.file, line=fence.comment.line + fence.comment.text.count("\n", 0, offset)
        )

    def _fence_at(self, fences: list[Fence], line: int) -> Fence | None:
        """The last fence starting at or before ``line`` (fences are in page order): bisected,
        not scanned, since rules ask once an example."""
        cache: dict[int, tuple[list[Fence], list[int] | None]]
        cache = self.__dict__.setdefault("_fences", {})
        known = cache.get(id(fences))
        if known is None or known[0] is not fences:
            lines = [f.line for f in fences]
            ordered = all(a <= b for a, b in itertools.pairwise(lines))
            known = cache[id(fences)] = (fences, lines if ordered else None)
        starts = known[1]
        if starts is None:  # not in page order (never from the parser): as before, a scan
            return next((f for f in reversed(fences) if f.line <= line), None)
        k = bisect.bisect_right(starts, line)
        return fences[k - 1] if k else None

    def _by_path(self) -> dict[str, ParsedPage]:
        cache: dict[str, ParsedPage] | None = getattr(self, "_cache", None)
        if cache is None:
            cache = {p.info.path: p for p in self.pages}
            self._cache = cache
        return cache


def _members_of(t: StructuredType) -> list[Member]:
    """A type's own properties, then its relationships."""
    return [*t.properties, *t.navigation_properties]


class Suggestions:
    """``difflib.get_close_matches(word, names, n=1, cutoff=cutoff)`` for many words against
    one list, in time bounded per word (not growing with the list: a page's many unknown keys
    against a type's many properties took time quadratic in the page).

    Only names whose length lets them reach ``cutoff`` are compared (difflib's own first bound,
    ``2 * min(a, b) / (a + b)``), at most ``limit`` of them, nearest in length first; so the
    answer is difflib's whenever at most ``limit`` names are in reach (linting all of beta, no
    word has more than 33). Words and names longer than ``MAX_LEN`` characters get no
    suggestion (no docs name is that long)."""

    MAX_LEN = 500

    def __init__(self, names: Iterable[str], cutoff: float, limit: int = 100) -> None:
        self.cutoff, self.limit = cutoff, limit
        self.by_length: dict[int, list[str]] = {}
        for name in names:
            if len(name) <= self.MAX_LEN:
                self.by_length.setdefault(len(name), []).append(name)
        self.lengths = sorted(self.by_length)

    def best(self, word: str) -> str | None:
        """The closest name at or above the cutoff, else None."""
        size, lengths = len(word), self.lengths
        if size > self.MAX_LEN or not lengths:
            return None
        c = self.cutoff
        low = size * c / (2 - c) - 1e-9 if c > 0 else -1.0
        high = size * (2 - c) / c + 1e-9 if c > 0 else float("inf")
        picked: list[str] = []
        right = bisect.bisect_left(lengths, size)
        left = right - 1
        while len(picked) < self.limit:
            below = lengths[left] if left >= 0 and lengths[left] >= low else None
            above = lengths[right] if right < len(lengths) and lengths[right] <= high else None
            if above is not None and (below is None or above - size <= size - below):
                chosen, right = above, right + 1
            elif below is not None:
                chosen, left = below, left - 1
            else:
                break
            picked += self.by_length[chosen][: self.limit - len(picked)]
        close = difflib.get_close_matches(word, picked, n=1, cutoff=c)
        return close[0] if close else None


# Most items a message lists: one finding for each of n sides naming all n would make the
# findings of one page quadratic in it (the most sides a conflict has in beta is 44).
LISTED = 50


def listing(parts: list[str], sep: str = "; ") -> str:
    """``parts`` joined, at most LISTED of them (then how many there are in all)."""
    shown = sep.join(parts[:LISTED])
    return shown + (f"{sep}... ({len(parts)} in all)" if len(parts) > LISTED else "")
