"""``--output-file``: the report written atomically (a reader sees the old file or the new one).

The file is written to a temporary file beside it, flushed to disk and renamed over it, so an
interrupted run never leaves half a report. A link is written through (its target replaced). A
file that cannot be written is a SettingsError naming it (exit 2); ``check_output_file`` finds
the common causes before the lint runs.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from codegen.settings import SettingsError

OPTION = "--output-file"


def _target(path: Path) -> Path:
    """The file actually written: a link's target, else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_output_file(path: Path) -> None:
    """SettingsError when ``path`` is clearly not writable: a folder, or in a missing folder."""
    target = _target(path)
    folder = target.parent
    if str(path) in ("", ".") or target.is_dir():
        raise SettingsError(f"{OPTION} {path}: is a folder, not a file")
    if not folder.is_dir():
        raise SettingsError(f"{OPTION} {path}: no such folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SettingsError(f"{OPTION} {path}: cannot write in the folder {folder}")
    if target.exists() and not os.access(target, os.W_OK):
        raise SettingsError(f"{OPTION} {path}: not writable")


def _mode(target: Path) -> int:
    """The existing file's permissions, else what a new file gets under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output_file(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    check_output_file(path)
    target = _target(path)
    temp = None
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _mode(target))
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise SettingsError(f"{OPTION} {path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
