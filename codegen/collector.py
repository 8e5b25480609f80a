"""The cyclic garbage collector while a model is built: off, then the model frozen.

Parsed pages and the model built from them are millions of small objects that live to the end
of a command and make no cyclic garbage (they refer to one another only downwards); the
collector would scan them again and again (on beta, parsing the pages took 4.3 s with it and
2.4 s without). ``codegen.api`` (generate, check) and ``codegen.lint`` use the same policy.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = ["collector_for_the_model"]


@contextlib.contextmanager
def collector_for_the_model() -> Iterator[Callable[[], None]]:
    """Garbage collection while a model is built and rendered. The model is millions of small
    objects that live to the end and make no cycles: the collector is off while it is built,
    and the function this yields, called once it is built, freezes it (collections never scan
    it again) and turns the collector back on, collecting less often. Everything is restored
    after. When the caller has frozen objects of its own, nothing is frozen or unfrozen."""
    old, enabled = gc.get_threshold(), gc.isenabled()
    ours = gc.get_freeze_count() == 0

    def built() -> None:
        if ours:
            gc.freeze()
        gc.set_threshold(max(old[0], 100_000), old[1], old[2])
        if enabled:
            gc.enable()

    gc.disable()
    try:
        yield built
    finally:
        if ours:
            gc.unfreeze()
        gc.set_threshold(*old)
        if enabled:
            gc.enable()
