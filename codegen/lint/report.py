"""Lint findings rendered as text, JSON, SARIF 2.1.0 or GitHub workflow commands, or counted per
rule (``--statistics``, text or JSON)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.catalog import RULES
from codegen.terminal import safe_json, safe_line, visible

FORMATS = ("text", "json", "sarif", "github")
STATISTICS_FORMATS = ("text", "json")

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "graph-docs-codegen"
INFORMATION_URI = "https://github.com/microsoftgraph/microsoft-graph-docs"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "graphDocsFindingHash/v1"

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_ANSI = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_ANSI_RESET = "\x1b[0m"


def _sort_key(d: Diagnostic) -> tuple[str, int, str, str, str, str, str]:
    """(file, line, rule, message), then the remaining fields so that ties are deterministic too."""
    return (
        d.source.file,
        d.source.line,
        d.rule,
        d.message,
        d.severity.value,
        d.suggestion or "",
        d.subject or "",
    )


def _sorted(findings: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The findings in report order."""
    return sorted(findings, key=_sort_key)


def _full_message(d: Diagnostic) -> str:
    """The message with its suggestion, if any, appended."""
    return f"{d.message} — suggestion: {d.suggestion}" if d.suggestion else d.message


def summary(findings: Sequence[Diagnostic], pages: int | None = None) -> dict[str, Any]:
    """Counts by severity and by rule (and of the pages linted, when known)."""
    severities = Counter(d.severity for d in findings)
    by_rule = Counter(d.rule for d in findings)
    return {
        "errors": severities[Severity.ERROR],
        "warnings": severities[Severity.WARNING],
        "infos": severities[Severity.INFO],
        "by_rule": {rule: by_rule[rule] for rule in sorted(by_rule)},
        "files": len({d.source.file for d in findings}),
    } | ({"pages": pages} if pages is not None else {})


def _plural(n: int, word: str, plural: str) -> str:
    """``1 error`` / ``2 errors``."""
    return f"{n} {word if n == 1 else plural}"


def summary_line(findings: Sequence[Diagnostic], pages: int | None = None) -> str:
    """``3 errors, 2 warnings, 1 info in 4 files (120 pages linted)``."""
    s = summary(findings)
    linted = f" ({_plural(pages, 'page', 'pages')} linted)" if pages is not None else ""
    return (
        f"{_plural(s['errors'], 'error', 'errors')}, "
        f"{_plural(s['warnings'], 'warning', 'warnings')}, "
        f"{s['infos']} info in {_plural(s['files'], 'file', 'files')}{linted}"
    )


def _one_line(text: str) -> str:
    """Line breaks shown as a literal ``\\n`` so that one finding stays on one line."""
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _render_text(findings: list[Diagnostic], color: bool, pages: int | None = None) -> str:
    """``file:line: severity [rule] message — suggestion: X`` lines, a blank line, the summary."""
    lines = []
    for d in findings:
        sev = d.severity.value
        if color:
            sev = f"{_ANSI[d.severity]}{sev}{_ANSI_RESET}"
        where = safe_line(_one_line(f"{d.source.file}:{d.source.line}"))
        rule, message = visible(_one_line(d.rule)), visible(_one_line(_full_message(d)))
        lines.append(f"{where}: {sev} [{rule}] {message}")
    if lines:
        lines.append("")
    lines.append(summary_line(findings, pages))
    return "\n".join(lines) + "\n"


def _dump(obj: Any) -> str:
    """Indented JSON with a trailing newline, safe for a terminal or a CI log (``safe_json``)."""
    return safe_json(json.dumps(obj, indent=2, ensure_ascii=False)) + "\n"


def _render_json(findings: list[Diagnostic], pages: int | None = None) -> str:
    """One JSON object: the findings and their summary."""
    rows = [
        {
            "rule": d.rule,
            "severity": d.severity.value,
            "file": d.source.file,
            "line": d.source.line,
            "message": d.message,
            "suggestion": d.suggestion,
        }
        for d in findings
    ]
    return _dump({"findings": rows, "summary": summary(findings, pages)})


