"""HTTP messages as the docs' ```http blocks write them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from codegen.ir.source import SourceRef

JsonValue = Any  # dict/list/str/int/float/bool/None as json.loads returns
MessageKind = Literal["request", "response"]


@dataclass(frozen=True, kw_only=True)
class RequestLine:
    """One ``METHOD URL [HTTP/1.1]`` line."""

    method: str
    url: str
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class HttpMessage:
    """A request or response from one fenced block.

    A request has ``requests`` (one or more request lines: some pages list several
    alternatives in one block); a response has ``status`` and ``reason``.  ``body``
    is the parsed JSON (after tolerant repair) or None; ``body_text`` the raw text;
    ``body_source`` the line the body starts on.
    """

    kind: MessageKind
    source: SourceRef
    requests: tuple[RequestLine, ...] = ()
    status: int | None = None
    reason: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body_text: str | None = None
    body: JsonValue = field(default=None, hash=False)
    body_source: SourceRef | None = None
    body_valid: bool = True

    @property
    def method(self) -> str | None:
        """HTTP method of the first request line."""
        return self.requests[0].method if self.requests else None

    @property
    def url(self) -> str | None:
        """URL of the first request line."""
        return self.requests[0].url if self.requests else None
