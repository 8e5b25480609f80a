"""Issue 18's rules beyond their one case in test_lint_rules.py: the variants each reports, the
false positives read on the beta corpus that must stay quiet (each names the page that showed
it), odd input that must not crash them, and their scanners linear in the text (the time for
2n at most RATIO times the time for n).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.lint.rules import links, requests, status
from codegen.lint.rules.annotations_values import problem
from codegen.lint.rules.front_matter import title_name
from codegen.lint.runner import LintOptions, run_lint
from tests.test_lint_rules import (
    ARCHIVE,
    ARCHIVE_PAGE,
    DN,
    ID,
    D,
    Edit,
    G,
    L,
    W,
    write_docs,
)

WP = "docs/resources/widgetpart.md"
WIDGET_LINK = "](../resources/widget.md)"


def lint(root: Path, edits: tuple[Edit, ...], docs: str = "docs") -> list[Diagnostic]:
    write_docs(root, edits)
    return run_lint(LintOptions(paths=(Path(docs),)))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _of(findings: list[Diagnostic], rule: str) -> list[Diagnostic]:
    return [d for d in findings if d.rule == rule]


# --- what each rule reports


class Fires(NamedTuple):
    rule: str
    edits: tuple[Edit, ...]
    severity: Severity
    says: str  # a part of the message


FIRES: dict[str, Fires] = {
    # api/organizationalbrandingproperties-update.md:60: the prose's "`204 OK`"
    "status-in-prose": Fires(
        "status-text-mismatch",
        ((D, "`204 No Content`", "`204 OK`"),),
        Severity.WARNING,
        "'OK' is the reason phrase of 200, not of 204",
    ),
    # api/post-post-attachments.md:116: a misspelt phrase
    "status-misspelt": Fires(
        "status-text-mismatch",
        ((D, "HTTP/1.1 204 No Content", "HTTP/1.1 204 No Contnet"),),
        Severity.WARNING,
        "is not the reason phrase of 204",
    ),
    # api/accessreview-listmydecisions.md:81
    "is-collection-string": Fires(
        "annotation-value-type",
        ((L, '"truncated": true', '"truncated": true, "isCollection": "true"'),),
        Severity.WARNING,
        '"isCollection": "true" is a string',
    ),
    "odata-type-not-a-string": Fires(
        "annotation-value-type",
        ((G, '"@odata.type": "microsoft.graph.widget" }', '"@odata.type": 7 }'),),
        Severity.WARNING,
        '"@odata.type" takes a string, not a number',
    ),
    # api/alert-updatealerts.md:76: a type name in an action body
    "action-type-name": Fires(
        "action-body-placeholder",
        ((ARCHIVE, None, ARCHIVE_PAGE.replace("Retired by the owner.", "String")),),
        Severity.WARNING,
        "the type name 'String'",
    ),
    # api/ediscovery-custodian-post-unifiedgroupsources.md:36: an opaque id
    "template-opaque-id": Fires(
        "template-hardcoded-key",
        ((G, "GET /widgets/{widgetId}", "GET /widgets/2192ca408ea2410eba3bec8ae873be6b"),),
        Severity.ERROR,
        "an opaque id as a key",
    ),
    # api/reportroot-getteamsdeviceusageuserdetail.md:36: a function argument's value
    "template-argument": Fires(
        "template-hardcoded-key",
        ((G, "GET /widgets/{widgetId}", "GET /widgets/report(date=2017-09-01)"),),
        Severity.WARNING,
        "a date as an argument (2017-09-01)",
    ),
    # api/application-delete-tokenlifetimepolicies.md:16: the page's name in another case
    "link-case": Fires(
        "link-broken",
        ((G, WIDGET_LINK, "](../resources/Widget.md)"),),
        Severity.WARNING,
        "which is spelled resources/widget.md",
    ),
    # api/conditionalaccessroot-list-authenticationcontextclassreferences.md:51
    "link-backslashes": Fires(
        "link-broken",
        ((G, WIDGET_LINK, "](..\\resources\\widget.md)"),),
        Severity.WARNING,
        "backslashes",
    ),
    "reference-definition": Fires(
        "link-broken",
        ((G, "## Permissions", "[w]: ../resources/widgets.md\n\n## Permissions"),),
        Severity.WARNING,
        "not in the doc set",
    ),
    "fragment-on-this-page": Fires(
        "link-fragment-broken",
        ((G, "## Permissions", "See [below](#permission).\n\n## Permissions"),),
        Severity.WARNING,
        "this page has no heading or anchor '#permission'",
    ),
    "fragment-case": Fires(
        "link-fragment-broken",
        ((G, "## Permissions", "See [below](#Permissions).\n\n## Permissions"),),
        Severity.WARNING,
        "(anchors are lower-case)",
    ),
    # resources/actionresultpart.md:2: the title names another type
    "title-names-another": Fires(
        "resource-name-mismatch",
        ((W, 'title: "widget resource type"', 'title: "gadget resource type"'),),
        Severity.WARNING,
        "the title says gadget",
    ),
    # resources/fallbackpolicy.md:10: the annotation cases the name otherwise
    "annotation-cased-otherwise": Fires(
        "resource-name-mismatch",
        ((W, "# widget resource type", "# wiDget resource type"),),
        Severity.WARNING,
        "cased differently",
    ),
}


@pytest.mark.parametrize("case", sorted(FIRES))
def test_rule_reports(case: str, here: Path) -> None:
    fires = FIRES[case]
    hits = _of(lint(here, fires.edits), fires.rule)
    assert hits, case
    assert {d.severity for d in hits} == {fires.severity}
    assert any(fires.says in d.message for d in hits), [d.message for d in hits]


# --- false positives read on beta, and what must stay quiet


class Quiet(NamedTuple):
    rule: str
    edits: tuple[Edit, ...]
    docs: str = "docs"


QUIET: dict[str, Quiet] = {
    # api/accessreview-update.md: "No content", "NoContent" are the phrase, spaced and cased
    "status-case-and-spaces": Quiet(
        "status-text-mismatch",
        (
            (D, "HTTP/1.1 204 No Content", "HTTP/1.1 204 NoContent"),
            (D, "`204 No Content`", "`204 No content` response code"),
        ),
    ),
    # api/drive-get.md:226: a list of names is a name
    "annotation-name-list": Quiet(
        "annotation-value-type", ((G, '"name": "get_widget"', '"name": ["get_widget", "b"]'),)
    ),
    # resources/aggregationoption.md:30: "baseType": null
    "annotation-null-base-type": Quiet(
        "annotation-value-type",
        ((W, '"keyProperty": "id"', '"keyProperty": "id", "baseType": null'),),
    ),
    # api/widget-post (create/update bodies are example-placeholder-value's)
    "create-body": Quiet(
        "action-body-placeholder",
        (("docs/api/widget-post.md", '"active",\n  "part"', '"String",\n  "part"'),),
    ),
    # api/fido2authenticationmethodconfiguration-delete.md: a well-known key is a name
    "template-named-key": Quiet(
        "template-hardcoded-key", ((G, "GET /widgets/{widgetId}", "GET /widgets/fido2"),)
    ),
    # api/todotask-delta.md:82: an "HTTP Request" heading under the examples is an example
    "example-under-http-request-heading": Quiet(
        "template-hardcoded-key",
        ((G, "### Request\n", f"### HTTP request\n```http\nGET /widgets/{ID}\n```\n\n"),),
    ),
    # a "truncated": false response that leaves out what the docs say is not returned
    "untruncated-select-only": Quiet(
        "example-untruncated-incomplete",
        (
            (G, '"truncated": true', '"truncated": false'),
            (G, '  "size": 42,\n', ""),
            (
                W,
                "|size|Int32|The size of the widget, in millimetres.|",
                "|size|Int32|The size. Not returned by default; use `$select`.|",
            ),
        ),
    ),
    # api/conditionalaccessroot-list-policies.md:96: a property the docs call "Not used"
    "untruncated-not-used": Quiet(
        "example-untruncated-incomplete",
        (
            (G, '"truncated": true', '"truncated": false'),
            (G, '  "size": 42,\n', ""),
            (W, "|size|Int32|The size of the widget, in millimetres.|", "|size|Int32|Not used.|"),
        ),
    ),
    "null-where-the-docs-say-nothing": Quiet(
        "example-null-not-nullable", ((G, DN, '"displayName": null,'),)
    ),
    # api/*: links into includes and concepts, images, other sites: not the doc set's to tell
    "links-outside-the-doc-set": Quiet(
        "link-broken",
        (
            (
                G,
                "## Permissions",
                (
                    "[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n"
                    "See [p](/graph/permissions-reference), [i](../images/x.png), "
                    "[c](../concepts/x.md), [s](https://example.com/a_(b)) and "
                    "[v](/graph/api/resources/gadget?view=graph-rest-beta).\n\n## Permissions"
                ),
            ),
        ),
    ),
    # resources/*: explicit anchors and repeated headings are anchors too
    "explicit-and-repeated-anchors": Quiet(
        "link-fragment-broken",
        (
            (
                G,
                "## Permissions",
                (
                    '## <a name="perms"></a>Permissions (v2)\n\n[a](#perms), [b](#permissions-v2), '
                    "[c](#request-1), [d](#tab/http), [e](../resources/widget.md#widgetstatus-values)"
                    "\n\n## Permissions"
                ),
            ),
            (G, "### Response\n", "### Request\n\n### Response\n"),
        ),
    ),
    # method-link-broken reports the Methods table's links to missing pages, once
    "methods-table-link": Quiet("link-broken", ((W, "widget-delete.md", "widget-remove.md"),)),
    # api/*-intune-*.md: the disclaimer's text written out counts
    "disclaimer-written-out": Quiet(
        "beta-disclaimer-missing",
        (
            (
                "docs/beta/api/widget-delete.md",
                None,
                (
                    "---\ntitle: Delete widget\ndoc_type: apiPageType\n---\n# Delete widget\n\n"
                    "> **Important:** Microsoft Graph APIs under the /beta version are subject to "
                    "change; production use is not supported.\n"
                ),
            ),
        ),
    ),
    # a project kept in a folder named beta is not a beta doc set
    "project-under-a-beta-folder": Quiet("beta-disclaimer-missing", (), docs="docs"),
    # resources/folder.md:10: "# Folder resource type" capitalises what it displays
    "heading-capitalised": Quiet(
        "resource-name-mismatch",
        (
            (W, "# widget resource type", "# Widget resource type"),
            (W, 'title: "widget resource type"', 'title: "Widget"'),
        ),
    ),
    # resources/resourcedata.md:56: a documented @odata.type property holds another type
    "odata-type-property": Quiet(
        "resource-name-mismatch",
        (
            (WP, "|label|String|", "|@odata.type|String|The type of the part.|\n|label|String|"),
            (WP, '{"label": "String"', '{"@odata.type": "#microsoft.graph.lid", "label": "String"'),
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(QUIET))
def test_quiet(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = QUIET[case]
    root = tmp_path / "beta" / "project" if case == "project-under-a-beta-folder" else tmp_path
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(root)
    found = _of(lint(root, quiet.edits, quiet.docs), quiet.rule)
    assert found == [], [str(d) for d in found]


def test_a_doc_set_in_a_folder_named_beta_is_beta(here: Path) -> None:
    write_docs(here)
    (here / "docs").rename(here / "beta")
    found = _of(run_lint(LintOptions(paths=(Path("beta"),))), "beta-disclaimer-missing")
    assert len(found) == len(list(here.glob("beta/*/*.md")))
    assert {d.suggestion for d in found} == {
        "[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]"
    }


def test_docs_links_map_to_the_beta_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/graph/api/... and learn.microsoft.com links with view=graph-rest-beta are the pages of
    a doc set in a folder named beta; other views and unversioned links are not told."""
    monkeypatch.chdir(tmp_path)
    text = (
        "See [a](/graph/api/resources/widgets?view=graph-rest-beta), "
        "[b](https://learn.microsoft.com/en-us/graph/api/widget-gett?view=graph-rest-beta#x), "
        "[c](https://docs.microsoft.com/graph/api/resources/widget?view=graph-rest-beta#nope), "
        "[d](/graph/api/resources/widgets?view=graph-rest-1.0), [e](/graph/api/resources/widgets), "
        "[f](/graph/api/widget-get?view=graph-rest-beta#permissions).\n\n## Permissions"
    )
    write_docs(tmp_path, ((G, "## Permissions", text),))
    (tmp_path / "docs").rename(tmp_path / "beta")
    found = run_lint(LintOptions(paths=(Path("beta"),)))
    broken = {(d.rule, d.message.split("'")[1]) for d in found if d.rule.startswith("link-")}
    assert broken == {
        ("link-broken", "/graph/api/resources/widgets?view=graph-rest-beta"),
        (
            "link-broken",
            "https://learn.microsoft.com/en-us/graph/api/widget-gett?view=graph-rest-beta#x",
        ),
        (
            "link-fragment-broken",
            "https://docs.microsoft.com/graph/api/resources/widget?view=graph-rest-beta#nope",
        ),
    }


