"""``codegen diff OLD [NEW]``: load both sides, compare, name the generated package's delta,
apply suppressions and decide the exit code."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.console import progress
from codegen.diff import config
from codegen.diff.changes import DESCRIPTION, FAIL_ON, Change
from codegen.diff.compare import Comparison, Labels
from codegen.diff.python_api import attach, delta_summary, surface
from codegen.diff.sources import Loaded, Spec, load, side_spec
from codegen.parser.docset import folder_name


@dataclass(frozen=True, kw_only=True)
class DiffOptions:
    """What to compare and how (``new`` None: the configured docs in the working tree)."""

    old: str
    new: str | None = None
    docs: tuple[Path, ...]
    root: Path | None
    table: dict[str, Any] = field(default_factory=dict)  # [tool.codegen.diff]
    pyproject: Path | None = None
    fail_on: str | None = None
    descriptions: bool | None = None
    cache: bool = True


@dataclass(kw_only=True)
class SideInfo:
    """How a report names one side, and what it held."""

    label: str
    revision: str | None
    commit: str | None
    pages: int
    types: int
    enums: int
    operations: int


@dataclass(kw_only=True)
class DiffResult:
    changes: list[Change]  # API changes, suppressed ones included (``suppressed`` says why)
    descriptions: list[Change]
    unused: list[config.Suppression]
    python: dict[str, list[str]]
    old: SideInfo
    new: SideInfo
    fail_on: str

    @property
    def active(self) -> list[Change]:
        return [c for c in self.changes if c.suppressed is None]

    @property
    def failed(self) -> bool:
        levels = FAIL_ON[self.fail_on]
        return any(c.level in levels for c in self.active)


def _info(side: Loaded, label_paths: list[Path], root: Path | None) -> SideInfo:
    m = side.model
    label = side.spec.label
    if side.spec.revision is None:  # folders as pages name them, never by absolute path
        label = ", ".join(
            folder_name(p, label_paths, root) or p.resolve().name or p.as_posix()
            for p in side.spec.paths
        )
    return SideInfo(
        label=label,
        revision=side.spec.revision,
        commit=side.commit,
        pages=len(m.pages),
        types=len(m.types),
        enums=len(m.enums),
        operations=len(m.operations),
    )


def run_diff(options: DiffOptions) -> DiffResult:
    """Compare the two sides (see ``codegen.diff``)."""
    suppressions = (
        config.check_diff_table(options.table, options.pyproject, _read(options.pyproject))
        if options.table and options.pyproject is not None
        else []
    )
    fail_on = config.fail_on(options.table, options.fail_on)
    descriptions = (
        options.descriptions
        if options.descriptions is not None
        else bool(options.table.get("descriptions", False))
    )
    old_spec = side_spec(options.old, options.docs)
    new_spec = side_spec(options.new, options.docs)
    label_paths = list(dict.fromkeys([*old_spec.paths, *new_spec.paths])) or list(options.docs)
    with contextlib.ExitStack() as stack:
        old, new = (
            stack.enter_context(
                load(
                    spec,
                    docs=options.docs,
                    root=options.root,
                    label_paths=label_paths,
                    cache=options.cache,
                    what=what,
                )
            )
            for spec, what in ((old_spec, "old"), (new_spec, "new"))
        )
        progress().update("comparing the models")
        labels = Labels(old=old_spec.revision, new=new_spec.revision)
        found = Comparison(
            old.model, new.model, labels, descriptions=descriptions, read=(old.read, new.read)
        ).changes()
        progress().update("naming the generated package's changes")
        before, after = surface(old.model), surface(new.model)
        api = [c for c in found if c.level != DESCRIPTION]
        api += attach(api, before, after, (labels.old, labels.new))
        result = DiffResult(
            changes=sorted(api, key=Change.sort_key),
            descriptions=[c for c in found if c.level == DESCRIPTION],
            unused=[],
            python=delta_summary(before, after),
            old=_info(old, label_paths, options.root),
            new=_info(new, label_paths, options.root),
            fail_on=fail_on,
        )
    result.unused = config.apply(result.changes + result.descriptions, suppressions)
    return result


def _read(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


__all__ = ["DiffOptions", "DiffResult", "Spec", "run_diff"]
