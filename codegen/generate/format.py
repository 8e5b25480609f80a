"""Rendered source → black-formatted source, validated by compiling it.

Formatted modules are cached on disk (``codegen.cache``) by a hash of black's version, its mode
and the rendered text, so a regeneration formats only the modules whose text changed; those
are formatted on every core when there are enough of them. The cache in use is chosen by the
caller with ``format_cache`` (none: everything is formatted); the output is the same either way.
"""

from __future__ import annotations

import heapq
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from importlib.metadata import version

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from codegen.cache import DiskCache, cache_key

# black's default line length, so that ruff's defaults (isort wrapping) agree with it
MODE = black.Mode(target_versions={TargetVersion.PY311})
# What black's output depends on besides the source (the mode's own stable key: a set's repr
# is not stable across processes).
FORMATTER = f"black {version('black')} {MODE.get_cache_key()}"


class RenderError(Exception):
    """A template produced something that is not valid Python."""


_CACHE: ContextVar[DiskCache | None] = ContextVar("format_cache", default=None)


@contextmanager
def format_cache(cache: DiskCache | None) -> Iterator[None]:
    """Use ``cache`` for formatted modules inside the block (None: no cache)."""
    token = _CACHE.set(cache)
    try:
        yield
    finally:
        _CACHE.reset(token)


# Formatted modules of this process, by their rendered text: rendering many times in one process
# without a disk cache (tests, library callers of render_package) formats each module that did
# not change only once.
_MEMO: dict[str, str] = {}
MEMO_LIMIT = (64, 256_000)  # entries, characters of one module


def format_python(source: str, name: str, first_line: int = 1) -> str:
    """Format with black's API; refuse source that does not compile (its errors name lines
    counted from ``first_line``)."""
    if source in _MEMO:
        return _MEMO[source]
    try:
        compile("\n" * (first_line - 1) + source, name, "exec", dont_inherit=True)
        formatted = black.format_str(source, mode=MODE)
    except (SyntaxError, InvalidInput, ValueError) as exc:
        raise RenderError(f"{name}: rendered code is not valid Python: {exc}") from exc
    if len(source) <= MEMO_LIMIT[1]:
        if len(_MEMO) >= MEMO_LIMIT[0]:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[source] = formatted
    return formatted


def _format_batch(batch: list[tuple[str, str, int]]) -> list[str]:
    """Format (source, name, first line) in one worker: one task per batch, not per module."""
    return [format_python(*module) for module in batch]


def _cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


# Below this many rendered lines, formatting in one process is faster than starting workers.
PARALLEL_LINES = 20_000
BATCHES_PER_CORE = 4  # enough batches that a worker finishing early takes another


def _batches(sizes: list[int], count: int) -> list[list[int]]:
    """Indexes of ``sizes`` split into ``count`` batches of about equal total size (largest
    first into the lightest batch)."""
    heap = [(0, b) for b in range(count)]
    batches: list[list[int]] = [[] for _ in range(count)]
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        total, b = heapq.heappop(heap)
        batches[b].append(index)
        heapq.heappush(heap, (total + sizes[index], b))
    return [b for b in batches if b]


def _format_many(modules: list[tuple[str, str, int]]) -> list[str]:
    """Format (source, name, first line) of modules; many lines of them on every core, in
    batches of about equal size."""
    sizes = [source.count("\n") for source, _, _ in modules]
    cores = _cores()
    if sum(sizes) < PARALLEL_LINES or cores < 2 or len(modules) < 2:
        return _format_batch(modules)
    batches = _batches(sizes, min(len(modules), cores * BATCHES_PER_CORE))
    out: list[str] = [""] * len(modules)
    # spawned workers hold black and their batch only, not a forked copy of the whole model
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(cores, len(batches)), mp_context=spawn) as pool:
        work = [[modules[i] for i in batch] for batch in batches]
        for batch, formatted in zip(batches, pool.map(_format_batch, work), strict=True):
            for index, text in zip(batch, formatted, strict=True):
                out[index] = text
    return out


# A comment line black leaves as it is.
_BLACK_COMMENT = re.compile(r"#(?: [^\n]*[^\s])?\n")


def split_header(source: str) -> tuple[str, str]:
    """The leading comment lines of a module (the "generated" header, which names every page
    and a hash of them all) and the code after them, when black leaves the comments as they are
    and formats the code the same without them; else ("", source)."""
    end = 0
    while source.startswith("#", end):
        newline = source.find("\n", end)
        if newline < 0 or not _BLACK_COMMENT.fullmatch(source, end, newline + 1):
            return "", source
        end = newline + 1
    body = source[end:]
    if not body[:1].strip():  # blank or indented first line: black would change the spacing
        return "", source
    return source[:end], body


def format_all(sources: list[str], names: list[str]) -> list[str]:
    """Format several modules: cached ones from the cache, the others (on every core when
    there are many) formatted and stored.

    The header is not formatted, nor part of the key: changing one page changes the header of
    every module (its hash of all pages), and that alone must not format them all again. Black
    sees the code alone (a leading blank line would change it, and black formats changed code
    twice), and errors name the lines of the whole module.
    """
    cache = _CACHE.get()
    split = [split_header(s) for s in sources]
    heads = [head for head, _ in split]
    results: list[str | None] = [None] * len(sources)
    keys = [cache_key(FORMATTER, body) for _, body in split] if cache is not None else []
    for index, key in enumerate(keys):
        payload = cache.get(key) if cache is not None else None
        if payload is not None:
            try:
                results[index] = payload.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                pass
    misses = [i for i, r in enumerate(results) if r is None]
    formatted = _format_many([(split[i][1], names[i], heads[i].count("\n") + 1) for i in misses])
    for index, text in zip(misses, formatted, strict=True):
        results[index] = text
        if cache is not None:
            cache.put(keys[index], text.encode("utf-8", "surrogatepass"))
    return [head + (r or "") for head, r in zip(heads, results, strict=True)]
