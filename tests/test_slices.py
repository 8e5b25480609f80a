"""Slices (--include / --exclude, [tool.codegen] include/exclude): which operations and types a
pattern selects, the closure of types they reach, and the errors, on a small page set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codegen.api import parse_docs, render
from codegen.hatch_hook import generate_for_build
from codegen.ir.model import Model
from codegen.resolve.slice import PathGlob, TypeGlob, pattern_problem, slice_model
from codegen.settings import Settings, SettingsError
from tests.conftest import CORPUS, needs_corpus
from tests.support import run_cli
from tests.test_model_resolution import api_page, resource

INHERITS_ENTITY = "Inherits from [entity](entity.md)."
ENUMS = """---
title: "planner enum values"
doc_type: enumPageType
---

# planner enum values

Namespace: microsoft.graph

### plannerPreviewType values

| Member |
|:---|
| automatic |
| noPreview |
"""
# one operation, two paths: a slice keeps only the paths it selects
TWO_PATHS = api_page(
    "List tasks",
    "/planner/tasks",
    "a collection of [plannerTask](../resources/plannertask.md) objects",
    ', "@odata.type": "microsoft.graph.plannerTask", "isCollection": true',
    '{"value": []}',
).replace("GET /planner/tasks\n", "GET /me/planner/tasks\nGET /planner/tasks\n", 1)

PAGES = {
    "resources/entity.md": resource("entity", [("id", "String")]),
    "resources/plannertask.md": resource(
        "plannerTask",
        [
            ("title", "String"),
            ("appliedCategories", "[plannerAppliedCategories](plannerappliedcategories.md)"),
            ("previewType", "plannerPreviewType"),
        ],
        relationships=[("details", "[plannerTaskDetails](plannertaskdetails.md)")],
        intro=INHERITS_ENTITY,
    ),
    "resources/plannerappliedcategories.md": resource(
        "plannerAppliedCategories", [("category1", "Boolean")]
    ),
    "resources/plannertaskdetails.md": resource(
        "plannerTaskDetails", [("description", "String")], intro=INHERITS_ENTITY
    ),
    # derived from a type reached as a value: @odata.type dispatch needs it
    "resources/plannerspecialtask.md": resource(
        "plannerSpecialTask",
        [("special", "Boolean")],
        intro="Inherits from [plannerTask](plannertask.md).",
    ),
    # derived from entity, reached only as a base: not in a planner slice
    "resources/user.md": resource("user", [("displayName", "String")], intro=INHERITS_ENTITY),
    "resources/enums.md": ENUMS,
    "api/plannertask-get.md": api_page(
        "Get plannerTask",
        "/planner/tasks/{id}",
        "a [plannerTask](../resources/plannertask.md) object",
        ', "@odata.type": "microsoft.graph.plannerTask"',
        '{"id": "1"}',
    ),
    "api/planner-list-tasks.md": TWO_PATHS,
    "api/user-get.md": api_page(
        "Get user",
        "/users/{id}",
        "a [user](../resources/user.md) object",
        ', "@odata.type": "microsoft.graph.user"',
        '{"id": "1"}',
    ),
}


def write_docs(root: Path) -> Path:
    docs = root / "docs"
    for rel, text in PAGES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return docs


@pytest.fixture
def model(tmp_path: Path) -> Model:
    return parse_docs([write_docs(tmp_path)], tmp_path)


def type_names(model: Model) -> set[str]:
    return {t.name for t in model.types}


def op_ids(model: Model) -> set[str]:
    return {op.id for op in model.operations}


# --- patterns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("/planner/**", "/planner/tasks/{id}", True),
        ("/planner/**", "/planner", True),  # ** is any number of segments, none included
        ("/planner/**", "/plannerx/tasks", False),
        ("/planner/*", "/planner/tasks", True),
        ("/planner/*", "/planner/tasks/{id}", False),  # * is exactly one segment
        ("/planner/*/{id}", "/planner/tasks/{task-id}", True),  # a placeholder matches any
        ("/planner/*/{id}", "/planner/tasks/details", False),  # ... placeholder only
        ("/planner/tasks/*", "/planner/tasks/{id}", True),  # * matches a placeholder too
        ("/**/tasks", "/me/planner/tasks", True),
        ("/**/tasks", "/tasks", True),
        ("/**/tasks", "/me/planner/tasks/{id}", False),
        ("/PLANNER/Tasks", "planner/tasks", True),  # case-insensitive; the leading / optional
        ("/security/alerts", "/security/alerts?$top=1", True),  # the query string is ignored
        ("/users/{id}/plan*/**", "/users/{user-id}/planner/plans", True),
    ],
)
def test_path_globs(pattern: str, path: str, matches: bool) -> None:
    assert PathGlob(pattern).matches(path) is matches


def test_type_globs_match_the_qualified_or_the_bare_name() -> None:
    assert TypeGlob("planner*").matches("microsoft.graph.plannerTask", "plannerTask")
    assert TypeGlob("microsoft.graph.PLANNER*").matches(
        "microsoft.graph.plannerTask", "plannerTask"
    )
    assert TypeGlob("microsoft.graph.callRecords.*").matches(
        "microsoft.graph.callRecords.endpoint", "endpoint"
    )
    assert not TypeGlob("planner*").matches("microsoft.graph.user", "user")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("", "is empty"),
        ("/a b", "whitespace"),
        ("/planner/**tasks", "whole path segment"),
        ("/alerts?$top=1", "query string"),
        ("planner/**", "did you mean '/planner/**'"),
        ("plan[ner", "unclosed"),
        ("planner()", "neither a URL path glob"),
    ],
)
def test_bad_patterns_say_why(pattern: str, problem: str) -> None:
    assert problem in (pattern_problem(pattern) or "")


# --- closure ------------------------------------------------------------------------------------


def test_a_path_slice_keeps_its_operations_and_the_types_they_reach(model: Model) -> None:
    sliced = slice_model(model, ["/planner/**"])
    assert op_ids(sliced) == {"plannertask-get", "planner-list-tasks"}
    # response type, its base, its structural property types, its derived type; not the
    # navigation target, not the other derived types of a type reached only as a base (user)
    assert type_names(sliced) == {
        "plannerTask",
        "entity",
        "plannerAppliedCategories",
        "plannerSpecialTask",
    }
    assert [e.name for e in sliced.enums] == ["plannerPreviewType"]
    listing = sliced.operation("planner-list-tasks")
    assert listing is not None and listing.paths == ("/planner/tasks",)  # /me/... not selected
    assert all("user" not in p.path for p in sliced.pages)
    assert {p.path.rsplit("/", 1)[-1] for p in sliced.pages} >= {"plannertask.md", "entity.md"}


def test_navigation_targets_join_the_closure_only_when_asked(model: Model) -> None:
    sliced = slice_model(model, ["/planner/**"], navigation=True)
    assert "plannerTaskDetails" in type_names(sliced)
    assert "user" not in type_names(sliced)


def test_type_globs_include_types_as_values(model: Model) -> None:
    sliced = slice_model(model, ["plannerAppliedCat*"])
    assert type_names(sliced) == {"plannerAppliedCategories"} and not sliced.operations
    sliced = slice_model(model, ["microsoft.graph.plannerTask"])
    assert type_names(sliced) == {
        "plannerTask",
        "entity",
        "plannerAppliedCategories",
        "plannerSpecialTask",
    }


def test_excludes_remove_operations_and_types_but_never_a_kept_base(model: Model) -> None:
    sliced = slice_model(model, ["/planner/**"], ["plannerSpecialTask", "plannerApplied*"])
    assert type_names(sliced) == {"plannerTask", "entity"}
    sliced = slice_model(model, ["/planner/**"], ["entity", "/planner/tasks/{id}"])
    assert "entity" in type_names(sliced)  # plannerTask derives from it
    assert op_ids(sliced) == {"planner-list-tasks"}
    sliced = slice_model(model, [], ["/users/**", "plannerPreview*"])
    assert op_ids(sliced) == {"plannertask-get", "planner-list-tasks"}
    assert type_names(sliced) == type_names(model) and not sliced.enums


def test_no_patterns_is_the_whole_model(model: Model) -> None:
    assert slice_model(model) is model


def test_the_generated_slice_types_dropped_references_as_any(tmp_path: Path) -> None:
    docs = write_docs(tmp_path)
    files = render(
        Settings(docs=(docs,), root=tmp_path, package="sliced", include=("/planner/**",))
    )
    text = "\n".join(files.values())
    assert "class PlannerTask(" in text and "class User(" not in text
    for name, body in files.items():
        (tmp_path / "out" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / name).write_text(body, encoding="utf-8")
    check = (
        "from sliced import GraphClient, PlannerTask, validate\n"
        "task = PlannerTask.from_dict({'title': 't', 'details': {'description': 'd'}})\n"
        "assert task.details == {'description': 'd'}, task.details\n"
        "issues = validate('plannerTask', {'details': {'description': 1,"
        " '@odata.type': '#microsoft.graph.plannerTaskDetails'}, 'title': 't'})\n"
        "assert issues == [], issues\n"
        "assert validate('plannerTask', {'title': 5})\n"
        "GraphClient(token='t').planner.tasks.by_id('x')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", check],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


# --- settings and errors ------------------------------------------------------------------------


def _package_text(out: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(out.rglob("*.py")))


def test_pyproject_include_and_exclude_and_the_options_that_replace_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_docs(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codegen]\ndocs = ["docs"]\ninclude = ["/planner/**"]\n'
        'exclude = ["plannerSpecialTask"]\n'
    )
    code, _, err = run_cli(["generate", "--out", "a"], tmp_path, capsys)
    assert code == 0, err
    text = _package_text(tmp_path / "a")
    assert "class PlannerTask(" in text
    assert "class User(" not in text and "class PlannerSpecialTask(" not in text
    code, _, err = run_cli(
        ["generate", "--out", "b", "--include", "/users/**", "--include", "/planner/tasks"],
        tmp_path,
        capsys,
    )
    assert code == 0, err
    text = _package_text(tmp_path / "b")
    assert "class User(" in text and "class PlannerTask(" in text
    assert "class PlannerSpecialTask(" not in text  # the pyproject's exclude still holds
    code, out, err = run_cli(
        ["check", "--out", "b", "--include", "/users/**", "--include", "/planner/tasks"],
        tmp_path,
        capsys,
    )
    assert code == 0, out + err  # check takes the same options


def _one_line_error(err: str, *parts: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("codegen: error: "), err
    for part in parts:
        assert part in lines[0], err


def test_a_slice_that_selects_nothing_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_docs(tmp_path)
    args = ["generate", "docs", "--out", "o", "--include", "/nothing/**", "--include", "zzz*"]
    code, _, err = run_cli(args, tmp_path, capsys)
    assert code == 2
    _one_line_error(err, "selects no operation and no type", "'/nothing/**'", "'zzz*'")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('include = "/planner/**"\n', "include must be a list of patterns"),
        ("exclude = [5]\n", "exclude must be a list of patterns"),
        ('include = ["planner/**"]\n', "did you mean '/planner/**'"),
        ('exclude = ["/a/**b"]\n', "whole path segment"),
    ],
)
def test_bad_patterns_in_pyproject_are_exit_2_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, what: str
) -> None:
    write_docs(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[tool.codegen]\ndocs = ["docs"]\n{text}')
    for command in ("generate", "check"):
        code, _, err = run_cli([command], tmp_path, capsys)
        assert code == 2, err
        _one_line_error(err, "pyproject.toml:3", what)


def test_bad_patterns_on_the_command_line_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_docs(tmp_path)
    code, _, err = run_cli(["generate", "docs", "--exclude", "a b"], tmp_path, capsys)
    assert code == 2
    _one_line_error(err, "--exclude", "'a b'", "whitespace")


def test_the_hook_table_checks_patterns_too(tmp_path: Path) -> None:
    write_docs(tmp_path)
    with pytest.raises(
        SettingsError, match=r"graph-docs-codegen\] include: include must be a list"
    ):
        generate_for_build(tmp_path, {"docs": ["docs"], "include": "/planner/**"})
    written = generate_for_build(
        tmp_path, {"docs": ["docs"], "package": "hooked", "include": ["/users/**"]}
    )
    assert "class User(" in _package_text(tmp_path / "generated")
    assert "class PlannerTask(" not in _package_text(tmp_path / "generated") and written


# --- the real corpus ----------------------------------------------------------------------------


@pytest.mark.corpus
@needs_corpus()
def test_the_planner_slice_of_beta_generates_a_small_package_that_works(tmp_path: Path) -> None:
    beta = CORPUS / "graph-docs-2021" / "api-reference" / "beta"
    files = render(
        Settings(docs=(beta,), root=tmp_path, package="betaplanner", include=("/planner/**",))
    )
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    assert sum(body.count("\n") for body in files.values()) < 30_000
    check = (
        "from betaplanner import GraphClient, PlannerBucket, PlannerPlan, PlannerTask\n"
        "plan = GraphClient(token='t').planner.plans.by_id('p')\n"
        "plan.buckets, plan.tasks, plan.get\n"
        "assert PlannerTask.from_dict({'title': 'x'}).title == 'x'\n"
        "import betaplanner\n"
        "assert not hasattr(betaplanner, 'User')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
