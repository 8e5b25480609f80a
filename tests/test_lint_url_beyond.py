"""example-url-mismatch on examples that go past their page's templates in ways no page means
(issue 17: the request examples the client could not rebuild and lint did not explain), on
the clean widget set of test_lint_rules.py. Each case names the beta page that showed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_lint_precision import _findings
from tests.test_lint_rules import ARCHIVE, ARCHIVE_PAGE, ID, D, G, U

RULE = "example-url-mismatch"


def test_an_item_example_on_a_page_whose_templates_end_at_the_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/educationschool-get.md:56: GET /education/schools, the example gets schools/10001."""
    monkeypatch.chdir(tmp_path)
    [found] = _findings(tmp_path, ((G, "GET /widgets/{widgetId}", "GET /widgets"),), RULE)
    assert f"addresses one item ('{ID}')" in found
    assert found.startswith("docs/api/widget-get.md:")
    # the item template written: the same example fits
    assert _findings(tmp_path, (), RULE) == []


def test_an_example_continuing_after_the_function_its_template_ends_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/reportroot-getm365appusercounts.md:107: the template ends at
    getM365AppUserCounts(period='{period_value}'), the example reads .../content."""
    monkeypatch.chdir(tmp_path)
    template = ((G, "GET /widgets/{widgetId}", "GET /widgets/report(period='{period_value}')"),)
    called = (G, f"v1.0/widgets/{ID}", "v1.0/widgets/report(period='D7')")
    assert _findings(tmp_path, (*template, called), RULE) == []
    beyond = (G, f"v1.0/widgets/{ID}", "v1.0/widgets/report(period='D7')/content")
    [found] = _findings(tmp_path, (*template, beyond), RULE)
    assert "continues after the function call 'report(period='D7')' with '/content'" in found


def test_a_sub_resource_of_an_item_template_is_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/organizationalbrandingproperties-get.md:219 (.../branding/bannerLogo), a property of
    the resource: another operation a page may show on purpose."""
    monkeypatch.chdir(tmp_path)
    edits = ((G, f"v1.0/widgets/{ID}", f"v1.0/widgets/{ID}/part"),)
    assert _findings(tmp_path, edits, RULE) == []
    collection = ((G, "GET /widgets/{widgetId}", "GET /widgets"),)
    named = (G, f"v1.0/widgets/{ID}", "v1.0/widgets/part")
    assert _findings(tmp_path, (*collection, named), RULE) == []


def test_a_delete_example_with_a_body(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """api/serviceprincipal-delete-owners.md:62: DELETE .../owners/{id}/$ref with
    {"@odata.id": ...}; the same body on a POST is no finding."""
    monkeypatch.chdir(tmp_path)
    body = '\nContent-Type: application/json\n\n{"@odata.id": "https://graph.microsoft.com/v1.0/x/1"}'
    delete = f"DELETE https://graph.microsoft.com/v1.0/widgets/{ID}"
    [found] = _findings(tmp_path, ((D, delete, delete + body),), "example-body-not-sent")
    assert "this DELETE example has a request body" in found
    assert found.startswith(f"{D}:")
    assert _findings(tmp_path, (), "example-body-not-sent") == []


def test_a_method_the_templates_write_is_no_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/organizationalbrandingproperties-update.md:191: the page writes PATCH and PUT for
    its path (the operation keeps PATCH); its PUT example is one of them."""
    monkeypatch.chdir(tmp_path)
    both = ("PATCH /widgets/{widgetId}", "PATCH /widgets/{widgetId}\nPUT /widgets/{widgetId}")
    put = ("PATCH https://graph", "PUT https://graph")
    assert _findings(tmp_path, ((U, *both), (U, *put)), "example-method-mismatch") == []
    [found] = _findings(tmp_path, ((U, *put),), "example-method-mismatch")
    assert "sends PUT to the page's URL, but its HTTP request section writes PATCH" in found


def test_an_action_whose_table_lists_its_parameters_is_no_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The widget archive page tables ``reason``: its example's body is documented."""
    monkeypatch.chdir(tmp_path)
    page = ((ARCHIVE, None, ARCHIVE_PAGE),)
    assert _findings(tmp_path, page, "action-body-undocumented") == []
    untabled = ARCHIVE_PAGE.replace("|reason|String|Why the widget is archived.|", "")
    [found] = _findings(tmp_path, ((ARCHIVE, None, untabled),), "action-body-undocumented")
    lines = untabled.split("\n")
    body_line = next(i for i, t in enumerate(lines, 1) if t == "{" and '"reason"' in lines[i])
    assert found.startswith(f"{ARCHIVE}:{body_line}:")
    assert "the example sends reason" in found


def test_a_body_where_the_page_says_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """api/workbook-closesession.md:60: "This API does not require any request body." and an
    example sending {}; the get page says "Don't supply a request body" and sends none."""
    monkeypatch.chdir(tmp_path)
    assert _findings(tmp_path, (), "example-body-unexpected") == []
    says = ARCHIVE_PAGE.replace(
        "In the request body, supply a JSON object with the following parameters.",
        "This API does not require any request body.",
    )
    [found] = _findings(tmp_path, ((ARCHIVE, None, says),), "example-body-unexpected")
    lines = says.split("\n")
    body_line = next(i for i, t in enumerate(lines, 1) if t == "{" and '"reason"' in lines[i])
    assert found.startswith(f"{ARCHIVE}:{body_line}:")
    assert "says 'does not require any request body'" in found
    # an empty object sends nothing (workbook-closesession.md:60: {} under Content-length: 0)
    empty = says.replace('{\n  "reason": "Retired by the owner."\n}', "{}")
    assert empty != says
    assert _findings(tmp_path, ((ARCHIVE, None, empty),), "example-body-unexpected") == []
