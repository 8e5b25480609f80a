"""A diff rendered as text, JSON, markdown (a pull-request comment), SARIF 2.1.0 or GitHub
workflow annotations. Docs-derived text goes through ``codegen.terminal`` as lint's reports do:
control and format characters as visible escapes, ``##[`` and a leading ``::`` broken (JSON
and SARIF with JSON escapes, so a parser reads the original), markdown punctuation escaped."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from codegen.diff.changes import (
    BREAKING,
    DESCRIPTION,
    KINDS,
    LEVELS,
    NON_BREAKING,
    RENAME,
    SUPPRESSION_UNUSED,
    Change,
    Side,
)
from codegen.diff.config import Suppression
from codegen.diff.runner import DiffResult, SideInfo
from codegen.lint.report import artifact_uri, camel_case, escape_data, escape_property
from codegen.terminal import safe_json, safe_line, visible

FORMATS = ("text", "json", "markdown", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "graph-docs-codegen diff"
INFORMATION_URI = "https://github.com/microsoftgraph/microsoft-graph-docs"
FINGERPRINT_KEY = "graphDocsChangeHash/v1"
MARKDOWN_ROWS = 100
# per namespace: the changes whose old side has what changed (removed, retyped, renamed: all
# but pure additions), the class a parity check between two doc sets looks for
CHANGED = (
    "removed-or-changed"  # rows per markdown table (a pull-request comment holds 65,536 characters)
)

_LEVEL_TITLE = {
    BREAKING: "breaking",
    RENAME: "rename suspected",
    NON_BREAKING: "non-breaking",
    DESCRIPTION: "description",
}
_SARIF_LEVEL = {BREAKING: "error", RENAME: "error", NON_BREAKING: "note", DESCRIPTION: "note"}
_GITHUB = {BREAKING: "error", RENAME: "error", NON_BREAKING: "notice", DESCRIPTION: "notice"}
_ANSI = {
    BREAKING: "\x1b[1;31m",
    RENAME: "\x1b[35m",
    NON_BREAKING: "\x1b[32m",
    DESCRIPTION: "\x1b[36m",
}
_RESET = "\x1b[0m"


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def location(side: Side | None) -> str:
    """``file:line``, prefixed ``REV:`` for a side read from a git revision."""
    if side is None or not side.source.file:
        return ""
    where = f"{side.source.file}:{side.source.line}" if side.source.line else side.source.file
    return f"{side.revision}:{where}" if side.revision else where


def summary(result: DiffResult) -> dict[str, Any]:
    """Counts by level, kind and namespace (suppressed changes counted apart)."""
    active = result.active
    levels = Counter(c.level for c in active)
    kinds = Counter(c.kind for c in active)
    spaces: dict[str, Counter[str]] = {}
    for c in active:
        counts = spaces.setdefault(c.namespace, Counter())
        counts[c.level] += 1
        if c.old is not None and not c.kind.startswith("python-"):
            counts[CHANGED] += 1  # the old side has it: not a pure addition
    return {
        "breaking": levels[BREAKING],
        "rename": levels[RENAME],
        "non-breaking": levels[NON_BREAKING],
        "descriptions": len([c for c in result.descriptions if c.suppressed is None]),
        "suppressed": len(result.changes) - len(active),
        "unused_suppressions": len(result.unused),
        "by_kind": {k: kinds[k] for k in sorted(kinds)},
        "by_namespace": {
            ns: {lv: spaces[ns][lv] for lv in (BREAKING, RENAME, NON_BREAKING, CHANGED)}
            for ns in sorted(spaces)
        },
        "python": {k: len(v) for k, v in result.python.items()},
        "fail_on": result.fail_on,
        "failed": result.failed,
    }


def _side_name(info: SideInfo) -> str:
    return info.label if info.revision is None else f"{info.label} ({(info.commit or '')[:12]})"


def summary_line(result: DiffResult) -> str:
    """``2 breaking, 1 rename suspected, 5 non-breaking (1 suppressed): OLD → NEW``."""
    s = summary(result)
    extra = f" ({s['suppressed']} suppressed)" if s["suppressed"] else ""
    return (
        f"{s['breaking']} breaking, {s['rename']} rename suspected, {s['non-breaking']} "
        f"non-breaking{extra}: {_side_name(result.old)} → {_side_name(result.new)}"
    )


# --- text ------------------------------------------------------------------------------------


def _text_change(c: Change, color: bool, verbose: bool) -> list[str]:
    level = _LEVEL_TITLE[c.level]
    if color:
        level = f"{_ANSI[c.level]}{level}{_RESET}"
    where = location(c.where) or "(no docs line)"
    old = location(c.old)
    note = (
        f" (old: {visible(_one_line(old))})" if c.old is not None and c.old is not c.where else ""
    )
    lines = [
        safe_line(_one_line(where))
        + f": {level} [{visible(c.kind)}] {visible(_one_line(c.message))}{note}"
    ]
    if c.suppressed is not None:
        lines.append(f"    suppressed: {visible(_one_line(c.suppressed))}")
    shown = c.python if verbose else c.python[:8]
    lines += [f"    {visible(_one_line(p))}" for p in shown]
    if len(c.python) > len(shown):
        lines.append(f"    ... and {len(c.python) - len(shown)} more names (-v lists them)")
    return lines


def _render_text(result: DiffResult, color: bool, verbose: bool) -> str:
    lines: list[str] = []
    for c in result.active:
        lines += _text_change(c, color, verbose)
    suppressed = [c for c in result.changes if c.suppressed is not None]
    if suppressed:
        lines.append(f"suppressed ({len(suppressed)}):" if verbose else "")
        if verbose:
            for c in suppressed:
                lines += ["  " + line for line in _text_change(c, color, verbose)]
    descriptions = [c for c in result.descriptions if c.suppressed is None]
    if descriptions:
        lines.append(f"descriptions changed ({len(descriptions)}):")
        for c in descriptions:
            lines.append(
                "  "
                + safe_line(_one_line(location(c.where)))
                + f": {visible(_one_line(c.subject))}"
            )
    for u in result.unused:
        lines.append(
            safe_line(f"{u.origin.file}:{u.origin.line}")
            + f": warning [{SUPPRESSION_UNUSED}] {visible(_unused_message(u))}"
        )
    s = summary(result)
    if lines:
        lines.append("")
    lines.append(safe_line(summary_line(result)))
    py = s["python"]
    lines.append(
        f"generated package: {py['removed']} names removed, {py['added']} added, "
        f"{py['changed']} retyped"
    )
    spaces = s["by_namespace"]
    if spaces:
        lines.append("per namespace (breaking / rename / non-breaking; removed or changed):")
        for ns, counts in spaces.items():
            lines.append(
                f"  {visible(ns)}: {counts[BREAKING]} / {counts[RENAME]} / {counts[NON_BREAKING]}"
                f"; {counts[CHANGED]}"
            )
    return "\n".join(line for line in lines if line is not None) + "\n"


def _unused_message(s: Suppression) -> str:
    target = f" for {s.subject}" if s.subject else ""
    return f"suppression of {s.rule}{target} matches no change"


# --- JSON ------------------------------------------------------------------------------------


def _side_json(side: Side | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {
        "file": side.source.file,
        "line": side.source.line,
        "value": side.value,
        "revision": side.revision,
    }


def _change_json(c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "level": c.level,
        "subject": c.subject,
        "namespace": c.namespace,
        "message": c.message,
        "old": _side_json(c.old),
        "new": _side_json(c.new),
        "at": _side_json(c.where),
        "python": list(c.python),
        **({"suppressed": c.suppressed} if c.suppressed is not None else {}),
    }


def _info_json(info: SideInfo) -> dict[str, Any]:
    return {
        "label": info.label,
        "revision": info.revision,
        "commit": info.commit,
        "pages": info.pages,
        "types": info.types,
        "enums": info.enums,
        "operations": info.operations,
    }


def _dump(obj: Any) -> str:
    return safe_json(json.dumps(obj, indent=2, ensure_ascii=False)) + "\n"


def _render_json(result: DiffResult) -> str:
    return _dump(
        {
            "old": _info_json(result.old),
            "new": _info_json(result.new),
            "changes": [_change_json(c) for c in result.active],
            "suppressed": [_change_json(c) for c in result.changes if c.suppressed is not None],
            "descriptions": [_change_json(c) for c in result.descriptions],
            "unused_suppressions": [
                {
                    "rule": s.rule,
                    "subject": s.subject,
                    "reason": s.reason,
                    "file": s.origin.file,
                    "line": s.origin.line,
                }
                for s in result.unused
            ],
            "python": result.python,
            "summary": summary(result),
        }
    )


# --- markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~@&$#])")


def md(text: str) -> str:
    """Docs text for a markdown table cell: visible escapes, one line, every markdown
    punctuation character backslash-escaped (no links, HTML, mentions or cell breaks)."""
    return _MD_SPECIAL.sub(r"\\\1", visible(_one_line(text)))


def _md_table(changes: list[Change], *, reasons: bool = False) -> list[str]:
    head = "| kind | change | docs | was | generated package |"
    rule = "|---|---|---|---|---|"
    if reasons:
        head, rule = head + " reason |", rule + "---|"
    rows = [head, rule]
    for c in changes[:MARKDOWN_ROWS]:
        python = "<br>".join(md(p) for p in c.python[:6])
        if len(c.python) > 6:
            python += f"<br>… and {len(c.python) - 6} more"
        was = md(location(c.old)) if c.old is not None and c.old is not c.where else ""
        row = f"| {md(c.kind)} | {md(c.message)} | {md(location(c.where))} | {was} | {python} |"
        if reasons:
            row += f" {md(c.suppressed or '')} |"
        rows.append(row)
    if len(changes) > MARKDOWN_ROWS:
        rows.append(f"\n… and {len(changes) - MARKDOWN_ROWS} more (`--format json` lists all)")
    return rows


def _render_markdown(result: DiffResult) -> str:
    s = summary(result)
    out = [
        f"## codegen diff: {md(_side_name(result.old))} → {md(_side_name(result.new))}",
        "",
    ]
    verdict = (
        f"**{s['breaking']} breaking**, **{s['rename']} rename suspected**, "
        f"{s['non-breaking']} non-breaking"
    )
    if s["suppressed"]:
        verdict += f", {s['suppressed']} suppressed"
    out += [verdict, ""]
    by_level = {lv: [c for c in result.active if c.level == lv] for lv in LEVELS}
    for level, title in ((BREAKING, "Breaking changes"), (RENAME, "Suspected renames")):
        if by_level[level]:
            out += [f"### {title} ({len(by_level[level])})", "", *_md_table(by_level[level]), ""]
    if by_level[NON_BREAKING]:
        out += [
            f"<details><summary>Non-breaking changes ({len(by_level[NON_BREAKING])})</summary>",
            "",
            *_md_table(by_level[NON_BREAKING]),
            "",
            "</details>",
            "",
        ]
    suppressed = [c for c in result.changes if c.suppressed is not None]
    if suppressed:
        out += [
            f"<details><summary>Suppressed ({len(suppressed)})</summary>",
            "",
            *_md_table(suppressed, reasons=True),
            "",
            "</details>",
            "",
        ]
    if result.descriptions:
        out += [
            f"<details><summary>Descriptions changed ({len(result.descriptions)})</summary>",
            "",
            *(
                f"- {md(location(c.where))}: {md(c.subject)}"
                for c in result.descriptions[:MARKDOWN_ROWS]
            ),
            "",
            "</details>",
            "",
        ]
    if result.unused:
        out += ["### Unused suppressions", ""]
        out += [
            f"- {md(f'{u.origin.file}:{u.origin.line}')}: {md(_unused_message(u))}"
            for u in result.unused
        ]
        out.append("")
    spaces = s["by_namespace"]
    if spaces:
        out += [
            "### Per namespace",
            "",
            "| namespace | breaking | rename | non-breaking | removed or changed |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {md(ns)} | {c[BREAKING]} | {c[RENAME]} | {c[NON_BREAKING]} | {c[CHANGED]} |"
            for ns, c in spaces.items()
        ]
        out.append("")
    py = result.python
    out += [
        "### Generated package",
        "",
        (
            f"{len(py['removed'])} names removed, {len(py['added'])} added, "
            f"{len(py['changed'])} retyped."
        ),
        "",
    ]
    if py["removed"]:
        out += [
            "<details><summary>Names a user's code would break on</summary>",
            "",
            *(f"- {md(n)}" for n in py["removed"][:MARKDOWN_ROWS]),
            *(["- …"] if len(py["removed"]) > MARKDOWN_ROWS else []),
            "",
            "</details>",
            "",
        ]
    return "\n".join(out)


# --- SARIF -----------------------------------------------------------------------------------


def fingerprint(c: Change) -> str:
    """A hash of kind and subject: a change keeps it when its lines move."""
    key = json.dumps([c.kind, c.subject], ensure_ascii=True)
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def _physical(side: Side) -> dict[str, Any] | None:
    if not side.source.file:
        return None
    out: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(side.source.file), "uriBaseId": "%SRCROOT%"}
    }
    if side.source.line >= 1:
        out["region"] = {"startLine": side.source.line}
    return out


def _render_sarif(result: DiffResult, tool_version: str) -> str:
    rules = [
        {
            "id": kind,
            "name": camel_case(kind),
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": _SARIF_LEVEL[level]},
            "properties": {"tags": [level]},
        }
        for kind, (level, text) in KINDS.items()
    ]
    rules.append(
        {
            "id": SUPPRESSION_UNUSED,
            "name": camel_case(SUPPRESSION_UNUSED),
            "shortDescription": {"text": "a suppression matches no change"},
            "defaultConfiguration": {"level": "warning"},
        }
    )
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    seen: Counter[str] = Counter()
    for c in [*result.changes, *result.descriptions]:
        digest = fingerprint(c)
        seen[digest] += 1
        message = c.message + (
            f" — generated package: {'; '.join(c.python[:20])}" if c.python else ""
        )
        item: dict[str, Any] = {
            "ruleId": c.kind,
            "ruleIndex": index[c.kind],
            "level": _SARIF_LEVEL[c.level],
            "message": {"text": message},
            "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
        }
        where = _physical(c.where)
        if where is not None:
            item["locations"] = [{"physicalLocation": where}]
        if c.old is not None and c.old is not c.where:
            old = _physical(c.old)
            if old is not None:
                label = f"before ({c.old.revision})" if c.old.revision else "before"
                item["relatedLocations"] = [
                    {"id": 1, "physicalLocation": old, "message": {"text": label}}
                ]
        if c.suppressed is not None:
            item["suppressions"] = [{"kind": "external", "justification": c.suppressed}]
        results.append(item)
    for s in result.unused:
        results.append(
            {
                "ruleId": SUPPRESSION_UNUSED,
                "ruleIndex": index[SUPPRESSION_UNUSED],
                "level": "warning",
                "message": {"text": _unused_message(s)},
                "locations": (
                    [{"physicalLocation": _physical(Side(source=s.origin))}]
                    if s.origin.file
                    else []
                ),
            }
        )
    driver = {
        "name": TOOL_NAME,
        "informationUri": INFORMATION_URI,
        "version": tool_version,
        "rules": rules,
    }
    run = {"tool": {"driver": driver}, "results": results}
    return _dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})


# --- GitHub ----------------------------------------------------------------------------------


def _render_github(result: DiffResult) -> str:
    lines = []
    for c in result.active:
        props = []
        where = c.where
        if where.source.file and where.revision is None:
            props.append(f"file={escape_property(visible(where.source.file, breaks=False))}")
            if where.source.line >= 1:
                props.append(f"line={where.source.line}")
        props.append(f"title={escape_property(visible(c.kind, breaks=False))}")
        text = c.message
        if c.old is not None and c.old is not where:
            text += f" (old: {location(c.old)})"
        if c.python:
            text += " — generated package: " + "; ".join(c.python[:10])
        message = escape_data(visible(text, breaks=False))
        lines.append(f"::{_GITHUB[c.level]} {','.join(props)}::{message}\n")
    for s in result.unused:
        props = [f"file={escape_property(visible(s.origin.file, breaks=False))}"]
        if s.origin.line >= 1:
            props.append(f"line={s.origin.line}")
        props.append(f"title={SUPPRESSION_UNUSED}")
        lines.append(
            f"::warning {','.join(props)}::{escape_data(visible(_unused_message(s), breaks=False))}\n"
        )
    return "".join(lines)


def render(
    result: DiffResult, fmt: str, *, tool_version: str, color: bool = False, verbose: bool = False
) -> str:
    """The diff in one format (deterministic: the same diff gives the same bytes)."""
    if fmt == "text":
        return _render_text(result, color, verbose)
    if fmt == "json":
        return _render_json(result)
    if fmt == "markdown":
        return _render_markdown(result)
    if fmt == "sarif":
        return _render_sarif(result, tool_version)
    if fmt == "github":
        return _render_github(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
