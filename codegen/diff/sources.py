"""The two sides of a diff: a docs folder, or a git revision of the configured docs.

A revision is read with ``git ls-tree`` and ``git cat-file --batch`` into a temporary folder,
never checked out: the ref is first resolved to a commit as ``--changed-only`` resolves it
(``codegen.lint.changed.check_ref``: never passed to git as an option), and only that commit's
hex name reaches git after. Its pages are named as the same files of the working tree would
be, so the pages of both sides have the same names where the files did not move.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from codegen.cache import open_cache
from codegen.console import progress
from codegen.ir.model import Model
from codegen.lint.changed import GitError, check_ref
from codegen.parser.docset import DocsError, discover, page_names
from codegen.parser.page_cache import parse_pages
from codegen.resolve.model_builder import build_model


@dataclass(frozen=True)
class Spec:
    """What one side is: folders (``paths``) or a git ``revision`` of the configured docs."""

    paths: tuple[Path, ...] = ()
    revision: str | None = None

    @property
    def label(self) -> str:
        """How messages name the side."""
        if self.revision is not None:
            return self.revision
        return ", ".join(p.as_posix() for p in self.paths)


@dataclass(frozen=True)
class Loaded:
    """One side's model, its label, and its pages' text by name (for line lookups)."""

    model: Model
    spec: Spec
    commit: str | None
    read: Callable[[str], str | None]


def side_spec(arg: str | None, docs: tuple[Path, ...]) -> Spec:
    """An argument as a side: an existing file or folder, else a git revision; none: the
    configured docs in the working tree."""
    if arg is None:
        return Spec(paths=docs)
    if os.path.exists(arg):
        return Spec(paths=(Path(arg),))
    return Spec(revision=arg)


def _git(*args: str, cwd: str | None = None, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=True, cwd=cwd, input=data)
    except FileNotFoundError as exc:
        raise GitError(
            "codegen diff: reading a revision needs git, which is not installed"
        ) from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"codegen diff: git {args[0]} failed: {detail}") from exc
    return done.stdout


def resolve_revision(ref: str) -> str:
    """The commit ``ref`` names (exit 2 naming it when git cannot resolve it)."""
    try:
        return check_ref(ref)
    except GitError as exc:  # the same checks as --changed-only, told as diff's
        message = str(exc).replace("--changed-only needs", "codegen diff needs")
        message = message.replace(
            "--changed-only:",
            f"codegen diff: {ref!r} is neither a docs " "folder nor a git revision:",
            1,
        )
        raise GitError(message) from exc


def _blobs(commit: str, folders: list[str], cwd: str) -> list[tuple[str, str]]:
    """(object id, path from the top of the work tree) of every markdown page under
    ``folders`` in ``commit``; symlinks and submodules are not pages."""
    out = _git("ls-tree", "-r", "-z", "--full-tree", commit, "--", *folders, cwd=cwd)
    found = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, oid = meta.split(b" ")
        name = path.decode("utf-8", "surrogateescape")
        if kind == b"blob" and mode in (b"100644", b"100755") and name.lower().endswith(".md"):
            found.append((oid.decode("ascii"), name))
    return found


def _cat(oids: list[str], cwd: str) -> Iterator[bytes]:
    """The content of each blob, in order (one ``git cat-file --batch``)."""
    data = _git("cat-file", "--batch", cwd=cwd, data="".join(f"{o}\n" for o in oids).encode())
    at = 0
    for oid in oids:
        end = data.index(b"\n", at)
        header = data[at:end].split(b" ")
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"codegen diff: git cat-file cannot read {oid}")
        size = int(header[2])
        yield data[end + 1 : end + 1 + size]
        at = end + 1 + size + 1


def _parse(
    files: list[Path],
    names: dict[Path, str],
    root: Path | None,
    store_docs: list[Path],
    cache: bool,
    what: str,
) -> Model:
    progress().update(f"reading {what} pages", total=len(files))
    store = open_cache("pages", root, store_docs) if cache else None
    pages = parse_pages(sorted(files, key=names.__getitem__), names, store)
    progress().update(f"resolving the {what} model", total=len(pages))
    return build_model(pages) if pages else Model()


@contextlib.contextmanager
def load(
    spec: Spec,
    *,
    docs: tuple[Path, ...],
    root: Path | None,
    label_paths: list[Path],
    cache: bool,
    what: str,
) -> Iterator[Loaded]:
    """The model of one side (a revision's temporary folder lives while the block runs).

    ``label_paths``: every docs folder either side names, so that pages of two folders
    outside the project are told apart by their folders' names (``v1.0/...``, ``beta/...``).
    """
    if spec.revision is None:
        found = discover(list(spec.paths), root)
        if not found:
            raise DocsError(
                "no markdown pages found under " + ", ".join(str(p) for p in spec.paths)
            )
        named = page_names(found, label_paths, root)
        model = _parse(found, named, root, list(spec.paths), cache, what)
        yield Loaded(model, spec, None, _reader({name: path for path, name in named.items()}))
        return
    commit = resolve_revision(spec.revision)
    cwd = os.getcwd()
    top = _git("rev-parse", "--show-toplevel", cwd=cwd).decode("utf-8", "surrogateescape")
    top = os.path.realpath(top.strip())
    folders = []
    for folder in docs:
        rel = os.path.relpath(os.path.realpath(folder), top)
        if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
            raise GitError(
                f"codegen diff: the docs folder {folder.as_posix()} is not in the git work tree "
                f"{top}; name a folder to compare with instead of a revision"
            )
        folders.append("." if rel == "." else rel.replace(os.sep, "/"))
    blobs = _blobs(commit, folders, top)
    with tempfile.TemporaryDirectory(prefix="codegen-diff-") as tmp:
        # each page is named as the same file of the working tree would be
        worktree = [Path(top) / name for _, name in blobs]
        names_by_worktree = page_names(worktree, list(docs), root) if worktree else {}
        files: list[Path] = []
        names: dict[Path, str] = {}
        by_name: dict[str, Path] = {}
        for (_, name), data, real in zip(
            blobs, _cat([o for o, _ in blobs], top), worktree, strict=True
        ):
            target = Path(tmp, *name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files.append(target)
            names[target] = names_by_worktree[real]
            by_name[names[target]] = target
        model = _parse(files, names, root, list(docs), cache, what)
        yield Loaded(model, spec, commit, _reader(by_name))


def _reader(by_name: dict[str, Path]) -> Callable[[str], str | None]:
    def read(name: str) -> str | None:
        path = by_name.get(name)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    return read
