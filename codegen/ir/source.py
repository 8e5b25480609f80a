"""Where a fact came from: a docs file and a 1-based line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True, order=True)
class SourceRef:
    """A position in a docs page: path relative to the docs root, 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"
