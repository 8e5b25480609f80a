"""Parsed pages cached on disk (``codegen.cache``, kind ``pages``), so that regenerating after
one page changed parses only that page.

An entry is keyed by the page's bytes, its name, its folder's name and the parser's version (a
hash of the parser's and the IR's source files, the Python and PyYAML versions); its value is
the ParsedPage as JSON (``codegen.ir.json_codec``: never pickle, which runs code as it loads).
An entry is untrusted input: it is used only when it carries its own key and checksum and
decodes, every value checked against its type, into a ParsedPage of the classes below; anything
else (bad JSON, an unknown name, a wrong type, a missing field, nesting too deep to read) is a
miss: the page is parsed again and its entry rewritten. A page whose data cannot be stored
exactly (a front-matter value JSON cannot hold and the codec does not know) is not stored.

Pages read through the cache (from it or not) keep only the part of their layout that resolving
reads (``Page.for_resolving``): the model is the same, and loading the cache takes half as long.
Checks of a page's layout (lint) parse pages themselves.
"""

from __future__ import annotations

import gc
import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from itertools import repeat
from pathlib import Path

import yaml

from codegen import ir
from codegen.cache import DiskCache, cache_key
from codegen.ir.json_codec import Codec, CodecError
from codegen.parser import page as layout
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
    collector would scan them again and again (decoding them is much slower with it), and they
    make no cyclic garbage (a page's objects refer to one another only downwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The classes an entry may hold: a ParsedPage and what its fields' type hints name, nothing else.
CLASSES = (
    ParsedPage,
    ir.PageInfo,
    ir.StructuredType,
    ir.Property,
    ir.NavigationProperty,
    ir.MethodLink,
    ir.TypeRef,
    ir.EnumType,
    ir.EnumMember,
    ir.Operation,
    ir.Parameter,
    ir.Permission,
    ir.Example,
    ir.HttpMessage,
    ir.RequestLine,
    ir.Diagnostic,
    ir.SourceRef,
    layout.Page,
    layout.Heading,
    layout.Table,
    layout.Row,
    layout.Fence,
    layout.Comment,
    layout.ProseLine,
)


@cache
def _codec() -> Codec[ParsedPage]:
    return Codec(ParsedPage, CLASSES)


def _load(payload: bytes | None) -> ParsedPage | None:
    """The page an entry holds; None (a miss) for anything else."""
    if payload is None:
        return None
    try:
        return _codec().loads(payload)
    except CodecError:
        return None


def _dump(page: ParsedPage) -> bytes | None:
    """The entry of a page; None when it cannot be stored exactly."""
    try:
        return _codec().dumps(page)
    except CodecError:
        return None


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
            pages.append(_load(store.get(key)))
            if pages[-1] is None:
                missing.append((index, (data, names[path], path.parent.name, key)))
        parsed = _parse_missing(missing, store)
        for (index, (data, name, folder, _)), payload in zip(missing, parsed, strict=True):
            # read back from its entry, as a hit would be (else parsed here: not storable)
            pages[index] = _load(payload) or _for_resolving(parse_data(data, name, folder))
        return [page for page in pages if page is not None]  # all of them, for mypy


def _for_resolving(page: ParsedPage) -> ParsedPage:
    return replace(page, page=page.page.for_resolving()) if page.page is not None else page


def _parse_missing(missing: list[tuple[int, Missing]], store: DiskCache) -> list[bytes | None]:
    """The entries of ``missing``, parsed and stored: on every core when there are many."""
    work = [page for _, page in missing]
    if len(work) < PARALLEL_PAGES or cores() < 2:
        return _parse_and_store(work, store)
    batches = [work[i : i + BATCH_PAGES] for i in range(0, len(work), BATCH_PAGES)]
    with spawn_pool(cores()) as pool:  # each worker writes to a copy of ``store``
        return [p for batch in pool.map(_parse_and_store, batches, repeat(store)) for p in batch]


def _parse_and_store(work: list[Missing], store: DiskCache) -> list[bytes | None]:
    """Parse pages, keep the layout resolving reads, put them in ``store``: their entries
    (None for a page that cannot be stored)."""
    out: list[bytes | None] = []
    with _gc_paused():
        for data, name, folder_name, key in work:
            payload = _dump(_for_resolving(parse_data(data, name, folder_name)))
            if payload is not None:
                store.put(key, payload)
            out.append(payload)
    store.flush()  # a worker's copy of the store: its entries are written before it returns
    return out
