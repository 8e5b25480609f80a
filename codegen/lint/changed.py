"""``--changed-only REF``: the pages changed since a git ref, and the pages that reference them."""

from __future__ import annotations

import posixpath
import re
import subprocess
from pathlib import Path

from codegen.parser.docset import display_path

_LINK = re.compile(r"\]\(([^)\s#]+\.md)", re.IGNORECASE)


class GitError(Exception):
    """git could not tell what changed (not a repository, unknown ref)."""


def changed_files(ref: str) -> set[str]:
    """Paths (as ``display_path`` names them) changed since ``ref``, untracked ones included."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        diff = subprocess.run(
            ["git", "diff", "--name-only", ref, "--"], capture_output=True, text=True, check=True
        ).stdout
        untracked = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "--full-name"],
            capture_output=True,
            text=True,
            check=True,
            cwd=top,
        ).stdout
    except FileNotFoundError as exc:
        raise GitError("--changed-only needs git, which is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise GitError(f"git cannot compare with {ref!r}: {exc.stderr.strip()}") from exc
    return {display_path(Path(top) / name) for name in (diff + untracked).split()}


def select_pages(files: list[Path], changed: set[str]) -> tuple[list[Path], set[str]]:
    """(pages to parse, pages to report on): the changed pages, pages linking to them
    (they use their types) and, for resolution only, the pages the changed ones link to."""
    names = {display_path(f): f for f in files}
    hit = {n for n in names if n in changed}
    if not hit:
        return [], set()
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
    return [names[n] for n in sorted(parse)], report