def test_a_link_to_a_page_is_found_once_a_page(here: Path) -> None:
    found = _of(
        lint(here, ((W, "[widgetPart](widgetpart.md)", "[widgetPart](widgetparts.md)"),)),
        "link-broken",
    )
    assert len(found) == 1


def test_placeholders_are_once_a_page(here: Path) -> None:
    body = '{\n  "reason": "reason-value",\n  "note": "note-value"\n}'
    page = ARCHIVE_PAGE.replace('{\n  "reason": "Retired by the owner."\n}', body)
    (found,) = _of(lint(here, ((ARCHIVE, None, page),)), "action-body-placeholder")
    assert "2 placeholders" in found.message


@pytest.mark.parametrize(
    ("code", "phrase", "wrong"),
    [
        (204, "OK", True),
        (201, "No Content", True),
        (200, "Success", True),
        (302, "Found", False),
        (207, "Multi-Status", False),
        (413, "Request Entity Too Large", False),
        (204, "No Content response code", False),
        (299, "Whatever", False),  # a code the table does not know
        (204, "", False),
    ],
)
def test_reason_phrases(code: int, phrase: str, wrong: bool) -> None:
    assert (status.mismatch(code, phrase) is not None) is wrong


@pytest.mark.parametrize(
    ("key", "value", "wrong"),
    [
        ("isCollection", "true", True),
        ("truncated", 1, True),
        ("truncated", False, False),
        ("@odata.type", None, True),
        ("optionalProperties", "a", True),
        ("optionalProperties", ["a", 1], True),
        ("optionalProperties", [], False),
        ("name", ["a"], False),
        ("name", 3, True),
        ("somethingElse", 3, False),
    ],
)
def test_annotation_types(key: str, value: object, wrong: bool) -> None:
    assert (problem(key, value) is not None) is wrong


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (ID, "a GUID"),
        ("123", "a number"),
        ("'2017-01-01'", "a date"),
        ("2192ca408ea2410eba3bec8ae873be6b", "an opaque id"),
        ("gDbc8U7HGwADDZocJgAAAA==", "an opaque id"),
        ("{id}", None),
        ("fido2", None),
        ("importOffice365DeviceConfigurationPolicies", None),
        ("b2cAuthenticationMethodsPolicy", None),
        ("'month'", None),
    ],
)
def test_hardcoded_values(value: str, kind: str | None) -> None:
    assert requests.hardcoded(value) == kind


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Example 1: Get a widget", "example-1-get-a-widget"),
        ("widgetStatus values", "widgetstatus-values"),
        ('<a name="x"></a>Request (v2.0)', "request-v20"),
        ("Use `$select` with [widgets](widget.md)", "use-select-with-widgets"),
        ("snake_case and _emphasis_", "snake_case-and-emphasis"),
    ],
)
def test_heading_anchors(heading: str, anchor: str) -> None:
    assert links.anchor(heading) == anchor


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("widget resource type", "widget"),
        ("microsoft.graph.widget resource type", "widget"),
        ("AccessAction", "AccessAction"),
        ("Working with widgets", None),
        ("", None),
    ],
)
def test_title_names(title: str, name: str | None) -> None:
    assert title_name(title) == name


