"""What the command line tells its user, and how: verbosity, colour and progress.

- **Verbosity.** ``-q`` prints nothing but errors (and, for ``check``, the one line saying the
  output is out of date); the default is a one-line summary; ``-v`` adds the file names.
- **Colour** (``--color auto|always|never``): ``auto`` colours a stream that is a terminal,
  unless ``NO_COLOR`` is set to anything non-empty (https://no-color.org); ``always`` colours
  even a pipe (for CI logs that render ANSI); ``never`` never does.
- **Progress** goes to stderr and only when stderr is a terminal and not ``-q``: one plain line
  that updates in place (``\\r``, cleared at the end), as pip and black users know it, naming
  the stage and its count (``codegen: rendering modules 1200/5206``). Stages are reported by
  the pipeline through ``progress()``, a no-op unless the CLI turned it on for the run.

Text from the docs is made safe (``codegen.terminal``) before it reaches this module; the
escapes added here are this tool's own.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2
_CODES = {"red": "31", "green": "32", "yellow": "33", "cyan": "36", "bold": "1", "dim": "2"}


def wants_color(choice: str, stream: TextIO) -> bool:
    """Whether to colour ``stream`` for ``--color choice`` (auto: a terminal and no NO_COLOR)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, enabled: bool) -> str:
    """``text`` in the ANSI ``style`` (``red``, ``green``...) when ``enabled``."""
    return f"\x1b[{_CODES[style]}m{text}\x1b[0m" if enabled else text


def paint_diff(diff: str, enabled: bool) -> str:
    """A unified diff with removed lines red, added green and hunk headers cyan (as git)."""
    if not enabled:
        return diff
    out = []
    for line in diff.splitlines(keepends=True):
        body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        if line.startswith(("---", "+++")):
            out.append(paint(body, "bold", True) + end)
        elif line.startswith("@@"):
            out.append(paint(body, "cyan", True) + end)
        elif line.startswith("-"):
            out.append(paint(body, "red", True) + end)
        elif line.startswith("+"):
            out.append(paint(body, "green", True) + end)
        else:
            out.append(line)
    return "".join(out)


@dataclass
class Progress:
    """One updating line on ``stream``; ``update`` is throttled to ``interval`` seconds, and a
    stage change is always shown."""

    stream: TextIO
    interval: float = 0.1
    _stage: str = ""
    _shown: float = 0.0
    _width: int = 0

    def update(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        """Show ``stage`` with ``done/total`` (either may be None)."""
        now = time.monotonic()
        if stage == self._stage and now - self._shown < self.interval and done != total:
            return
        self._stage, self._shown = stage, now
        count = f" {done}/{total}" if done is not None and total else f" {total}" if total else ""
        text = f"codegen: {stage}{count}"
        self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Erase the line, so that what follows starts on a clean one."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


class _Silent:
    def update(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        """Nothing: no progress is shown."""

    def clear(self) -> None:
        """Nothing to erase."""


_SILENT = _Silent()
_CURRENT: ContextVar[Progress | None] = ContextVar("progress", default=None)


def progress() -> Progress | _Silent:
    """The progress line of this run (a no-op unless the CLI turned it on)."""
    return _CURRENT.get() or _SILENT


@contextlib.contextmanager
def showing_progress(enabled: bool, stream: TextIO | None = None) -> Iterator[None]:
    """Report the pipeline's stages on ``stream`` (stderr) inside the block when ``enabled``
    and the stream is a terminal; the line is erased at the end, whatever happens."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    if not enabled or not (isatty and isatty()):
        yield
        return
    line = Progress(stream)
    token = _CURRENT.set(line)
    try:
        yield
    finally:
        _CURRENT.reset(token)
        line.clear()
