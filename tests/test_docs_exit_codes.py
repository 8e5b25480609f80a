"""Docs never make codegen fail with an internal error (exit 3): what they get wrong is a
finding (exit 0 or 1) or, where nothing can be generated from them, exit 2 naming the page.

Each case writes a small page set (the seeds plus the pages that reproduce it) and runs the real
CLI: ``lint``, ``generate`` and ``check``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.generate.layout import MAX_NAME_BYTES, MAX_PATH_BYTES
from tests.conftest import ROOT
from tests.support import Run, codegen_cli

SEEDS = ROOT / "spec" / "docs"
UPDATE = "api/exactmatchsession-update.md"
GET = "api/exactmatchsession-get.md"
GET_PATH = (
    "GET /dataClassification/exactMatchDataStores/{exactMatchDataStoreId}/sessions/"
    "{exactMatchSessionId}"
)


def resource(
    name: str,
    namespace: str = "microsoft.graph",
    *,
    title: str | None = None,
    odata_type: str | None = None,
    properties: str = "|id|String|The id.|\n|size|Int32|The size.|",
    base: str | None = None,
    body: str = '{\n  "id": "String",\n  "size": 1024\n}',
) -> str:
    """A resource page defining ``name`` in ``namespace``."""
    title = f"{name} resource type" if title is None else title
    odata_type = f"{namespace}.{name}" if odata_type is None else odata_type
    base_line = f',\n  "baseType": "{base}"' if base else ""
    return (
        f'---\ntitle: "{title}"\ndoc_type: resourcePageType\n---\n\n# {title}\n\n'
        f"Namespace: {namespace}\n\nA {name}.\n\n## Properties\n"
        f"|Property|Type|Description|\n|:---|:---|:---|\n{properties}\n\n"
        f'## JSON representation\n<!-- {{\n  "blockType": "resource",\n'
        f'  "@odata.type": "{odata_type}"{base_line}\n}}\n-->\n```json\n{body}\n```\n'
    )


Docs = Callable[[Path], None]


def pages(**files: str) -> Docs:
    """Add pages (path under the docs folder -> text)."""

    def write(docs: Path) -> None:
        for name, text in files.items():
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(text, encoding="utf-8")

    return write


def edit(page: str, old: str, new: str) -> Docs:
    """Replace text in a seed page."""

    def write(docs: Path) -> None:
        text = (docs / page).read_text(encoding="utf-8")
        assert old in text, (page, old)
        (docs / page).write_text(text.replace(old, new), encoding="utf-8")

    return write


def both(*changes: Docs) -> Docs:
    def write(docs: Path) -> None:
        for change in changes:
            change(docs)

    return write


def project(tmp_path: Path, change: Docs) -> Path:
    shutil.copytree(SEEDS, tmp_path / "docs")
    (tmp_path / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["docs"]\n')
    change(tmp_path / "docs")
    return tmp_path


def assert_honest(run: Run, *allowed: int) -> None:
    """Exit 0, 1 or 2 (as allowed), never an internal error or a traceback; exit 2 is one
    ``codegen: error:`` line naming a page of the docs folder."""
    assert "Traceback" not in run.out + run.err, run.err
    assert "internal error" not in run.err, run.err
    assert run.code in (allowed or (0, 1, 2)), (run.code, run.err)
    if run.code == 2:
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("codegen: error: docs/"), run.err


def run_all(root: Path) -> dict[str, Run]:
    """lint, generate, and check against what generate wrote."""
    runs = {
        "lint": codegen_cli(["lint", "docs"], cwd=root),
        "generate": codegen_cli(["generate", "docs", "--out", "gen"], cwd=root),
        "check": codegen_cli(["check", "docs", "--out", "gen"], cwd=root),
    }
    for run in runs.values():
        assert_honest(run)
    return runs


# --- (a) one bare type name in two namespaces ------------------------------------------------


WIDGETS = {
    "resources/widget.md": resource("widget", "microsoft.graph.a"),
    "resources/b-widget.md": resource("widget", "microsoft.graph.b"),
}
HOLDER = resource(
    "holder",
    properties="|w|widget|x|\n|v|widget collection|x|",
    body='{\n  "w": {"id": 5},\n  "v": [{"size": "x"}]\n}',
)

TWO_NAMESPACES: dict[str, Docs] = {
    "graph-and-callRecords": pages(
        **{
            "resources/widget.md": resource("widget"),
            "resources/callrecords-widget.md": resource("widget", "microsoft.graph.callRecords"),
        }
    ),
    # the validator refused the bare name ('ambiguous type name'): lint was exit 3
    "two-others": pages(**WIDGETS),
    "two-others-referenced": pages(**WIDGETS, **{"resources/holder.md": HOLDER}),
    "two-others-as-base": pages(**WIDGETS, **{"resources/sub.md": resource("sub", base="widget")}),
    "two-others-in-an-example": both(
        pages(**WIDGETS),
        edit(
            UPDATE,
            '"@odata.type": "microsoft.graph.classificationError"',
            '"@odata.type": "widget"',
        ),
    ),
}


@pytest.mark.parametrize("change", TWO_NAMESPACES.values(), ids=TWO_NAMESPACES.keys())
def test_a_bare_type_name_in_two_namespaces(tmp_path: Path, change: Docs) -> None:
    runs = run_all(project(tmp_path, change))
    assert runs["lint"].code == 1  # the seeds' own errors; the widgets' are findings too
    assert runs["generate"].code == 0 and runs["check"].code == 0, runs["check"].out


def test_both_widgets_are_validated_in_the_namespace_the_model_resolves(tmp_path: Path) -> None:
    root = project(tmp_path, pages(**WIDGETS, **{"resources/holder.md": HOLDER}))
    run = codegen_cli(["lint", "docs", "--format", "json"], cwd=root)
    assert_honest(run, 1)
    found = json.loads(run.out)["findings"]
    assert any(f["file"] == "docs/resources/holder.md" for f in found), found


# --- (b) empty type names ----------------------------------------------------------------------


EMPTY_NAMES: dict[str, Docs] = {
    "title": pages(**{"resources/empty.md": resource("widget", title=" resource type")}),
    "title-and-annotation": pages(
        **{"resources/empty.md": resource("widget", title=" resource type", odata_type="")}
    ),
    "annotation-empty": pages(**{"resources/empty.md": resource("widget", odata_type="")}),
    "annotation-namespace-only": pages(
        **{"resources/empty.md": resource("widget", odata_type="microsoft.graph.")}
    ),
    "seed-annotation-namespace-only": edit(
        "resources/exactmatchsession.md",
        '"@odata.type": "microsoft.graph.exactMatchSession"',
        '"@odata.type": "microsoft.graph."',
    ),
    "example-empty": edit(
        UPDATE, '"@odata.type": "microsoft.graph.classificationError"', '"@odata.type": ""'
    ),
    "example-namespace-only": edit(
        UPDATE,
        '"@odata.type": "microsoft.graph.classificationError"',
        '"@odata.type": "microsoft.graph."',
    ),
    "property-type-empty-link": pages(
        **{"resources/w.md": resource("w", properties="|a|[](e.md)|x|\n|b|[ ](e.md) collection|x|")}
    ),
}


@pytest.mark.parametrize("change", EMPTY_NAMES.values(), ids=EMPTY_NAMES.keys())
def test_empty_type_names(tmp_path: Path, change: Docs) -> None:
    run_all(project(tmp_path, change))


# --- (c) a lone surrogate from a JSON escape ---------------------------------------------------


SURROGATES: dict[str, Docs] = {
    "value": edit(UPDATE, '"Checksum value"', r'"\ud800 x"'),
    "key": edit(UPDATE, '"checksum": "Checksum value"', r'"che\ud800cksum": "x"'),
    # a type name holding it: _schema.json could not be written (exit 3 from generate)
    "odata-type": edit(
        UPDATE,
        '"@odata.type": "microsoft.graph.classificationError"',
        r'"@odata.type": "microsoft.graph.cl\ud800"',
    ),
    "representation": edit(
        "resources/exactmatchsession.md", '"checksum": "String"', r'"\udc00": 1'
    ),
}


@pytest.mark.parametrize("change", SURROGATES.values(), ids=SURROGATES.keys())
def test_a_lone_surrogate_in_a_json_example(tmp_path: Path, change: Docs) -> None:
    root = project(tmp_path, change)
    runs = run_all(root)
    assert runs["generate"].code == 0 and runs["check"].code == 0, runs["check"].out
    schema = root / "gen" / "graph_client" / "_schema.json"
    json.loads(schema.read_text(encoding="utf-8"))  # UTF-8, and JSON


def test_the_surrogate_type_reads_back_from_schema_json(tmp_path: Path) -> None:
    root = project(tmp_path, SURROGATES["odata-type"])
    assert codegen_cli(["generate", "docs", "--out", "gen"], cwd=root).code == 0
    schema = json.loads((root / "gen" / "graph_client" / "_schema.json").read_text("utf-8"))
    assert "microsoft.graph.cl\ud800" in schema["types"]


# --- (d) a symlink the docs folder cannot follow -----------------------------------------------


@pytest.mark.skipif(not os.path.lexists("/proc/1/cwd"), reason="needs Linux's /proc")
@pytest.mark.parametrize("command", ["lint", "generate", "check"])
def test_a_symlink_to_proc(tmp_path: Path, command: str) -> None:
    root = project(tmp_path, lambda docs: (docs / "proc").symlink_to("/proc/1/cwd"))
    args = [command, "docs"] + (["--out", "gen"] if command != "lint" else [])
    run = codegen_cli(args, cwd=root)
    assert_honest(run, 2)
    assert "docs/proc" in run.err


# --- (e) names too long for a file system ------------------------------------------------------


LONG: dict[str, Docs] = {
    "type": pages(**{"resources/long.md": resource("w" * 5000)}),
    "type-just-over": pages(**{"resources/long.md": resource("w" * (MAX_NAME_BYTES - 2))}),
    "property-type": pages(**{"resources/p.md": resource("p", properties=f"|a|{'x' * 5000}|x|")}),
    "url-segment": edit(GET, GET_PATH, "GET /dataClassification/" + "s" * 5000 + "/{id}"),
    "url-depth": edit(
        GET, GET_PATH, "GET /" + "/".join(f"s{i}" for i in range(MAX_PATH_BYTES // 4))
    ),
}


@pytest.mark.parametrize("change", LONG.values(), ids=LONG.keys())
def test_a_name_too_long_for_a_file_is_exit_2_naming_the_page(tmp_path: Path, change: Docs) -> None:
    root = project(tmp_path, change)
    for command in ("check", "generate"):
        run = codegen_cli([command, "docs", "--out", "gen"], cwd=root)
        assert_honest(run, 2)
        assert "shorten it in the docs" in run.err
    assert not (root / "gen").exists()  # refused before anything was written
    assert_honest(codegen_cli(["lint", "docs"], cwd=root), 1)


def test_the_message_names_the_type_and_the_line(tmp_path: Path) -> None:
    root = project(tmp_path, LONG["type"])
    run = codegen_cli(["check", "docs", "--out", "gen"], cwd=root)
    line = run.err.strip()
    assert line.startswith("codegen: error: docs/resources/long.md:6: type 'wwww"), line
    assert f"5003 bytes long; a file name takes at most {MAX_NAME_BYTES}" in line
    assert len(line) < 400  # the name is shortened, not printed in full


def test_a_long_but_possible_name_is_generated(tmp_path: Path) -> None:
    name = "w" * (MAX_NAME_BYTES - 3)  # + ".py": exactly the limit
    root = project(tmp_path, pages(**{"resources/long.md": resource(name)}))
    run = codegen_cli(["generate", "docs", "--out", "gen"], cwd=root)
    assert_honest(run, 0)
    assert (root / "gen" / "graph_client" / "models" / f"{name}.py").is_file()


# --- more of the same kind, found by mutating the seeds ----------------------------------------


MUTATIONS: dict[str, Docs] = {
    "snake-case-collision": pages(
        **{"resources/a.md": resource("fooBar"), "resources/b.md": resource("foo_bar")}
    ),
    "type-names-python-binds": pages(
        **{
            f"resources/w{i}.md": resource(name)
            for i, name in enumerate(["class", "None", "__init__", "models", "_base", "1abc"])
        }
    ),
    "base-type-cycle": pages(
        **{
            "resources/a.md": resource("aa", base="microsoft.graph.bb"),
            "resources/b.md": resource("bb", base="microsoft.graph.aa"),
        }
    ),
    "deep-json": edit(UPDATE, '"Checksum value"', "[" * 3000 + "]" * 3000),
    "huge-number": edit(UPDATE, '"remainingBlockCount": 3', '"remainingBlockCount": 1e999'),
    "annotation-not-an-object": edit(
        UPDATE,
        '<!-- {\n  "blockType": "request",\n  "name": "update_exactmatchsession"\n}\n-->',
        "<!-- [1, 2] -->",
    ),
    "odd-url": edit(
        GET,
        GET_PATH,
        "GET /a//b/../c/{x}{y}/ü/class/None/$value/{x}",
    ),
    "unreadable-bytes": lambda docs: (docs / "resources" / "bad.md").write_bytes(
        b"---\ntitle: \xff\xfe\n---\n# \xc3 resource type\n"
    ),
}


@pytest.mark.parametrize("change", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_mutated_seeds(tmp_path: Path, change: Docs) -> None:
    run_all(project(tmp_path, change))