# --- odd input: no crash, no traceback


ODD: dict[str, tuple[Edit, ...]] = {
    "empty-page": (("docs/api/empty.md", None, ""),),
    "only-front-matter": (("docs/resources/x.md", None, "---\ntitle: x\n---\n"),),
    "links-everywhere": (
        (
            G,
            "## Permissions",
            "[](), [a](#), [b](<>), [c](../), [d](..), [e](%zz.md), ](\n\n## Permissions",
        ),
    ),
    "odd-annotation": (
        (G, '"name": "get_widget"', '"name": {"a": [1]}, "optionalProperties": {"x": 1}'),
    ),
    "odd-status-lines": ((D, "HTTP/1.1 204 No Content", "HTTP/1.1 2x4\nHTTP/\nHTTP/1.1 999 Nope"),),
    "deep-json-null": ((G, DN, '"part": ' + "[" * 200 + "null" + "]" * 200 + ","),),
    "odd-templates": (
        (G, "GET /widgets/{widgetId}", "GET /widgets/(((\nGET\nget /x\nPOST //a(=,=)"),
    ),
}


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_input_does_not_crash(case: str, here: Path) -> None:
    lint(here, ODD[case])  # raises on a crash


# --- linear time: each scanner on text made to make a backtracking or rescanning one slow

