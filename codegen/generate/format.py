"""Rendered source → black-formatted source, validated by compiling it."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

# black's default line length, so that ruff's defaults (isort wrapping) agree with it
MODE = black.Mode(target_versions={TargetVersion.PY311})


class RenderError(Exception):
    """A template produced something that is not valid Python."""


# Formatted modules of this process, by their rendered text: regenerating in one process (tests,
# the build hook) formats the modules that did not change (the runtime ones) only once.
_MEMO: dict[str, str] = {}
MEMO_LIMIT = (64, 256_000)  # entries, characters of one module


def format_python(source: str, name: str) -> str:
    """Format with black's API; refuse output that does not compile."""
    if source in _MEMO:
        return _MEMO[source]
    try:
        compile(source, name, "exec", dont_inherit=True)
        formatted = black.format_str(source, mode=MODE)
    except (SyntaxError, InvalidInput, ValueError) as exc:
        raise RenderError(f"{name}: rendered code is not valid Python: {exc}") from exc
    if len(source) <= MEMO_LIMIT[1]:
        if len(_MEMO) >= MEMO_LIMIT[0]:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[source] = formatted
    return formatted


# Below this many rendered lines, formatting in one process is faster than starting workers.
PARALLEL_LINES = 20_000


def format_all(sources: list[str], names: list[str]) -> list[str]:
    """Format several modules; large outputs (a whole docs corpus) on every core."""
    if sum(s.count("\n") for s in sources) < PARALLEL_LINES or (os.cpu_count() or 1) < 2:
        return [format_python(s, n) for s, n in zip(sources, names, strict=True)]
    with ProcessPoolExecutor() as pool:
        return list(pool.map(format_python, sources, names))
