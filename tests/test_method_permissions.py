"""A method's docstring names the permissions its page's Permissions table lists (issue 17: the
IR's permissions were read by nothing), leaving out "Not supported." and placeholders."""

from __future__ import annotations

import inspect
from pathlib import Path

from codegen import conformance
from codegen.generate.doc_text import permissions_text
from tests.conftest import ROOT
from tests.test_client_paths import api_page

PERMISSIONS = """
## Permissions
|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.Read, Widget.ReadWrite.All|
|Delegated (personal Microsoft account)|Not supported.|
|Application|**TODO: Determine AppOnly scopes**|
"""


def test_placeholders_and_unsupported_types_say_nothing() -> None:
    rows = [
        ("Delegated (work or school account)", ("User.Read", "Directory.Read.All")),
        ("Delegated (personal Microsoft account)", ("Not supported.",)),
        ("Application", ("TODO: Determine AppOnly scopes",)),
        ("Application ", ("User.Read.All",)),
    ]
    assert permissions_text(rows) == (
        "Delegated (work or school account): User.Read, Directory.Read.All;"
        " Application: User.Read.All"
    )
    assert permissions_text([("Application", ("TODO: Provide applicable permissions.",))]) == ""


def test_the_generated_method_says_which_permissions_it_needs(tmp_path: Path) -> None:
    page = api_page(
        "Get widget",
        ["GET /widgets/{id}"],
        "GET https://graph.microsoft.com/beta/widgets/1",
        extra=PERMISSIONS,
    )
    (tmp_path / "docs" / "api").mkdir(parents=True)
    (tmp_path / "docs" / "api" / "widget-get.md").write_text(page, encoding="utf-8")
    conformance.generate_with_cli([tmp_path / "docs"], tmp_path / "out", "permpkg", cwd=ROOT)
    package = conformance.import_package(tmp_path / "out", "permpkg")
    try:
        client = package.GraphClient("https://graph.microsoft.com/beta", token="t")
        doc = " ".join((inspect.getdoc(client.widgets.by_id("1").get) or "").split())
    finally:
        conformance.forget_package(tmp_path / "out", "permpkg")
    assert (
        "Permissions: Delegated (work or school account): Widget.Read, Widget.ReadWrite.All." in doc
    )
    assert "Not supported" not in doc and "TODO" not in doc
