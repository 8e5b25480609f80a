"""Which lint rule explains a docs example the conformance harness could not reproduce.

Issue 17 asks that every example the generated package cannot reproduce be either a generator
defect (fixed) or a docs defect lint reports. This module joins the two: a failing stage of an
example is **attributed** to a rule when lint reports a warning or an error, in the example's
own file, on the lines of the block that stage reads (the request block for ``request`` and
``validate_request``, the response block for ``response`` and ``validate_response``, each with
its annotation comment above it), or on a line of the page that stage's failure names
(``[docs: startDate 'Date' at resources/x.md:39]``: the table row that contradicts the
example). A finding about the request line (``URL_RULES``) explains only the ``request``
stage: a placeholder in the URL says nothing of the body.

It reads the harness's outcomes and lint's findings; it changes neither.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.http import HttpMessage
from codegen.ir.operation import Example, Operation

__all__ = ["Attribution", "attribute", "format_attribution", "summarize_attribution"]

REQUEST_STAGES = frozenset({"request", "validate_request"})
BODY_STAGES = frozenset({"validate_request", "response", "validate_response"})
# Rules about the request line: they explain a request not rebuilt, never a body's failure.
URL_RULES = frozenset(
    {
        "example-url-mismatch",
        "example-url-placeholder",
        "example-url-malformed",
        "http-block-malformed",
    }
)
ANNOTATION_LINES = 6  # an annotation comment spans a few lines above its fenced block
ACTED_ON = frozenset({Severity.WARNING, Severity.ERROR})
_NAMED_LINE = re.compile(r"\bat ([\w./-]+\.md):(\d+)")
# the JSON Pointer a failure names first ("/assignedLicenses/0/skuId: expected Edm.Guid ...")
_POINTER = re.compile(r"(?<![\w/])(/[\w@.$-]+(?:/[\w@.$-]+)*):")


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """The rule that explains one failing stage of one example (``rule`` empty: none does)."""

    where: str
    stage: str
    reason: str
    rule: str
    finding: str


def _span(message: HttpMessage | None) -> tuple[int, int] | None:
    """The lines of a message's block: its annotation above, its body's last line below."""
    if message is None:
        return None
    start = message.source.line
    end = start + 2
    if message.body_source is not None and message.body_text is not None:
        end = max(end, message.body_source.line + message.body_text.count("\n") + 1)
    return max(1, start - ANNOTATION_LINES), end


class _Findings:
    """Lint's acted-on findings by file, sorted by line, for range lookups."""

    def __init__(self, findings: Iterable[Diagnostic]) -> None:
        by_file: dict[str, list[Diagnostic]] = defaultdict(list)
        for d in findings:
            if d.severity in ACTED_ON:
                by_file[d.source.file].append(d)
        self.lines: dict[str, list[int]] = {}
        self.found: dict[str, list[Diagnostic]] = {}
        for file, items in by_file.items():
            items.sort(key=lambda d: (d.source.line, d.rule))
            self.found[file] = items
            self.lines[file] = [d.source.line for d in items]

    def within(self, file: str, low: int, high: int) -> list[Diagnostic]:
        lines = self.lines.get(file)
        if not lines:
            return []
        found = self.found[file]
        out = []
        for i in range(bisect_left(lines, low), len(lines)):
            if lines[i] > high:
                break
            out.append(found[i])
        return out


def _explaining(
    findings: _Findings, file: str, span: tuple[int, int] | None, detail: str, body_only: bool
) -> Diagnostic | None:
    candidates: list[Diagnostic] = []
    if span is not None:
        candidates += findings.within(file, *span)
    for named, line in _NAMED_LINE.findall(detail):  # the page line the failure names
        candidates += findings.within(named, int(line) - 1, int(line) + 1)
    if body_only:
        candidates = [d for d in candidates if d.rule not in URL_RULES]
    if not candidates:
        return None
    pointer = next(iter(_POINTER.findall(detail)), "")
    name = pointer.rpartition("/")[2]
    # the finding about the value that failed first, then errors, then the first by line
    ranked = sorted(
        candidates,
        key=lambda d: (_about(d.message, pointer, name), d.severity is not Severity.ERROR),
    )
    return ranked[0]


def _about(message: str, pointer: str, name: str) -> int:
    """0: the message names the failing JSON Pointer; 1: its last property; 2: neither."""
    if pointer and (f"{pointer}:" in message or f"{pointer} " in message):
        return 0
    if name and (f"'{name}'" in message or f'"{name}"' in message or f"/{name}:" in message):
        return 1
    return 2


def attribute(
    pairs: Sequence[tuple[Operation, Example]],
    outcomes: Sequence[Any],
    findings: Iterable[Diagnostic],
) -> list[Attribution]:
    """One Attribution per failing stage of each outcome (``outcomes[i]`` ran ``pairs[i]``)."""
    if len(pairs) != len(outcomes):
        raise ValueError(f"{len(pairs)} examples but {len(outcomes)} outcomes")
    index = _Findings(findings)
    out: list[Attribution] = []
    for (_, example), outcome in zip(pairs, outcomes, strict=True):
        file = outcome.where.rpartition(":")[0]
        for stage, result in outcome.stages.items():
            if result.status != "fail":
                continue
            message = example.request if stage in REQUEST_STAGES else example.response
            found = _explaining(index, file, _span(message), result.detail, stage in BODY_STAGES)
            out.append(
                Attribution(
                    where=outcome.where,
                    stage=stage,
                    reason=result.reason,
                    rule=found.rule if found else "",
                    finding=str(found) if found else "",
                )
            )
    return out


def summarize_attribution(
    summary: dict[str, Any], attributions: Sequence[Attribution]
) -> dict[str, Any]:
    """Per stage: passed, attributed to a lint rule, unexplained, and the rate of the first two."""
    out: dict[str, Any] = {}
    for stage, data in summary["stages"].items():
        mine = [a for a in attributions if a.stage == stage]
        explained = [a for a in mine if a.rule]
        unexplained = [a for a in mine if not a.rule]
        total = data["pass"] + data["fail"]
        out[stage] = {
            "title": data["title"],
            "pass": data["pass"],
            "attributed": len(explained),
            "unexplained": len(unexplained),
            "rate": (data["pass"] + len(explained)) / total if total else None,
            "rules": dict(Counter(a.rule for a in explained).most_common()),
            "unexplained_reasons": {
                reason: [a.where for a in unexplained if a.reason == reason][:5]
                for reason, _ in Counter(a.reason for a in unexplained).most_common()
            },
            "unexplained_counts": dict(Counter(a.reason for a in unexplained).most_common()),
        }
    return out


def format_attribution(attributed: dict[str, Any], top: int = 10) -> str:
    lines = ["passed, or failed where lint reports the docs defect (warning or error):"]
    for data in attributed.values():
        rate = data["rate"]
        shown = f"{rate:.1%}" if rate is not None else "-"
        lines.append(
            f"  {data['title']:<40} {shown:>7}  (pass {data['pass']}, attributed"
            f" {data['attributed']}, unexplained {data['unexplained']})"
        )
    for stage, data in attributed.items():
        if data["rules"]:
            rules = ", ".join(f"{r} {n}" for r, n in list(data["rules"].items())[:top])
            lines.append(f"\n{stage}: attributed to {rules}")
        counts = data["unexplained_counts"]
        if counts:
            lines.append(f"{stage}: unexplained failures")
            for reason, count in list(counts.items())[:top]:
                shown_where = ", ".join(data["unexplained_reasons"][reason][:3])
                lines.append(f"  {count:>5}  {reason}  e.g. {shown_where}")
    return "\n".join(lines)
