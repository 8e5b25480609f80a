"""Rendered source → black-formatted source, validated by compiling it."""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

# black's default line length, so that ruff's defaults (isort wrapping) agree with it
MODE = black.Mode(target_versions={TargetVersion.PY311})


class RenderError(Exception):
    """A template produced something that is not valid Python."""


def format_python(source: str, name: str) -> str:
    """Format with black's API; refuse output that does not compile."""
    try:
        compile(source, name, "exec", dont_inherit=True)
        return black.format_str(source, mode=MODE)
    except (SyntaxError, InvalidInput, ValueError) as exc:
        raise RenderError(f"{name}: rendered code is not valid Python: {exc}") from exc
