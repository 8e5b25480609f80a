"""codegen.lint.report: text, JSON, SARIF 2.1.0 and GitHub workflow-command output."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.source import SourceRef
from codegen.lint.catalog import RULES
from codegen.lint.report import (
    FINGERPRINT_KEY,
    FORMATS,
    camel_case,
    escape_data,
    escape_property,
    render_report,
    summary,
)

# The official SARIF 2.1.0 schema (Draft-07), vendored byte for byte from the OASIS SARIF TC's
# repository: oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json
# at commit 3682e9ee648f2f3e11ba1fcd47fc390a0b8f9dab
# (https://github.com/oasis-tcs/sarif-spec/blob/3682e9ee648f2f3e11ba1fcd47fc390a0b8f9dab/
#  Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json).
SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SARIF_SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)

# RFC 3986 URI-reference characters: unreserved, reserved, and %-escapes.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
SPACED = "spec/docs/api/my page.md"
SESSION = "spec/docs/resources/exactmatchsession.md"
TRICKY = "dataStoreId, not datastoreId: 100% sure\nsecond line ✓ ünïcödé"


def diag(
    file: str, line: int, rule: str, sev: Severity, msg: str, hint: str | None = None
) -> Diagnostic:
    """A finding, briefly."""
    return Diagnostic(
        source=SourceRef(file=file, line=line),
        rule=rule,
        severity=sev,
        message=msg,
        suggestion=hint,
    )


FINDINGS = [
    diag(SESSION, 40, "csdl-action-undocumented", I, "the metadata binds cancel", "describe it"),
    diag(SPACED, 12, "property-spelling", E, TRICKY, "datastoreId"),
    diag(SESSION, 3, "type-duplicate", W, "exactMatchSession is described twice"),
    diag("spec/docs/api/a.md", 5, "example-value-type", E, "a\r\nb"),
]


def render(findings: Sequence[Diagnostic], fmt: str) -> str:
    """render_report with a fixed tool version."""
    return render_report(findings, fmt, tool_version="1.2.3")


def sarif(findings: list[Diagnostic]) -> dict[str, Any]:
    """The SARIF log as parsed JSON."""
    log: dict[str, Any] = json.loads(render(findings, "sarif"))
    return log


# --- the vendored schema ---


def test_vendored_schema_is_the_draft07_sarif_schema() -> None:
    Draft7Validator.check_schema(SARIF_SCHEMA)
    assert SARIF_SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert SARIF_SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    assert len(SCHEMA_PATH.read_text(encoding="utf-8")) == 112318


def test_schema_rejects_a_broken_log() -> None:
    log = sarif(FINDINGS)
    log["runs"][0]["results"][0]["level"] = "info"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(VALIDATOR.iter_errors(log))) == 2


# --- text ---


def test_text_exact() -> None:
    assert render(FINDINGS, "text") == (
        "spec/docs/api/a.md:5: error [example-value-type] a\\nb\n"
        "spec/docs/api/my page.md:12: error [property-spelling] dataStoreId, not datastoreId: "
        "100% sure\\nsecond line ✓ ünïcödé — suggestion: datastoreId\n"
        f"{SESSION}:3: warning [type-duplicate] exactMatchSession is described twice\n"
        f"{SESSION}:40: info [csdl-action-undocumented] the metadata binds cancel"
        " — suggestion: describe it\n"
        "\n"
        "2 errors, 1 warning, 1 info in 3 files\n"
    )


def test_text_empty_and_colour() -> None:
    assert render([], "text") == "0 errors, 0 warnings, 0 info in 0 files\n"
    assert "\x1b" not in render(FINDINGS, "text")
    coloured = render_report(FINDINGS, "text", tool_version="1", color=True)
    assert "\x1b[1;31merror\x1b[0m [property-spelling]" in coloured
    assert "\x1b[36minfo\x1b[0m [csdl-action-undocumented]" in coloured


# --- json ---


def test_json_exact_shape() -> None:
    out = render(FINDINGS, "json")
    expected = {
        "findings": [
            {
                "rule": "example-value-type",
                "severity": "error",
                "file": "spec/docs/api/a.md",
                "line": 5,
                "message": "a\r\nb",
                "suggestion": None,
            },
            {
                "rule": "property-spelling",
                "severity": "error",
                "file": SPACED,
                "line": 12,
                "message": TRICKY,
                "suggestion": "datastoreId",
            },
            {
                "rule": "type-duplicate",
                "severity": "warning",
                "file": SESSION,
                "line": 3,
                "message": "exactMatchSession is described twice",
                "suggestion": None,
            },
            {
                "rule": "csdl-action-undocumented",
                "severity": "info",
                "file": SESSION,
                "line": 40,
                "message": "the metadata binds cancel",
                "suggestion": "describe it",
            },
        ],
        "summary": {
            "errors": 2,
            "warnings": 1,
            "infos": 1,
            "by_rule": {
                "csdl-action-undocumented": 1,
                "example-value-type": 1,
                "property-spelling": 1,
                "type-duplicate": 1,
            },
            "files": 3,
        },
    }
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert list(json.loads(out)["findings"][0]) == [
        "rule",
        "severity",
        "file",
        "line",
        "message",
        "suggestion",
    ]


def test_json_empty() -> None:
    empty = {"errors": 0, "warnings": 0, "infos": 0, "by_rule": {}, "files": 0}
    assert json.loads(render([], "json")) == {"findings": [], "summary": empty}
    assert summary([]) == empty


# --- sarif ---


@pytest.mark.parametrize("findings", [FINDINGS, []], ids=["findings", "empty"])
def test_sarif_is_valid(findings: list[Diagnostic]) -> None:
    log = sarif(findings)
    VALIDATOR.validate(log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "graph-docs-codegen"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"] == "https://github.com/microsoftgraph/microsoft-graph-docs"
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    assert len(run["results"]) == len(findings)


def test_sarif_rule_descriptors() -> None:
    rules = {r["id"]: r for r in sarif([])["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["odata-type-case"] == {
        "id": "odata-type-case",
        "name": "OdataTypeCase",
        "shortDescription": {"text": RULES["odata-type-case"].summary},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["tables"]},
    }
    assert rules["json-repaired"]["defaultConfiguration"] == {"level": "warning"}
    assert rules["patch-read-only-property"]["defaultConfiguration"] == {"level": "error"}
    assert rules["csdl-action-undocumented"]["defaultConfiguration"] == {"level": "note"}
    assert camel_case("csdl-property-undocumented") == "CsdlPropertyUndocumented"


def test_sarif_results() -> None:
    run = sarif(FINDINGS)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    spelled = by_rule["property-spelling"]
    assert spelled["level"] == "error"
    assert spelled["message"] == {"text": f"{TRICKY} — suggestion: datastoreId"}
    assert spelled["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "spec/docs/api/my%20page.md", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12},
            }
        }
    ]
    assert by_rule["type-duplicate"]["level"] == "warning"
    assert by_rule["csdl-action-undocumented"]["level"] == "note"
    assert by_rule["example-value-type"]["message"] == {"text": "a\r\nb"}


def test_sarif_rule_missing_from_catalog_is_appended() -> None:
    odd = diag("x.md", 1, "zz-not-a-rule", W, "m")
    run = sarif([*FINDINGS, odd])["runs"][0]
    VALIDATOR.validate({"version": "2.1.0", "runs": [run]})
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [*RULES, "zz-not-a-rule"]
    (result,) = [r for r in run["results"] if r["ruleId"] == "zz-not-a-rule"]
    assert result["ruleIndex"] == len(RULES)


def test_unknown_line_gets_no_region() -> None:
    page = diag("spec/docs/api/b.md", 0, "page-unreadable", E, "broken front matter")
    log = sarif([page])
    VALIDATOR.validate(log)
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in physical
    assert render([page], "github") == (
        "::error file=spec/docs/api/b.md,title=page-unreadable::broken front matter\n"
    )


def prints(findings: list[Diagnostic]) -> list[str]:
    """Each result's partial fingerprint, in report order."""
    return [
        r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(findings)["runs"][0]["results"]
    ]


