"""``--changed-only REF``: the pages changed since a git ref, and the pages that reference them."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from pathlib import Path

# a target stops at the next ']' too (no docs link target holds one): else every "](" of a line
# of them was read to the end of the line, time quadratic in it
_LINK = re.compile(r"\]\(([^)\s#\]]+\.md)", re.IGNORECASE)


class GitError(Exception):
    """git could not tell what changed (not a repository, unknown ref)."""


def _git(*args: str, cwd: str | None = None) -> str:
    return subprocess.run(
        ["git", *args], capture_output=True, text=True, check=True, cwd=cwd
    ).stdout


def check_ref(ref: str) -> str:
    """The commit ``ref`` names, or GitError: refs are never passed to git as options."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
        raise GitError(f"--changed-only: {ref!r} is not a git ref")
    try:
        return _git(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        ).strip()
    except FileNotFoundError as exc:
        raise GitError("--changed-only needs git, which is not installed") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.strip() or "unknown revision or not a commit"
        raise GitError(f"--changed-only: git cannot resolve {ref!r}: {detail}") from exc


def changed_files(ref: str, pages: dict[str, Path]) -> set[str]:
    """Names (keys of ``pages``) of the pages changed since ``ref``, untracked ones included."""
    commit = check_ref(ref)
    try:
        top = _git("rev-parse", "--show-toplevel").strip()
        diff = _git("diff", "--name-only", "--end-of-options", commit, "--")
        untracked = _git("ls-files", "--others", "--exclude-standard", "--full-name", cwd=top)
    except FileNotFoundError as exc:
        raise GitError("--changed-only needs git, which is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise GitError(f"git cannot compare with {ref!r}: {exc.stderr.strip()}") from exc
    changed = {os.path.realpath(Path(top) / name) for name in (diff + untracked).splitlines()}
    return {name for name, path in pages.items() if os.path.realpath(path) in changed}


def select_pages(names: dict[str, Path], changed: set[str]) -> tuple[dict[str, Path], set[str]]:
    """(pages to parse, pages to report on), by name: the changed pages, pages linking to them
    (they use their types) and, for resolution only, the pages the changed ones link to."""
    hit = {n for n in names if n in changed}
    if not hit:
        return {}, set()
    stems = {posixpath.basename(n).lower() for n in hit}
    report, parse = set(hit), set(hit)
    for name, path in names.items():
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        if name in hit:
            for link in _LINK.findall(text):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link))
                if target in names:
                    parse.add(target)
        elif any(stem in text for stem in stems):
            report.add(name)
            parse.add(name)
    return {n: names[n] for n in sorted(parse)}, report
