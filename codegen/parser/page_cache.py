"""Parsed pages cached on disk (``codegen.cache``, kind ``pages``), so that regenerating after
one page changed parses only that page.

An entry is keyed by the page's bytes, its name, its folder's name and the parser's version (a
hash of the parser's and the IR's source files, the Python and PyYAML versions); its value is
the pickled ParsedPage. The cache is the user's own, yet an entry is used only when it carries
its own key and unpickles to a ParsedPage; anything else is parsed again and rewritten.

Pages read through the cache (from it or not) keep only the part of their layout that resolving
reads (``Page.for_resolving``): the model is the same, and loading the cache takes half as long.
Checks of a page's layout (lint) parse pages themselves.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from itertools import repeat
from pathlib import Path

import yaml

from codegen.cache import DiskCache, cache_key
from codegen.parser.docset import ParsedPage, parse_data, read_bytes
from codegen.workers import cores, spawn_pool

KIND = "pages"
# the packages whose code decides what a page parses into
_SOURCES = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "ir")


@cache
def parser_version() -> str:
    """A hash of everything a parsed page depends on besides the page: the parser's and the
    IR's source files, the Python version, PyYAML's version."""
    digest = hashlib.sha256(f"{sys.version}\0{yaml.__version__}\0".encode())
    for folder in _SOURCES:
        for source in sorted(folder.glob("*.py")):
            digest.update(f"{folder.name}/{source.name}\0".encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsed pages are many small objects that live until the model is built: the cyclic
    collector would scan them again and again (unpickling them is 5x slower with it), and they
    make no cyclic garbage (a page's objects refer to one another only downwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(payload: bytes) -> ParsedPage | None:
    try:
        page = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a damaged or outdated entry is a miss, whatever it raises
        return None
    return page if isinstance(page, ParsedPage) else None


# Below this many pages missing from the cache, parsing them in one process is faster than
# starting workers.
PARALLEL_PAGES = 500
BATCH_PAGES = 100  # pages a worker is given at once

# A page to parse: (its bytes, name, folder name, cache key).
Missing = tuple[bytes, str, str, str]


def parse_pages(
    files: list[Path], names: dict[Path, str], store: DiskCache | None
) -> list[ParsedPage]:
    """Each file read and parsed (named by ``names``), from ``store`` when it holds the page;
    with a store, a page's layout is what resolving reads (``Page.for_resolving``), and many
    pages missing from it are parsed (and stored) on every core."""
    with _gc_paused():
        if store is None:
            return [parse_data(read_bytes(p, names[p]), names[p], p.parent.name) for p in files]
        pages: list[ParsedPage | None] = []
        missing: list[tuple[int, Missing]] = []
        for index, path in enumerate(files):
            data = read_bytes(path, names[path])
            key = cache_key(KIND, parser_version(), names[path], path.parent.name, data)
            payload = store.get(key)
            pages.append(_load(payload) if payload is not None else None)
            if pages[-1] is None:
                missing.append((index, (data, names[path], path.parent.name, key)))
        parsed = _parse_missing(missing, store)
        for (index, (data, name, folder, _)), payload in zip(missing, parsed, strict=True):
            pages[index] = _load(payload) or parse_data(data, name, folder)
        return [page for page in pages if page is not None]  # all of them, for mypy


def _parse_missing(missing: list[tuple[int, Missing]], store: DiskCache) -> list[bytes]:
    """The pickled pages of ``missing``, parsed and stored: on every core when there are many."""
    work = [page for _, page in missing]
    if len(work) < PARALLEL_PAGES or cores() < 2:
        return _parse_and_store(work, store)
    batches = [work[i : i + BATCH_PAGES] for i in range(0, len(work), BATCH_PAGES)]
    with spawn_pool(cores()) as pool:  # each worker writes to a copy of ``store``
        return [p for batch in pool.map(_parse_and_store, batches, repeat(store)) for p in batch]


def _parse_and_store(work: list[Missing], store: DiskCache) -> list[bytes]:
    """Parse pages, keep the layout resolving reads, put them in ``store``: their pickles."""
    out = []
    with _gc_paused():
        for data, name, folder_name, key in work:
            page = parse_data(data, name, folder_name)
            if page.page is not None:
                page = replace(page, page=page.page.for_resolving())
            payload = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
            store.put(key, payload)
            out.append(payload)
    store.flush()  # a worker's copy of the store: its entries are written before it returns
    return out