RATIO = 3.5  # t(2n) / t(n): linear is 2, quadratic 4 (the machine is shared)


def _best(run: Callable[[], object]) -> float:
    """The best of five runs in CPU time of this process (``process_time``): the tests run on
    every core beside other work, and wall time counts theirs too."""
    best = float("inf")
    for _ in range(5):
        gc.collect()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


SCANNERS: dict[str, tuple[Callable[[str], object], Callable[[int], str], int]] = {
    "inline-targets-parens": (links.inline_targets, lambda n: "[a](x(" * n, 100_000),
    "inline-targets-openers": (links.inline_targets, lambda n: "](" * n + ")", 200_000),
    "inline-targets-angle": (links.inline_targets, lambda n: "](<" * n, 200_000),
    "targets-reference": (links._targets, lambda n: "[" + "a" * n + "]: " + "b" * n, 4_000_000),
    "explicit-anchors": (
        lambda t: list(links.explicit_anchors(t)),
        lambda n: "<a name" * n + ">",
        100_000,
    ),
    "explicit-anchors-open": (
        lambda t: list(links.explicit_anchors(t)),
        lambda n: "<a " * n,
        200_000,
    ),
    "anchor-tags": (links.anchor, lambda n: "<a" * n + ">" + "x " * n, 100_000),
    "anchor-lt": (links.anchor, lambda n: "<" * n + " _x_ " * n, 100_000),
    "docs-link": (links._docs_link, lambda n: "/graph/api/" + "a?view=&" * n, 100_000),
    "status-spans": (
        lambda t: [status._prose_status(s) for s in status._spans(t)],
        lambda n: "`204 " * n,
        200_000,
    ),
    "status-line": (status._status_line, lambda n: "HTTP/1.1 204" + " " * n + "x", 400_000),
    "template-pieces": (lambda t: list(requests._pieces(t)), lambda n: "/a(" + "b=1," * n, 100_000),
    "template-path": (requests._template_path, lambda n: "GET https://" + "a/" * n, 200_000),
    "hardcoded": (requests.hardcoded, lambda n: "1" * n + "x", 400_000),
    "title-name": (title_name, lambda n: "a" * n + " resource type", 400_000),
}


