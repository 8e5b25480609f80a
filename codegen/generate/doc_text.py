"""What generated docstrings say: the docs' descriptions without their leftovers, and links to
the published page on learn.microsoft.com (never to files of the project that generated them)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

LEARN = "https://learn.microsoft.com/graph/api"
VIEW = "?view=graph-rest-beta"

# Leftovers of the docs' page templates: "TODO: Add Description", a bare "TODO", "Add description".
_LEFTOVER = re.compile(
    r"\bTODO\b\s*:?\s*(add\s+(a\s+)?description\b)?\.?|\badd\s+description\s+here\b\.?",
    re.IGNORECASE,
)


def clean_description(text: str) -> str:
    """The description without placeholders and TODOs; empty when nothing real is left."""
    cleaned = " ".join(_LEFTOVER.sub(" ", text).split())
    return "" if not re.search(r"[A-Za-z]{3}", cleaned) else cleaned


# A permission scope as Graph names them: User.Read, Sites.ReadWrite.All, Mail.Send.Shared.
_SCOPE = re.compile(r"[A-Z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)+")


def permissions_text(rows: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    """The permission types of a Permissions table that name real scopes, in the page's order
    (``Delegated (work or school account): User.Read; Application: User.Read.All``); "Not
    supported." and placeholders ("TODO: Determine scopes") say nothing and are left out."""
    lines = []
    for kind, scopes in rows:
        named = [s for s in scopes if _SCOPE.fullmatch(s)]
        label = " ".join(kind.split())
        if named and label and _LEFTOVER.search(label) is None:
            lines.append(f"{label}: {', '.join(named)}")
    return "; ".join(lines)


def learn_url(page: str) -> str:
    """The published page for a docs file (``.../resources/user.md``, ``.../api/user-get.md``)."""
    folder = posixpath.basename(posixpath.dirname(page))
    stem = posixpath.splitext(posixpath.basename(page))[0].lower()
    return f"{LEARN}/resources/{stem}{VIEW}" if folder == "resources" else f"{LEARN}/{stem}{VIEW}"
