"""Issue 9, item 9: where pages spell a property two ways, the generated package reads both
spellings and writes one; with the service's CSDL configured, the CSDL's spelling is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support import import_temp_package, run_cli

CSDL = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="exactMatchSessionBase" BaseType="graph.entity">
        <Property Name="dataStoreId" Type="Edm.String" />
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def _generate(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, str]:
    shutil.copytree(ROOT / "spec" / "docs", tmp_path / "docs", dirs_exist_ok=True)
    (tmp_path / "service.csdl").write_text(CSDL, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli(["generate", "docs", "--out", str(out), *extra], tmp_path, capsys)
    assert code == 0, err
    pkg = out / "graph_client"
    return {
        p.relative_to(pkg).as_posix(): p.read_text(encoding="utf-8")
        for p in pkg.rglob("*.*")
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("extra", "written", "field"),
    [
        ((), "datastoreId", "datastore_id"),
        (("--metadata", "service.csdl"), "dataStoreId", "data_store_id"),
    ],
    ids=["resource-page-wins", "csdl-decides"],
)
def test_both_spellings_read_one_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: tuple[str, ...],
    written: str,
    field: str,
) -> None:
    files = _generate(tmp_path, capsys, *extra)
    with import_temp_package(tmp_path, files, "models") as models:
        for spelling in ("datastoreId", "dataStoreId"):
            session = models.ExactMatchSession.from_dict({spelling: "store-1"})
            assert getattr(session, field) == "store-1"
            assert session.additional_data == {}
            assert session.to_dict() == {written: "store-1"}
    with import_temp_package(tmp_path, files, "validators") as validators:
        body = {written: "store-1", "fileName": "rows.csv"}
        assert validators.validate_request("exactmatchdatastore-post-sessions", body) == []


def test_metadata_that_cannot_be_read_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "spec" / "docs", tmp_path / "docs")
    code, _, err = run_cli(["generate", "docs", "--metadata", "nope.csdl"], tmp_path, capsys)
    assert code == 2 and "nope.csdl" in err and "Traceback" not in err
