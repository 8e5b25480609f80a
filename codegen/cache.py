"""An on-disk, content-addressed cache of generation results (parsed pages, rendered and formatted
modules).

The cache lives in the user's cache folder, never in the project: ``$CODEGEN_CACHE_DIR`` when
set, else ``$XDG_CACHE_HOME/graph-docs-codegen``, else ``~/.cache/graph-docs-codegen``. Each
kind of result has a sub-folder (``format/``, ``pages/``, ``modules/``), and each entry is a
file named by its key (a sha256 hex digest) under a fan-out folder of the key's first two
characters.

An entry holds its key and a checksum of its payload, so an entry that was damaged, truncated or
written for another key is ignored (and rewritten). Entries are written to a temporary file and
moved into place, so a reader never sees half an entry. The cache never fails generation: a
folder that cannot be created or written silently turns it off for the rest of the run.

Entries are untrusted input all the same: payloads are data (JSON, text), never pickles, and
each reader checks what it decodes. The folder is created private to the user (0o700, entries
0o600), and ``open_cache`` does not use one that someone else could have written into: a folder
owned by another user or writable by group or others, or one inside the project or a docs folder
(a committed cache). It says so in one line on stderr and the run goes on without the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar
from pathlib import Path
from typing import Self

from codegen.terminal import safe_line

ENV_DIR = "CODEGEN_CACHE_DIR"
FOLDER = "graph-docs-codegen"
MAGIC = b"graph-docs-codegen cache 1\n"
_DIGEST = 64  # characters of a sha256 hex digest
WRITERS = 8  # threads writing entries for a generation run (file creation waits on the disk)


def cache_root() -> Path:
    """The cache folder: $CODEGEN_CACHE_DIR, else $XDG_CACHE_HOME/graph-docs-codegen, else
    ~/.cache/graph-docs-codegen."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / FOLDER


def untrusted_reason(folder: Path, project: Path | None, docs: Iterable[Path]) -> str | None:
    """Why the cache folder ``folder`` must not be used, or None: it is not the user's own,
    group or others may write to it, or it lies in the project or a docs folder (where a
    committed or planted entry would become generated code)."""
    real = os.path.realpath(folder)
    inside = [("the project", project)] if project is not None else []
    inside += [("the docs folder", d) for d in docs if d.is_dir()]
    for what, place in inside:
        base = os.path.realpath(place)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return f"it is inside {what} {place}"
    try:
        info = os.stat(folder)
    except OSError:
        return None  # missing (created private) or unusable (the cache turns itself off)
    if not stat.S_ISDIR(info.st_mode) or os.name != "posix":  # Windows: no such mode bits
        return None
    uid = getattr(os, "getuid", None)
    if uid is not None and info.st_uid != uid():
        return f"it is owned by another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"group or others may write to it (mode {stat.S_IMODE(info.st_mode):o})"
    return None


_WARNED: set[tuple[str, str]] = set()  # (folder, reason) already said in this process


def open_cache(
    kind: str,
    project: Path | None,
    docs: Iterable[Path],
    *,
    writers: int = 0,
    read: bool = True,
) -> DiskCache | None:
    """The cache of ``kind`` in the user's cache folder; None when that folder (or its
    ``kind`` folder) is not safe to use (``untrusted_reason``), after one warning line on
    stderr naming it and why. ``read=False``: entries are written, never read."""
    try:
        root = cache_root()
    except RuntimeError:  # no home folder to find the user's cache folder in
        return None
    docs = list(docs)
    for folder in (root, root / kind):
        reason = untrusted_reason(folder, project, docs)
        if reason is not None:
            if (str(folder), reason) not in _WARNED:
                _WARNED.add((str(folder), reason))
                line = f"codegen: warning: not using the cache folder {folder}: {reason}"
                print(safe_line(f"{line}; running without the cache"), file=sys.stderr)
            return None
    return DiskCache(kind, root, writers=writers, read=read)


def cache_key(*parts: bytes | str) -> str:
    """A sha256 hex digest of ``parts`` (each length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """One kind of cached result: payload bytes by key, in ``root/kind``.

    Creating a file costs far more than writing it on some file systems (half a millisecond
    here): with ``writers``, entries are written by that many threads while the caller goes
    on, and ``flush`` (or leaving ``with``) waits for them. A copy sent to another process
    starts without the threads.
    """

    def __init__(
        self, kind: str, root: Path | None = None, *, writers: int = 0, read: bool = True
    ) -> None:
        self.read = read  # False: entries are written, never read (a run that trusts none)
        try:
            self.folder = (root if root is not None else cache_root()) / kind
            self.enabled = True
        except RuntimeError:  # no home folder to find the user's cache folder in
            self.folder, self.enabled = Path(kind), False
        self._root = str(self.folder)
        self.writers = writers
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self.hits = self.misses = 0
        self._made: set[str] = set()  # folders known to exist

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.update(_pool=None, _pending=[])
        return state

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()

    def flush(self) -> None:
        """Wait until every entry put so far is written (or the cache turned itself off)."""
        pending, self._pending = self._pending, []
        for job in pending:
            job.result()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _makedirs(self, folder: str) -> None:
        """The fan-out ``folder`` and those above it up to the cache folder, each private
        (0o700) when created here (entries are 0o600, as mkstemp makes them)."""
        if folder not in self._made:
            _mkdir_private(folder)
            self._made.add(folder)

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], key)

    def get(self, key: str) -> bytes | None:
        """The payload stored under ``key``; None when absent, unreadable or damaged."""
        if not self.enabled or not self.read:
            return None
        try:
            with open(self._path(key), "rb") as stream:
                data = stream.read()
        except OSError:
            self.misses += 1
            return None
        head = len(MAGIC) + 2 * (_DIGEST + 1)
        header = MAGIC + key.encode("ascii") + b"\n"
        payload = data[head:]
        checksum = hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n"
        if data[: len(header)] != header or data[len(header) : head] != checksum:
            self.misses += 1
            return None
        self.hits += 1
        return payload

    def put(self, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key`` atomically; on any OS error, stop using the cache."""
        if not self.enabled:
            return
        if self.writers:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.writers, thread_name_prefix="cache")
            self._pending.append(self._pool.submit(self._write, key, payload))
        else:
            self._write(key, payload)

    def _write(self, key: str, payload: bytes) -> None:
        if not self.enabled:
            return
        checksum = hashlib.sha256(payload).hexdigest()
        entry = MAGIC + f"{key}\n{checksum}\n".encode("ascii") + payload
        path = self._path(key)
        try:
            self._makedirs(os.path.dirname(path))
            fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(entry)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            self.enabled = False


_PRIVATE = 0o700


def _mkdir_private(folder: str) -> None:
    """``folder`` and every missing folder above it, created private (0o700)."""
    if os.path.isdir(folder):
        return
    parent = os.path.dirname(folder)
    if parent and parent != folder:
        _mkdir_private(parent)
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, _PRIVATE)


class CacheInUse:
    """Which DiskCache a stage uses, chosen by its caller for a block (``using``)."""

    def __init__(self, name: str) -> None:
        self._var: ContextVar[DiskCache | None] = ContextVar(name, default=None)

    @contextlib.contextmanager
    def using(self, cache: DiskCache | None) -> Iterator[None]:
        """Use ``cache`` inside the block (None: no cache)."""
        token = self._var.set(cache)
        try:
            yield
        finally:
            self._var.reset(token)

    def current(self) -> DiskCache | None:
        """The cache in use (None: none)."""
        return self._var.get()