def camel_case(rule_id: str) -> str:
    """``example-value-type`` → ``ExampleValueType``."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-"))


def artifact_uri(path: str) -> str:
    """A relative path as an RFC 3986 URI reference: ``/`` kept, everything unsafe %-encoded."""
    return quote(path, safe="/")


def fingerprint(d: Diagnostic) -> str:
    """A hash of rule, file and message: the line is left out so that moved findings keep it."""
    key = json.dumps([d.rule, d.source.file, d.message], ensure_ascii=True)
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def _sarif_rules(findings: list[Diagnostic]) -> list[dict[str, Any]]:
    """One reportingDescriptor per catalog rule, then any rule a finding uses the catalog lacks."""
    rules: list[dict[str, Any]] = [
        {
            "id": info.id,
            "name": camel_case(info.id),
            "shortDescription": {"text": info.summary},
            "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]},
            "properties": {"tags": [info.family]},
        }
        for info in RULES.values()
    ]
    for rule in sorted({d.rule for d in findings} - RULES.keys()):
        rules.append(
            {
                "id": rule,
                "name": camel_case(rule),
                "shortDescription": {"text": f"{rule} (not in the rule catalog)"},
            }
        )
    return rules


def _render_sarif(findings: list[Diagnostic], tool_version: str) -> str:
    """A SARIF 2.1.0 log with one run, as GitHub code scanning takes it."""
    rules = _sarif_rules(findings)
    index = {r["id"]: i for i, r in enumerate(rules)}
    seen: Counter[str] = Counter()
    results = []
    for d in findings:
        digest = fingerprint(d)
        seen[digest] += 1  # identical findings in one file stay distinct alerts
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": artifact_uri(d.source.file), "uriBaseId": SRCROOT}
        }
        if d.source.line >= 1:  # SARIF lines are 1-based; an unknown line gets no region
            physical["region"] = {"startLine": d.source.line}
        results.append(
            {
                "ruleId": d.rule,
                "ruleIndex": index[d.rule],
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": _full_message(d)},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
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


def escape_data(text: str) -> str:
    """Escape a workflow command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _render_github(findings: list[Diagnostic]) -> str:
    """``::error file=F,line=L,title=RULE::MESSAGE`` lines (warning and notice for the others).

    Docs text in them is ``visible`` (no terminal escapes, no ``##[``), then escaped as the
    runner reads it back: CR and LF as ``%0D``/``%0A``, so an annotation is one line."""
    lines = []
    for d in findings:
        props = [f"file={escape_property(visible(d.source.file, breaks=False))}"]
        if d.source.line >= 1:
            props.append(f"line={d.source.line}")
        props.append(f"title={escape_property(visible(d.rule, breaks=False))}")
        command = _GITHUB_COMMAND[d.severity]
        message = escape_data(visible(_full_message(d), breaks=False))
        lines.append(f"::{command} {','.join(props)}::{message}\n")
    return "".join(lines)


def render_report(
    findings: Sequence[Diagnostic],
    fmt: str,
    *,
    tool_version: str,
    color: bool = False,
    pages: int | None = None,
) -> str:
    """The findings in one output format (deterministic: same findings, same bytes)."""
    ordered = _sorted(findings)
    if fmt == "text":
        return _render_text(ordered, color, pages)
    if fmt == "json":
        return _render_json(ordered, pages)
    if fmt == "sarif":
        return _render_sarif(ordered, tool_version)
    if fmt == "github":
        return _render_github(ordered)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def statistics(findings: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """One row per rule (and severity, for a rule reporting some findings at another one):
    ``{rule, severity, count, summary}``, the most frequent first, then by rule id."""
    counts = Counter((d.rule, d.severity) for d in findings)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], _SEVERITY_ORDER[kv[0][1]]))
    return [
        {
            "rule": rule,
            "severity": severity.value,
            "count": count,
            "summary": RULES[rule].summary if rule in RULES else "(not in the rule catalog)",
        }
        for (rule, severity), count in ordered
    ]


def render_statistics(findings: Sequence[Diagnostic], fmt: str, pages: int | None = None) -> str:
    """``--statistics``: text columns (count, rule, severity, summary) and the summary line,
    or a JSON list of ``{rule, severity, count, summary}``."""
    rows = statistics(findings)
    if fmt == "json":
        return _dump(rows)
    if fmt != "text":
        raise ValueError(
            f"--statistics is written as {' or '.join(STATISTICS_FORMATS)}, not {fmt!r}"
        )
    cells = [
        (str(r["count"]), visible(_one_line(r["rule"])), r["severity"], visible(r["summary"]))
        for r in rows
    ]
    widths = [max((len(c[i]) for c in cells), default=0) for i in range(3)]
    lines = [
        f"{count:>{widths[0]}}  {rule:<{widths[1]}}  {sev:<{widths[2]}}  {text}"
        for count, rule, sev, text in cells
    ]
    if lines:
        lines.append("")
    lines.append(summary_line(findings, pages))
    return "\n".join(lines) + "\n"
