"""When a request is retried and how long to wait: :class:`RetryPolicy`, the retryable
statuses and failures by method, and the ``Retry-After`` header.

GET/HEAD/PUT/DELETE/OPTIONS are retried on 429, 503, 504 and on transient network errors
(connection refused, reset, read error); POST and PATCH only where the request certainly was
not processed (429; connection refused).
"""

from __future__ import annotations

import email.utils
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

__all__ = ["RetryPolicy", "retry_after", "retryable_failure", "retryable_status"]

RETRY_STATUSES = frozenset({429, 503, 504})
RETRY_STATUSES_UNSAFE = frozenset({429})  # POST/PATCH: only where nothing was processed
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
TRANSIENT = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to retry; one policy per client.

    ``max_retries``: retries after the first attempt. ``budget``: seconds a call may take in
    all, attempts and waits included (180 s, as Kiota). ``backoff``: the first wait when the
    server gives no Retry-After, doubling per retry up to ``max_backoff``; with ``jitter`` each
    such wait is drawn uniformly from [wait/2, wait]. A Retry-After is honoured as given, unless
    it does not fit in what is left of the budget: then the call raises at once.
    """

    max_retries: int = 3
    budget: float = 180.0
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: bool = True

    def __post_init__(self) -> None:
        negative = min(self.max_retries, self.backoff, self.max_backoff) < 0
        if negative or self.budget <= 0:
            raise ValueError(
                "max_retries, backoff, max_backoff must be >= 0 and budget > 0",
            )

    def backoff_delay(self, attempt: int) -> float:
        """Seconds before retry ``attempt + 1`` when the server named no wait."""
        delay = min(self.max_backoff, self.backoff * 2.0**attempt)
        return delay * random.uniform(0.5, 1.0) if self.jitter else delay


def retryable_status(method: str, status: int) -> bool:
    """Whether a response of ``status`` to ``method`` (upper case) may be retried."""
    idempotent = method in IDEMPOTENT_METHODS
    return status in (RETRY_STATUSES if idempotent else RETRY_STATUSES_UNSAFE)


def retryable_failure(method: str, exc: Exception) -> bool:
    """Whether ``method`` (upper case) may be retried after the network failure ``exc``."""
    if isinstance(exc, httpx.ConnectError):
        return True  # nothing was sent
    return method in IDEMPOTENT_METHODS and isinstance(exc, TRANSIENT)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), if valid."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
