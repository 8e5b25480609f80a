"""Worker processes for the stages that run on every core (formatting, parsing pages)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of spawned processes: each holds only what it imports and is given, never a forked
    copy of a whole model."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
