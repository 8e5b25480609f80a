"""What generated docstrings say: the docs' descriptions without their leftovers, and links to
the published page on learn.microsoft.com (never to files of the project that generated them)."""

from __future__ import annotations

import posixpath
import re

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


def learn_url(page: str) -> str:
    """The published page for a docs file (``.../resources/user.md``, ``.../api/user-get.md``)."""
    folder = posixpath.basename(posixpath.dirname(page))
    stem = posixpath.splitext(posixpath.basename(page))[0].lower()
    return f"{LEARN}/resources/{stem}{VIEW}" if folder == "resources" else f"{LEARN}/{stem}{VIEW}"
