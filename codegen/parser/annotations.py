"""HTML-comment annotations: the JSON metadata the docs put before code blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.rule_ids import ANNOTATION_INVALID, ANNOTATION_PREFIX, ANNOTATION_UNKNOWN_BLOCK_TYPE
from codegen.ir.source import SourceRef
from codegen.parser.page import Page
from codegen.parser.tolerant_json import parse_tolerant_json

BLOCK_TYPES = frozenset({"resource", "request", "response", "example", "ignored", "samples"})


@dataclass(frozen=True, kw_only=True)
class Annotation:
    """A parsed annotation comment; ``data`` keeps every key as written."""

    data: dict[str, Any] = field(hash=False)
    source: SourceRef

    @property
    def block_type(self) -> str | None:
        """The ``blockType`` value, lower-cased, or None."""
        value = self.data.get("blockType")
        return value.lower() if isinstance(value, str) else None

    def text(self, key: str) -> str | None:
        """A string-valued key, or None when missing or not a string."""
        value = self.data.get(key)
        return value if isinstance(value, str) else None

    def flag(self, key: str) -> bool | None:
        """A boolean-valued key; accepts "true"/"false" strings too."""
        value = self.data.get(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return None

    def names(self, key: str) -> tuple[str, ...]:
        """A list-valued key (``optionalProperties``), as a tuple of strings."""
        value = self.data.get(key)
        if isinstance(value, list):
            return tuple(str(v) for v in value)
        if isinstance(value, str):
            return (value,)
        return ()


def parse_annotation(text: str, source: SourceRef) -> tuple[Annotation | None, list[Diagnostic]]:
    """Parse a comment's text; None (no diagnostic) when it is not an annotation at all."""
    body = text.strip()
    if not body.startswith("{"):
        return None, []
    if body.endswith("-"):  # `}-->` leaves a stray '-' before the closing marker
        body = body.rstrip("-").rstrip()
    offset = len(text) - len(text.lstrip())
    line = source.line + text[:offset].count("\n")
    value, ok, diagnostics = parse_tolerant_json(
        body, source=SourceRef(file=source.file, line=line)
    )
    renamed = [
        Diagnostic(
            source=d.source,
            rule=ANNOTATION_PREFIX + d.rule,
            severity=d.severity,
            message=f"annotation: {d.message}",
            suggestion=d.suggestion,
        )
        for d in diagnostics
    ]
    if not ok or not isinstance(value, dict):
        if ok:
            renamed.append(
                Diagnostic(
                    source=source,
                    rule=ANNOTATION_INVALID,
                    severity=Severity.ERROR,
                    message="annotation comment is not a JSON object",
                )
            )
        return None, renamed
    annotation = Annotation(data=value, source=source)
    block_type = annotation.block_type
    if "blockType" in value and block_type not in BLOCK_TYPES:
        renamed.append(
            Diagnostic(
                source=source,
                rule=ANNOTATION_UNKNOWN_BLOCK_TYPE,
                severity=Severity.WARNING,
                message=f"annotation blockType {value.get('blockType')!r} is not one of "
                + ", ".join(sorted(BLOCK_TYPES)),
            )
        )
    return annotation, renamed


def fence_annotations(page: Page, diagnostics: list[Diagnostic]) -> dict[int, Annotation]:
    """The annotation of each fence that has one, keyed by the fence's first content line."""
    out: dict[int, Annotation] = {}
    for fence in page.fences:
        if fence.comment is None:
            continue
        annotation, problems = parse_annotation(fence.comment.text, page.at(fence.comment.line))
        diagnostics.extend(problems)
        if annotation is not None:
            out[fence.line] = annotation
    return out
