"""Issue 18's recall rules (defects read on beta pages that no rule reported, bench/lint_recall.jsonl):
``example-url-placeholder``, ``enum-duplicate``, ``example-value-unlisted``,
``csdl-enum-member-missing``, and ``example-placeholder-value``'s generated (``"x-value"``) and
angled (``"<USERNAME>"``) placeholders. Each reproduced on the clean doc set of
test_lint_rules, what must stay quiet (each false positive named by the page that showed it),
the corpus pages the defects were read on, and clean corpus pages.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.rules.documented_values import allowed_values
from codegen.lint.runner import LintOptions, run_lint
from tests.conftest import CORPUS, needs_corpus
from tests.test_lint_rules import ARCHIVE, ARCHIVE_PAGE, DN, ID, Edit, G, P, U, W, write_docs

BETA = CORPUS / "graph-docs-2021" / "api-reference" / "beta"
SIZE_ROW = "|size|Int32|The size of the widget, in millimetres.|"
STATUS_TABLE = "### widgetStatus values\n|Member|Description|\n|:---|:---|\n"
ROWS = "|active|The widget is in use.|\n|retired|The widget is no longer in use.|\n"
SECOND = "\n## JSON representation"


def lint(root: Path, edits: tuple[Edit, ...], metadata: Path | None = None) -> list[Diagnostic]:
    write_docs(root, edits)
    return run_lint(LintOptions(paths=(Path("docs"),), metadata=metadata))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _of(findings: list[Diagnostic], rule: str) -> list[Diagnostic]:
    return [d for d in findings if d.rule == rule]


class Fires(NamedTuple):
    rule: str
    edits: tuple[Edit, ...]
    severity: Severity
    says: str  # a part of the message
    at: tuple[str, str]  # (page, text of the line it is reported at)


FIRES: dict[str, Fires] = {
    # api/intune-apps-mobileappcontent-list.md:57: {mobileAppId} left in the example
    "url-placeholder": Fires(
        "example-url-placeholder",
        ((G, f"v1.0/widgets/{ID}", "v1.0/widgets/{widgetId}"),),
        Severity.WARNING,
        "keeps the template placeholder {widgetId}",
        (G, "v1.0/widgets/{widgetId}"),
    ),
    # api/icon-update.md:58: two placeholders, one of them {id|name}
    "url-placeholders": Fires(
        "example-url-placeholder",
        ((G, f"v1.0/widgets/{ID}", "v1.0/widgets/{id|name}/parts/{part-id}"),),
        Severity.WARNING,
        "placeholders {id|name}, {part-id}",
        (G, "v1.0/widgets/{id|name}"),
    ),
    "url-placeholder-in-query": Fires(
        "example-url-placeholder",
        ((G, f"v1.0/widgets/{ID}", f"v1.0/widgets/{ID}?$filter=part eq '{{partId}}'"),),
        Severity.WARNING,
        "{partId}",
        (G, "$filter=part"),
    ),
    # resources/enums.md:1645: riskLevel's table a second time, the same members
    "enum-twice": Fires(
        "enum-duplicate",
        ((W, SECOND, "\n" + STATUS_TABLE + ROWS + SECOND),),
        Severity.WARNING,
        "with the same members as at line",
        (
            W,
            "### widgetStatus values\n|Member|Description|\n|:---|:---|\n|active|The widget is in use.|\n|retired|The widget is no longer in use.|\n\n## JSON",
        ),
    ),
    # resources/enums.md:861: registrationAuthMethod again, without three members
    "enum-twice-lacking": Fires(
        "enum-duplicate",
        ((W, SECOND, "\n" + STATUS_TABLE + "|active|The widget is in use.|\n" + SECOND),),
        Severity.ERROR,
        "without retired",
        (
            W,
            "### widgetStatus values\n|Member|Description|\n|:---|:---|\n|active|The widget is in use.|\n\n",
        ),
    ),
    # resources/enums.md:1818: tokenIssuerType again, one member cased otherwise
    "enum-twice-respelled": Fires(
        "enum-duplicate",
        ((W, SECOND, "\n" + STATUS_TABLE + ROWS.replace("|retired|", "|Retired|") + SECOND),),
        Severity.ERROR,
        "spelling Retired (line",
        (W, "|Retired|"),
    ),
    # api/intune-apps-macosmicrosoftedgeapp-update.md:105: "uploadState": 11
    "int-not-listed": Fires(
        "example-value-unlisted",
        ((W, SIZE_ROW, "|size|Int32|The size. Possible values are: 0 - `small`, 1 - `large`.|"),),
        Severity.WARNING,
        "42 is none of the values the docs give size (0 or 1",
        (G, '"size": 42'),
    ),
    # api/intune-deviceconfig-iosikev2vpnconfiguration-create.md:471: mtuSizeInBytes 14
    "int-out-of-range": Fires(
        "example-value-unlisted",
        ((W, SIZE_ROW, "|size|Int32|The size. Valid values 1 to 10|"),),
        Severity.WARNING,
        "(1 to 10",
        (G, '"size": 42'),
    ),
    # api/range-entirecolumn.md:94: "address": "address-value" in a response
    "generated-placeholder": Fires(
        "example-placeholder-value",
        ((G, DN, '"displayName": "displayName-value",'),),
        Severity.WARNING,
        "placeholder 'displayName-value'",
        (G, '"displayName-value"'),
    ),
    # api/educationuser-delta.md:141: "userType": "String", whose description says "a string
    # value that can be used to classify user types": words, not a list of values
    "type-name-described": Fires(
        "example-placeholder-value",
        (
            (W, "|The name shown to users.|", "|A string value that can be used to name it.|"),
            (G, DN, '"displayName": "String",'),
        ),
        Severity.WARNING,
        "placeholder 'String'",
        (G, '"displayName": "String"'),
    ),
    # api/identityapiconnector-get.md:119: "username": "<USERNAME>"
    "angled-placeholder": Fires(
        "example-placeholder-value",
        ((G, DN, '"displayName": "<DISPLAY_NAME>",'),),
        Severity.WARNING,
        "placeholder '<DISPLAY_NAME>'",
        (G, '"<DISPLAY_NAME>"'),
    ),
    # api/icon-update.md:63: an update body whose type the page does not link
    "untyped-update-body": Fires(
        "example-placeholder-value",
        (
            (
                U,
                "supply a JSON representation of the [widget](../resources/widget.md) object",
                "supply the values",
            ),
            (U, '"size": 42\n}', '"size": 42,\n  "part": "part-value"\n}'),
        ),
        Severity.WARNING,
        "placeholder 'part-value'",
        (U, '"part-value"'),
    ),
}


def _line(pages: dict[str, str], page: str, text: str) -> int:
    return pages[page][: pages[page].index(text)].count("\n") + 1


@pytest.mark.parametrize("case", sorted(FIRES))
def test_rule_reports(case: str, here: Path) -> None:
    fires = FIRES[case]
    pages = write_docs(here, fires.edits)
    hits = _of(run_lint(LintOptions(paths=(Path("docs"),))), fires.rule)
    assert hits, case
    assert {d.severity for d in hits} == {fires.severity}
    assert any(fires.says in d.message for d in hits), [d.message for d in hits]
    page, text = fires.at
    assert (page, _line(pages, page, text)) in {(d.source.file, d.source.line) for d in hits}


class Quiet(NamedTuple):
    rule: str
    edits: tuple[Edit, ...]


QUIET: dict[str, Quiet] = {
    # a URL not written in full is example-url-malformed's alone
    "malformed-url": Quiet(
        "example-url-placeholder",
        ((G, f"https://graph.microsoft.com/v1.0/widgets/{ID}", "/widgets/{widgetId}"),),
    ),
    # doubled braces and empty braces are no template placeholder
    "doubled-braces": Quiet(
        "example-url-placeholder",
        ((G, f"v1.0/widgets/{ID}", f"v1.0/widgets/{ID}?$search={{{{x}}}}&y={{}}"),),
    ),
    # enums on two pages are the model's to merge (resources/enums.md and a resource page)
    "enum-on-two-pages": Quiet(
        "enum-duplicate",
        ((P, "## Permissions", STATUS_TABLE + ROWS + "\n## Permissions"),),
    ),
    # two enums on one page, each once
    "two-enums": Quiet(
        "enum-duplicate",
        ((W, SECOND, "\n" + STATUS_TABLE.replace("widgetStatus", "widgetSize") + ROWS + SECOND),),
    ),
    # "for example 1, 2" lists no values; a list with words in it is no list of values
    "not-a-list": Quiet(
        "example-value-unlisted",
        ((W, SIZE_ROW, "|size|Int32|The size. Possible values are: 0, 1, or any custom size.|"),),
    ),
    "value-listed": Quiet(
        "example-value-unlisted",
        ((W, SIZE_ROW, "|size|Int32|Possible values are: 0 - `none`, 42 - `answer`.|"),),
    ),
    "in-range": Quiet(
        "example-value-unlisted", ((W, SIZE_ROW, "|size|Int32|The size. Valid values 1 to 100|"),)
    ),
    # a String property's list is example-enum-value's kind of fact, not this rule's
    "string-list": Quiet(
        "example-value-unlisted",
        (
            (
                W,
                "|displayName|String|The name shown to users.|",
                "|displayName|String|Possible values are: 0, 1.|",
            ),
        ),
    ),
    # api/message-createreply.md: a message id is written in angle brackets
    "message-id": Quiet(
        "example-placeholder-value",
        ((G, DN, '"displayName": "<MWHPR22MB1120.namprd22.prod.outlook.com>",'),),
    ),
    # api/application-post-calls.md:315: words elide a media blob on purpose
    "elided-blob": Quiet(
        "example-placeholder-value", ((G, DN, '"displayName": "<Media Session Configuration>",'),)
    ),
    # api/schemaextension-post-schemaextensions.md:96: "type": "Integer" is a value the
    # property's description allows ("Allowed values are *Binary, ... Integer* or *String*")
    "type-name-allowed": Quiet(
        "example-placeholder-value",
        (
            (
                W,
                "|The name shown to users.|",
                "|The kind of name. Allowed values are *Integer* or *String*.|",
            ),
            (G, DN, '"displayName": "String",'),
        ),
    ),
    # api/nameditem-addformulalocal.md:113: a code span lists it ("`String`, `Integer`")
    "type-name-in-code-span": Quiet(
        "example-placeholder-value",
        (
            (
                W,
                "|The name shown to users.|",
                "|The kind. Possible values are: `String`, `Range`.|",
            ),
            (G, DN, '"displayName": "String",'),
        ),
    ),
    # api/identityapiconnector-create.md: "password": "<password>" stands for a secret on purpose
    "secret": Quiet(
        "example-placeholder-value",
        (
            (W, "|displayName|String|", "|password|String|A secret.|\n|displayName|String|"),
            (G, DN, DN + '\n  "password": "<password>",'),
        ),
    ),
    # an action's body: action-body-placeholder's alone (no second finding)
    "action-body": Quiet(
        "example-placeholder-value",
        ((ARCHIVE, None, ARCHIVE_PAGE.replace("Retired by the owner.", "reason-value")),),
    ),
}


@pytest.mark.parametrize("case", sorted(QUIET))
def test_rule_stays_quiet(case: str, here: Path) -> None:
    quiet = QUIET[case]
    findings = lint(here, quiet.edits)
    assert not _of(findings, quiet.rule), [str(d) for d in _of(findings, quiet.rule)]


def test_action_body_placeholder_reported_once(here: Path) -> None:
    edits = ((ARCHIVE, None, ARCHIVE_PAGE.replace("Retired by the owner.", "reason-value")),)
    findings = [d for d in lint(here, edits) if "reason-value" in d.message]
    assert [d.rule for d in findings] == ["action-body-placeholder"]


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("Possible values are: 0 - `Not Ready`, 1 - `Ready`, 2 - `Processing`.", ({0, 1, 2}, None)),
        ("The possible values are: 1 (low), 2 (high)", ({1, 2}, None)),
        ("Possible values are: 0, 1 and 2.", ({0, 1, 2}, None)),
        ("Valid values 1 to 365", (None, (1, 365))),
        ("Valid values are 0 through 24. Inherited from x", (None, (0, 24))),
        ("Possible values are: 5.", None),  # one value is no list
        ("Valid values 10 to 1", None),
        ("Possible values are: `a`, `b`.", None),
        ("Possible values are: 0, 1, or a custom value.", None),
        ("The number of days, for example 1, 2 or 3.", None),
    ],
)
def test_allowed_values(text: str, allowed: tuple[set[int] | None, object] | None) -> None:
    got = allowed_values(text)
    if allowed is None:
        assert got is None
    else:
        assert got is not None and (set(got[0]) if got[0] is not None else None, got[1]) == allowed


CSDL = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="widgetStatus">
        <Member Name="active" Value="0" />
        <Member Name="{retired}" Value="1" />
      </EnumType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


@pytest.mark.parametrize(
    ("service", "severity", "says"),
    [
        ("archived", Severity.ERROR, "it has archived, which the table lacks"),
        ("Retired", Severity.WARNING, "spells the member Retired"),
        ("unknownFutureValue", Severity.INFO, "the metadata may lag the docs"),
        (None, Severity.INFO, "the metadata may lag the docs"),
    ],
)
def test_csdl_enum_member_missing(
    service: str | None, severity: Severity, says: str, here: Path
) -> None:
    """resources/enums.md:1769: attributeFlowType lists restId where the service has
    ValueAddOnly and AttributeAddOnly (an error); :1818 spells unknownFutureValue where the
    service says UnknownFutureValue (a warning); riskEventType's table lists five members more
    than the USNat metadata, and lacks none of its members but the sentinel (info: it may lag)."""
    metadata = here / "small.csdl"
    member = '        <Member Name="{retired}" Value="1" />\n'
    text = CSDL.replace(member, "") if service is None else CSDL.replace("{retired}", service)
    metadata.write_text(text, encoding="utf-8")
    pages = write_docs(here)
    findings = _of(lint(here, (), metadata), "csdl-enum-member-missing")
    assert [(d.severity, d.source.line) for d in findings] == [
        (severity, _line(pages, W, "|retired|"))
    ]
    assert says in findings[0].message


def test_csdl_enum_members_all_there(here: Path) -> None:
    metadata = here / "small.csdl"
    metadata.write_text(CSDL.replace("{retired}", "retired"), encoding="utf-8")
    assert not _of(lint(here, (), metadata), "csdl-enum-member-missing")
    assert not _of(lint(here, ()), "csdl-enum-member-missing")  # no metadata: nothing to compare


# --- the corpus pages the defects were read on, and clean ones (a few pages: not the corpus
# marker's whole-corpus runs)

RECALL_RULES = {
    "example-url-placeholder",
    "enum-duplicate",
    "example-value-unlisted",
    "example-placeholder-value",
}


def _corpus(*pages: str) -> dict[str, set[tuple[str, int]]]:
    findings = run_lint(LintOptions(paths=tuple(BETA / p for p in pages), root=BETA))
    out: dict[str, set[tuple[str, int]]] = {}
    for d in findings:
        if d.rule in RECALL_RULES:
            out.setdefault(d.rule, set()).add((d.source.file, d.source.line))
    return out


@needs_corpus()
def test_corpus_defects_reported() -> None:
    found = _corpus(
        "api/intune-apps-macosmicrosoftedgeapp-update.md",
        "resources/intune-apps-macosmicrosoftedgeapp.md",
        "api/range-entirecolumn.md",
        "resources/workbookrange.md",
        "resources/workbookicon.md",
        "api/icon-update.md",
        "resources/enums.md",
    )
    edge = "api/intune-apps-macosmicrosoftedgeapp-update.md"
    assert {(edge, 85)} <= found["example-url-placeholder"]
    assert {(edge, 105), (edge, 144)} <= found["example-value-unlisted"]
    assert {("api/range-entirecolumn.md", 60), ("api/icon-update.md", 58)} <= found[
        "example-url-placeholder"
    ]
    assert {("api/range-entirecolumn.md", 94), ("api/icon-update.md", 63)} <= found[
        "example-placeholder-value"
    ]
    lines = {line for page, line in found["enum-duplicate"] if page == "resources/enums.md"}
    assert lines == {861, 1645, 1656, 1668, 1715, 1735, 1818}


@needs_corpus()
def test_corpus_clean_pages_quiet() -> None:
    """Pages read in full and found clean of these defects: real ids in their URLs
    (a group's GUID, ``/users``, ``/me/drive/root``), a message id in angle brackets, the
    callRecords enums each defined once."""
    assert not _corpus(
        "api/group-get.md",
        "api/user-list.md",
        "api/driveitem-get.md",
        "api/message-createreply.md",
        "resources/enums-callrecords.md",
    )


def test_recall_bench_lints_with_metadata(here: Path) -> None:
    """bench/lint_recall.py report --metadata PATH: the csdl-* rules report too."""
    path = Path(__file__).resolve().parents[1] / "bench" / "lint_recall.py"
    spec = importlib.util.spec_from_file_location("lint_recall", path)
    assert spec is not None and spec.loader is not None
    bench: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    metadata = here / "small.csdl"
    metadata.write_text(CSDL.replace("{retired}", "archived"), encoding="utf-8")
    write_docs(here)
    rules = {
        f["rule"] for f in bench._findings(Path("docs"), None, metadata)["docs/resources/widget.md"]
    }
    assert "csdl-enum-member-missing" in rules
    without = bench._findings(Path("docs"), None)["docs/resources/widget.md"]
    assert not any(f["rule"].startswith("csdl-") for f in without)
