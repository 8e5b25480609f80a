"""The nullability policy (issue 17, item 7), against a list page served on 127.0.0.1.

Without metadata the docs decide what is nullable, but a null where they promise none does not
fail a response: the field stays UNSET, the null is kept in ``additional_data`` (so ``to_dict``
gives back what came) and ``validate()`` reports it.  With ``--metadata`` the CSDL decides
nullability for each single-valued property it defines.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import typing
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support import LoopbackServer, Reply

ROWS = """\
|id|String|The identifier. Not nullable. Read-only.|
|usageLocation|String|A two-letter country code. Not nullable.|
|seats|Int32|How many seats. Not nullable.|
|nickname|String|A nickname.|
|tags|String collection|Tags. Not nullable.|
"""

RESOURCE = f"""---
title: "gadget resource type"
description: "A gadget."
doc_type: resourcePageType
---

# gadget resource type

Namespace: microsoft.graph

A gadget.

## Properties
|Property|Type|Description|
|:---|:---|:---|
{ROWS}"""

LIST_PAGE = """---
title: "List gadgets"
description: "List the gadgets."
doc_type: apiPageType
---

# List gadgets

Namespace: microsoft.graph

List the gadgets.

## HTTP request
<!-- { "blockType": "ignored" } -->
``` http
GET /gadgets
```

## Request body
Do not supply a request body for this method.

## Response
If successful, this method returns a `200 OK` response code and a collection of [gadget](../resources/gadget.md) objects in the response body.
"""

# The service's word: usageLocation is nullable, nickname is not, seats is not (as the docs say).
CSDL = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
      </EntityType>
      <EntityType Name="gadget" BaseType="microsoft.graph.entity">
        <Property Name="usageLocation" Type="Edm.String"/>
        <Property Name="seats" Type="Edm.Int32" Nullable="false"/>
        <Property Name="nickname" Type="Edm.String" Nullable="false"/>
        <Property Name="tags" Type="Collection(Edm.String)" Nullable="false"/>
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""

PAGE = {
    "value": [
        {"id": "g1", "usageLocation": "NO", "seats": 2, "nickname": "a", "tags": ["x"]},
        {"id": "g2", "usageLocation": None, "seats": None, "nickname": None, "tags": None},
    ]
}


def _generate(tmp: Path, package: str, *extra: str) -> Path:
    docs = tmp / "docs"
    pages = (("resources", "gadget.md", RESOURCE), ("api", "gadget-list.md", LIST_PAGE))
    for folder, name, text in pages:
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / name).write_text(text, encoding="utf-8")
    out = tmp / "out"
    run = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", str(docs), "--out", str(out),
         "--package", package, "--no-cache", *extra],
        check=False, capture_output=True, text=True, cwd=tmp, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    srv.route("GET", "/beta/gadgets", Reply(body=PAGE))
    yield srv
    srv.close()


@pytest.fixture(scope="module", params=["docs", "metadata"])
def pkg(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    tmp = tmp_path_factory.mktemp(str(request.param))
    extra: tuple[str, ...] = ()
    if request.param == "metadata":
        (tmp / "beta.csdl").write_text(CSDL, encoding="utf-8")
        extra = ("--metadata", str(tmp / "beta.csdl"))
    name = f"gadgets_{request.param}_{uuid.uuid4().hex[:8]}"
    out = _generate(tmp, name, *extra)
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(name)
        module.nullability_source = request.param
        yield module
    finally:
        sys.path.remove(str(out))
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]


def _hints(pkg: ModuleType) -> dict[str, Any]:
    gadget = pkg.models.Gadget
    module = sys.modules[gadget.__module__]
    return typing.get_type_hints(gadget, vars(module))


def test_a_list_page_with_unexpected_nulls_decodes(pkg: ModuleType, server: LoopbackServer) -> None:
    with pkg.GraphClient(server.url + "/beta", token="t") as client:
        first, second = list(client.gadgets.list())
    assert (first.id, first.usage_location, first.seats, first.tags) == ("g1", "NO", 2, ["x"])
    assert first.additional_data == {}
    # not one item of the page is lost; what came back is what was sent
    assert second.id == "g2" and second.to_dict() == PAGE["value"][1]
    not_nullable = {"seats", "tags"} | (
        {"nickname"} if pkg.nullability_source == "metadata" else {"usageLocation"}
    )
    for wire in ("usageLocation", "seats", "nickname", "tags"):
        field = {"usageLocation": "usage_location"}.get(wire, wire)
        if wire in not_nullable:  # the field keeps its type: UNSET, the null beside it
            assert getattr(second, field) is pkg.UNSET and second.additional_data[wire] is None
        else:
            assert getattr(second, field) is None and wire not in second.additional_data
    # validate() still says where the docs (or the service) were contradicted
    issues = {i.path for i in pkg.validate("microsoft.graph.gadget", PAGE["value"][1])}
    assert issues == {"/" + w for w in not_nullable}


def test_the_annotations_say_what_decides(pkg: ModuleType) -> None:
    hints = _hints(pkg)
    nullable = {name for name, hint in hints.items() if type(None) in typing.get_args(hint)}
    expected = {"nickname"} if pkg.nullability_source == "docs" else {"usage_location"}
    assert nullable & {"usage_location", "seats", "nickname", "tags"} == expected
