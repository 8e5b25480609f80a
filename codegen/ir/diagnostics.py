"""Problems found while reading the docs, each with a stable rule id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from codegen.ir.source import SourceRef


class Severity(str, Enum):
    """How bad a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, kw_only=True, order=True)
class Diagnostic:
    """One problem: rule id (e.g. ``json-repaired``), severity, where, what, and what it is about."""

    source: SourceRef
    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    subject: str | None = None  # the property or type involved (``exactMatchSession.datastoreId``)

    def __str__(self) -> str:
        return f"{self.source}: {self.severity.value} [{self.rule}] {self.message}"