def test_fingerprint_ignores_the_line_only() -> None:
    base = diag(SPACED, 12, "property-spelling", E, TRICKY, "datastoreId")
    moved = diag(SPACED, 99, "property-spelling", E, TRICKY, "datastoreId")
    assert prints([base]) == prints([moved])
    assert re.fullmatch(r"[0-9a-f]{64}:1", prints([base])[0])
    for other in (
        diag(SPACED, 12, "property-type-conflict", E, TRICKY),
        diag("spec/docs/api/other.md", 12, "property-spelling", E, TRICKY),
        diag(SPACED, 12, "property-spelling", E, TRICKY + "!"),
    ):
        assert prints([other]) != prints([base])


def test_identical_findings_on_other_lines_stay_distinct() -> None:
    one = diag(SESSION, 3, "type-undefined", W, "same")
    two = diag(SESSION, 8, "type-undefined", W, "same")
    first, second = prints([one, two])
    assert first.endswith(":1") and second.endswith(":2")
    assert first.split(":")[0] == second.split(":")[0]


# --- github ---


def test_github_exact() -> None:
    assert render(FINDINGS, "github") == (
        "::error file=spec/docs/api/a.md,line=5,title=example-value-type::a%0D%0Ab\n"
        "::error file=spec/docs/api/my page.md,line=12,title=property-spelling::"
        "dataStoreId, not datastoreId: 100%25 sure%0Asecond line ✓ ünïcödé"
        " — suggestion: datastoreId\n"
        f"::warning file={SESSION},line=3,title=type-duplicate::"
        "exactMatchSession is described twice\n"
        f"::notice file={SESSION},line=40,title=csdl-action-undocumented::"
        "the metadata binds cancel — suggestion: describe it\n"
    )
    assert render([], "github") == ""


