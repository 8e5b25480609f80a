"""Write a rendered package safely, and compare one with what is on disk.

Writing: every file goes to a temporary folder inside ``out`` first and is moved into
place only when all of them were written; only files the generator owns (listed in
``out/.codegen-manifest.json``) are replaced or pruned; nothing outside ``out``.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".codegen-manifest.json"


class WriteError(Exception):
    """The output folder cannot be written safely (unowned files in the way, bad paths)."""


@dataclass(kw_only=True)
class Drift:
    """How the files on disk differ from what the docs produce."""

    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff
    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when nothing differs."""
        return not (self.changed or self.missing or self.orphans)


def _manifest_text(files: dict[str, str]) -> str:
    return json.dumps({"generator": "graph-docs-codegen", "files": sorted(files)}, indent=2) + "\n"


def owned_files(out: Path) -> list[str]:
    """The files the last generation wrote (empty when there is no manifest)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return [str(f) for f in data.get("files", [])]
    except (OSError, ValueError, AttributeError):
        return []


def _check_paths(files: dict[str, str]) -> None:
    for name in files:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise WriteError(f"refusing to write outside the output folder: {name}")


def write_package(out: Path, files: dict[str, str]) -> list[str]:
    """Write ``files`` under ``out``; return the paths that changed (written or pruned)."""
    _check_paths(files)
    out.mkdir(parents=True, exist_ok=True)
    owned = set(owned_files(out))
    blocked = [n for n in sorted(files) if (out / n).exists() and n not in owned]
    if blocked:
        raise WriteError(
            f"{out}: files not written by codegen are in the way: " + ", ".join(blocked[:5])
        )
    staging = Path(tempfile.mkdtemp(prefix=".codegen-", dir=out))
    changed: list[str] = []
    try:
        for name, text in files.items():
            target = out / name
            if target.is_file() and target.read_text(encoding="utf-8") == text:
                continue
            staged = staging / name
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(text, encoding="utf-8", newline="\n")
            changed.append(name)
        manifest = staging / MANIFEST
        manifest.write_text(_manifest_text(files), encoding="utf-8", newline="\n")
        for name in changed:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out / name)
        for name in sorted(owned - set(files)):
            (out / name).unlink(missing_ok=True)
            changed.append(name)
        os.replace(manifest, out / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(changed)


def compare(out: Path, files: dict[str, str]) -> Drift:
    """How ``out`` differs from ``files`` (never writes)."""
    drift = Drift()
    for name in sorted(files):
        target = out / name
        if not target.is_file():
            drift.missing.append(name)
            continue
        current = target.read_text(encoding="utf-8", errors="replace")
        if current != files[name]:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                files[name].splitlines(keepends=True),
                fromfile=f"{out.as_posix()}/{name} (committed)",
                tofile=f"{out.as_posix()}/{name} (from the docs)",
            )
            drift.changed[name] = "".join(diff)
    drift.orphans = sorted(set(owned_files(out)) - set(files))
    if files and not (out / MANIFEST).is_file():
        drift.missing.append(MANIFEST)
    return drift
