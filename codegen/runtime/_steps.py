"""The sans-IO protocol between the plans and the transports that perform them.

A plan is a generator of steps: :class:`Auth` (resume with the current token), :class:`Send`
(resume with the :class:`Reply`, or by throwing the ``httpx.HTTPError`` into the plan),
:class:`Sleep` and :class:`Emit` (a value for the caller), both resumed with None. The
``_run`` driver of ``Transport`` or ``AsyncTransport`` performs each step and resumes the plan
(:func:`advance`), so retries, limits and paging are written once, for both.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ._errors import CallTimeoutError
from ._responses import Reply
from ._safety import safe_url

__all__ = [
    "Auth",
    "Emit",
    "Outcome",
    "Plan",
    "Send",
    "Sleep",
    "Step",
    "StrMap",
    "advance",
    "remaining",
    "too_slow",
]

StrMap = Mapping[str, str] | None  # query parameters or extra headers


@dataclass(frozen=True, slots=True)
class Auth:  # the current token, from the provider
    pass


@dataclass(frozen=True, slots=True)
class Send:
    method: str
    url: httpx.URL
    params: StrMap
    json: Any
    headers: dict[str, str]
    deadline: float  # time.monotonic() by which the response must be complete


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class Emit:  # a value for the caller: the result of a request, or one item of a page
    value: Any


Step = Auth | Send | Sleep | Emit
Plan = Generator[Step, Any, None]
Outcome = Reply | str | Exception | None


def advance(plan: Plan, outcome: Outcome) -> Step | None:
    """Resume a plan with the last outcome; its next step, or None once it has finished."""
    try:
        if isinstance(outcome, Exception):
            return plan.throw(outcome)
        return plan.send(outcome)
    except StopIteration:
        return None


def too_slow(step: Send) -> CallTimeoutError:
    """The error of a request that missed its deadline."""
    return CallTimeoutError(
        f"{step.method} {safe_url(step.url)} did not complete within its deadline",
        kind="Deadline",
        method=step.method,
        url=safe_url(step.url),
    )


def remaining(step: Send) -> float:
    """Seconds left before the request's deadline; ``too_slow`` once there are none."""
    left = step.deadline - time.monotonic()
    if left <= 0:
        raise too_slow(step)
    return left