@pytest.mark.parametrize("name", sorted(SCANNERS))
def test_scanner_is_linear(name: str) -> None:
    scan, text, n = SCANNERS[name]
    small, large = text(n), text(2 * n)
    t1, t2 = _best(lambda: scan(small)), _best(lambda: scan(large))
    assert t2 <= RATIO * max(t1, 2e-3), f"{name}: t(n)={t1:.4f}s t(2n)={t2:.4f}s"


def test_lint_is_linear_in_a_page_of_links(tmp_path: Path) -> None:
    """A page of many links (to missing pages and fragments, repeated and not) through every rule."""

    def docs(n: int) -> Path:
        root = tmp_path / str(n)
        root.mkdir()
        many = " ".join(f"[x](../resources/w{i % 50}.md#f{i}) [y](#g{i})" for i in range(n))
        write_docs(root, ((G, "## Permissions", many + "\n\n## Permissions"),))
        return root

    small, large = docs(2_000), docs(4_000)
    t1 = _best(lambda: run_lint(LintOptions(paths=(small / "docs",), root=small)))
    t2 = _best(lambda: run_lint(LintOptions(paths=(large / "docs",), root=large)))
    assert t2 <= RATIO * t1, f"t(n)={t1:.3f}s t(2n)={t2:.3f}s"
