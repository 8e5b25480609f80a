"""Rendered source → black-formatted source, validated by compiling it.

Formatted modules are cached on disk (``codegen.cache``) by a hash of black's version, its mode
and the rendered text, so a regeneration formats only the modules whose text changed; those
are formatted on every core when there are enough of them. The cache in use is chosen by the
caller with ``format_cache`` (none: everything is formatted); the output is the same either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from importlib.metadata import version

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from codegen.cache import CacheInUse, DiskCache, cache_key
from codegen.workers import cores, spawn_pool

# black's default line length, so that ruff's defaults (isort wrapping) agree with it
MODE = black.Mode(target_versions={TargetVersion.PY311})
# What black's output depends on besides the source (the mode's own stable key: a set's repr
# is not stable across processes).
FORMATTER = f"black {version('black')} {MODE.get_cache_key()}"


class RenderError(Exception):
    """A template produced something that is not valid Python."""


# The cache of formatted modules the caller chose: ``format_cache(cache)`` (none: format all).
_IN_USE = CacheInUse("format_cache")
format_cache = _IN_USE.using


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
    return cores()


# Below this many rendered lines, formatting in one process is faster than starting workers.
PARALLEL_LINES = 20_000
CHUNK_LINES = 4_000  # lines of modules a worker is given at once


class _Workers:
    """Processes formatting chunks of modules while more are rendered; started on first use.

    Spawned workers hold black and their chunk only, not a forked copy of the whole model.
    """

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: list[tuple[list[int], Future[list[str]]]] = []

    def submit(self, modules: list[tuple[int, tuple[str, str, int]]]) -> None:
        """Format the (index, module) pairs of ``modules``, in chunks of about
        ``CHUNK_LINES`` lines, on the next free workers."""
        if self.pool is None:
            self.pool = spawn_pool(_cores())
        chunk: list[tuple[int, tuple[str, str, int]]] = []
        lines = 0
        for number, item in enumerate(modules, 1):
            chunk.append(item)
            lines += item[1][0].count("\n")
            if lines >= CHUNK_LINES or number == len(modules):
                work = [module for _, module in chunk]
                job = self.pool.submit(_format_batch, work)
                self.jobs.append(([index for index, _ in chunk], job))
                chunk, lines = [], 0

    def collect(self, results: list[str | None]) -> None:
        """Put every submitted module's formatted text at its index (re-raising its error)."""
        for indexes, job in self.jobs:
            for index, text in zip(indexes, job.result(), strict=True):
                results[index] = text

    def close(self) -> None:
        """Stop the workers (cancelling what has not started, after an error)."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


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


def format_all(modules: Iterable[tuple[str, str]]) -> list[str]:
    """Format (source, name) of several modules: cached ones from the cache, the others
    formatted and stored. When many lines miss the cache, they are formatted on every core
    in chunks while ``modules`` (a generator, say, rendering them) goes on.

    The header is not formatted, nor part of the key: changing one page changes the header of
    every module (its hash of all pages), and that alone must not format them all again. Black
    sees the code alone (a leading blank line would change it, and black formats changed code
    twice), and errors name the lines of the whole module.
    """
    cache = _IN_USE.current()
    heads: list[str] = []
    keys: list[str] = []
    results: list[str | None] = []
    pending: list[tuple[int, tuple[str, str, int]]] = []
    missed: list[int] = []
    lines = 0  # of the modules in ``pending``
    workers = _Workers()
    several = _cores() > 1
    try:
        for index, (source, name) in enumerate(modules):
            head, body = split_header(source)
            heads.append(head)
            keys.append(cache_key(FORMATTER, body) if cache is not None else "")
            results.append(_cached(cache, keys[-1]))
            if results[-1] is not None:
                continue
            missed.append(index)
            pending.append((index, (body, name, head.count("\n") + 1)))
            lines += body.count("\n")
            started = workers.pool is not None
            if several and lines >= (CHUNK_LINES if started else PARALLEL_LINES):
                workers.submit(pending)
                pending, lines = [], 0
        if workers.pool is not None and pending:
            workers.submit(pending)
        elif pending:
            formatted = _format_batch([module for _, module in pending])
            for (index, _), text in zip(pending, formatted, strict=True):
                results[index] = text
        workers.collect(results)
    finally:
        workers.close()
    for index in missed:
        if cache is not None:
            cache.put(keys[index], (results[index] or "").encode("utf-8", "surrogatepass"))
    return [head + (r or "") for head, r in zip(heads, results, strict=True)]


def _cached(cache: DiskCache | None, key: str) -> str | None:
    """The formatted module stored under ``key``; None when absent or damaged."""
    payload = cache.get(key) if cache is not None else None
    if payload is None:
        return None
    try:
        return payload.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None
