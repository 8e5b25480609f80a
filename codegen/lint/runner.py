"""One lint run: read → parse → resolve → rules → selection → suppressions."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.collector import collector_for_the_model
from codegen.csdl import load_csdl
from codegen.ir.diagnostics import Diagnostic
from codegen.lint.catalog import SUPPRESSION_UNUSED
from codegen.lint.changed import changed_files, select_pages
from codegen.lint.context import LintContext
from codegen.lint.engine import load_validator
from codegen.lint.rules import (
    annotations_values,
    enums,
    example_claims,
    examples,
    front_matter,
    http,
    links,
    page_text,
    requests,
    status,
    structure,
    tables,
)
from codegen.lint.rules.csdl import compare_with_csdl
from codegen.lint.selection import Selection
from codegen.lint.suppressions import apply_suppressions, load_suppressions
from codegen.parser.docset import (
    DocsError,
    discover,
    display_path,
    folder_name,
    page_names,
    parse_file,
)
from codegen.resolve.model_builder import build_model
from codegen.settings import project_root

RULE_MODULES = (
    structure,
    tables,
    examples,
    http,
    # issue 18's rules, each module its own
    status,
    annotations_values,
    requests,
    example_claims,
    links,
    front_matter,
    # issue 18's recall rules
    enums,
    page_text,
)


@dataclass(frozen=True, kw_only=True)
class LintOptions:
    """What to lint and how."""

    paths: tuple[Path, ...]
    metadata: Path | None = None
    changed_only: str | None = None
    changed_paths: frozenset[str] | None = None  # what changed, when the caller already knows
    config: dict[str, Any] = field(default_factory=dict, hash=False)
    config_folder: Path = Path(".")
    root: Path | None = None  # pages are named relative to it (default: the project root)
    selection: Selection = field(default_factory=Selection)  # the rules reported (default: all)


@dataclass(frozen=True, kw_only=True)
class LintResult:
    """The findings of a lint run and how many pages it linted."""

    findings: list[Diagnostic]
    pages: int


def _docs_root(paths: tuple[Path, ...], root: Path | None) -> str:
    """The folder page names are shown relative to in messages (the common docs folder)."""
    folders = [folder_name(p if p.is_dir() else p.parent, list(paths), root) for p in paths]
    try:
        return os.path.commonpath(folders).replace(os.sep, "/") if all(folders) else ""
    except ValueError:
        return ""


def run_lint(options: LintOptions) -> list[Diagnostic]:
    """Every finding of the selected rules left after suppressions, sorted by file, line, rule."""
    return lint_docs(options).findings


def lint_docs(options: LintOptions) -> LintResult:
    """Lint the docs: the findings left after suppressions, and the number of pages linted."""
    suppressions = load_suppressions(options.config, options.config_folder)
    paths = list(options.paths)
    root = options.root if options.root else project_root()
    files = discover(paths, root)
    if not files:
        raise DocsError("no markdown pages found under " + ", ".join(str(p) for p in paths))
    names = page_names(files, paths, root)
    named = {names[f]: f for f in files}
    selected: set[str] | None = None
    partial = options.changed_only is not None or options.changed_paths is not None
    if partial:
        changed = options.changed_paths
        if changed is None:
            changed = frozenset(changed_files(str(options.changed_only), named))
        named, selected = select_pages(named, set(changed))
    with collector_for_the_model() as built:  # pages and model: no cycles, frozen once built
        pages = [parse_file(path, name) for name, path in sorted(named.items())]
        model = build_model(pages)
        built()
        ctx = LintContext(
            model=model,
            pages=pages,
            validator=load_validator(model),
            selected=selected,
            docs_root=_docs_root(options.paths, root),
            page_files={name: os.path.abspath(path) for name, path in named.items()},
        )
        for module in RULE_MODULES:
            module.check(ctx)
    findings = list(dict.fromkeys(ctx.findings))
    if options.metadata is not None:
        csdl = load_csdl(options.metadata)
        findings += [
            f
            for f in compare_with_csdl(
                model, csdl, display_path(options.metadata), [e for p in pages for e in p.enums]
            )
            if selected is None or f.source.file in selected
        ]
    # selection first: a suppression of a rule not selected cannot be told stale
    chosen = options.selection
    findings = [f for f in findings if f.rule in chosen]
    suppressions = [s for s in suppressions if s.rule in chosen]
    kept, unused = apply_suppressions(findings, suppressions, {p.info.path for p in pages})
    if partial or SUPPRESSION_UNUSED not in chosen:
        unused = []  # a partial run, or one not reporting them, cannot tell stale suppressions
    ordered = sorted(kept + unused, key=lambda d: (d.source.file, d.source.line, d.rule, d.message))
    return LintResult(findings=ordered, pages=len(selected) if selected is not None else len(pages))