def test_github_escaping() -> None:
    assert escape_data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad"
    assert escape_property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad"
    assert escape_property("%3A") == "%253A"  # % first, so escapes are not escaped twice
    odd = diag("C:/odd,dir/f%.md", 7, "json-invalid", E, "x")
    assert render([odd], "github") == (
        "::error file=C%3A/odd%2Cdir/f%25.md,line=7,title=json-invalid::x\n"
    )


# --- every format ---


@pytest.mark.parametrize("fmt", FORMATS)
def test_shuffled_input_gives_the_same_bytes(fmt: str) -> None:
    expected = render(FINDINGS, fmt)
    for seed in range(10):
        shuffled = list(FINDINGS)
        random.Random(seed).shuffle(shuffled)
        assert render(shuffled, fmt) == expected
        assert render(tuple(shuffled), fmt) == expected


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="sarif"):
        render(FINDINGS, "xml")


# --- hypothesis ---

paths = st.lists(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
    min_size=1,
    max_size=4,
).map("/".join)
findings_strategy = st.lists(
    st.builds(
        diag,
        file=paths,
        line=st.integers(min_value=1, max_value=100_000),
        rule=st.sampled_from(sorted(RULES)) | st.text(min_size=1, max_size=30),
        sev=st.sampled_from(list(Severity)),
        msg=st.text(),
        hint=st.none() | st.text(min_size=1),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(findings_strategy)
def test_any_findings_give_valid_sarif(findings: list[Diagnostic]) -> None:
    log = sarif(findings)
    VALIDATOR.validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    files = sorted(d.source.file for d in findings)
    uris = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_REFERENCE.fullmatch(uri) and urlsplit(uri).scheme == ""
        uris.append(unquote(uri))
    assert sorted(uris) == files


@settings(max_examples=150, deadline=None)
@given(findings_strategy)
def test_any_findings_give_parseable_json_and_one_line_each(findings: list[Diagnostic]) -> None:
    doc = json.loads(render(findings, "json"))
    assert sorted(f["message"] for f in doc["findings"]) == sorted(d.message for d in findings)
    assert sum(doc["summary"]["by_rule"].values()) == len(findings)
    github = render(findings, "github")
    assert github.count("\n") == len(findings)
    assert "\r" not in github
    text = render(findings, "text").split("\n")
    assert len(text) == len(findings) + (2 if findings else 1) + 1
