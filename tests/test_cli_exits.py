"""Honest exits: user errors are exit 2 with one line naming the file, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.cli import main
from tests.conftest import CORPUS, ROOT, needs_corpus
from tests.support import run_cli

SEEDS = ROOT / "spec" / "docs"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: the seed docs under spec/docs and a pyproject.toml."""
    shutil.copytree(SEEDS, tmp_path / "spec" / "docs")
    (tmp_path / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\n')
    return tmp_path


def _one_line_error(err: str, *parts: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("codegen: error: "), err
    assert "Traceback" not in err
    for part in parts:
        assert part in lines[0], (part, err)


# --- 2. --changed-only gets no injected options --------------------------------------------------


def _git(root: Path, *args: str) -> None:
    config = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *config, *args], cwd=root, check=True, capture_output=True)


@pytest.mark.parametrize("ref", ["--output=OUT", "-p", "no-such-ref", "HEAD\nx", ""])
def test_changed_only_refuses_options_and_unknown_refs(
    project: Path, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "docs"]):
        _git(project, *command)
    target = project / "injected.txt"
    ref = ref.replace("OUT", str(target))
    code, _, err = run_cli(["lint", f"--changed-only={ref}"], project, capsys)
    assert code == 2
    _one_line_error(err, "--changed-only")
    assert not target.exists()


def test_changed_only_with_a_good_ref_lints_what_changed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "docs"]):
        _git(project, *command)
    code, out, _ = run_cli(["lint", "--changed-only", "HEAD"], project, capsys)
    assert code == 0 and "(0 pages linted)" in out  # nothing changed since HEAD


# --- 4. no silent partial input --------------------------------------------------------------------


def test_a_symlinked_docs_subfolder_is_followed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS / "resources", docs / "resources")
    shutil.copytree(SEEDS / "api", tmp_path / "real-api")
    (docs / "api").symlink_to(tmp_path / "real-api", target_is_directory=True)
    (docs / "api" / "loop").symlink_to(docs, target_is_directory=True)  # a cycle
    code, out, _ = run_cli(["parse", "docs", "--format", "json"], tmp_path, capsys)
    assert code == 0
    assert out.count('"kind": "api"') >= 4  # the four api pages behind the symlink were read


def test_an_unreadable_docs_folder_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SEEDS, tmp_path / "docs")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "api":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root can read mode 000 folders: simulate
    code, _, err = run_cli(["generate", "docs", "--out", "o"], tmp_path, capsys)
    assert code == 2
    _one_line_error(err, "docs/api", "Permission denied")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["parse", "generate", "check", "lint"])
def test_no_pages_is_exit_2_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli([command, "empty"], tmp_path, capsys)
    assert code == 2
    _one_line_error(err, "no markdown pages", "empty")


def test_lint_summary_counts_the_pages_linted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["lint", "--format", "text"], project, capsys)
    assert code == 1  # the seeds' drift, unsuppressed here
    assert "(5 pages linted)" in out.splitlines()[-1]
    _, out, _ = run_cli(["lint", "--format", "json"], project, capsys)
    assert '"pages": 5' in out


# --- 5. docs with no types -------------------------------------------------------------------------


def test_docs_with_no_types_give_a_package_that_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs" / "api"
    docs.mkdir(parents=True)
    (docs / "widget-delete.md").write_text(
        "---\ntitle: Delete widget\ndoc_type: apiPageType\n---\n\n# Delete widget\n\n"
        "## HTTP request\n\n```http\nDELETE /widgets/{id}\n```\n\n"
        "## Response\n\nIf successful, this method returns a `204 No Content` response code.\n"
    )
    code, _, err = run_cli(
        ["generate", "docs", "--out", "o", "--package", "empty_pkg"], tmp_path, capsys
    )
    assert code == 0, err
    run = subprocess.run(
        [sys.executable, "-c", "import empty_pkg; print(len(empty_pkg.__all__))"],
        cwd=tmp_path / "o",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and int(run.stdout) > 0, run.stderr


@needs_corpus()
def test_a_real_page_with_no_types_generates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = CORPUS / "graph-docs-2021/api-reference/beta/api/schedulinggroup-delete.md"
    code, _, err = run_cli(["generate", str(page), "--out", "o"], tmp_path, capsys)
    assert code == 0, err


# --- 6. user errors are exit 2 -----------------------------------------------------------------------

BAD_SETTINGS = [
    ("[tool.codegen]\ndocs = 5\n", "pyproject.toml:2", "docs must be"),
    ("[tool.codegen]\nout = 3\n", "pyproject.toml:2", "out must be a string"),
    ("[tool.codegen]\ndoc = ['spec/docs']\n", "pyproject.toml:2", "did you mean 'docs'"),
    ('tool = "x"\n', "pyproject.toml", "'tool' must be a table"),
    ("[tool]\ncodegen = 1\n", "pyproject.toml:2", "[tool.codegen] must be a table"),
    ('[tool.codegen]\nbase_url = "http://example.com"\n', "pyproject.toml:2", "base_url"),
    ('[tool.codegen]\nbase_url = "not a url"\n', "pyproject.toml:2", "base_url"),
    ('[tool.codegen]\npackage = "a-b"\n', "pyproject.toml:2", "not an importable"),
    ("[tool.codegen\n", "pyproject.toml", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "where", "what"), BAD_SETTINGS)
def test_bad_settings_are_exit_2_naming_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, what: str
) -> None:
    (project / "pyproject.toml").write_text(text)
    for command in ("parse", "generate", "check", "lint"):
        code, _, err = run_cli([command], project, capsys)
        assert code == 2, (command, err)
        _one_line_error(err, where, what)


def test_non_utf8_pyproject_is_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_bytes(b'[tool.codegen]\nout = "\xff"\n')
    code, _, err = run_cli(["generate"], project, capsys)
    assert code == 2
    _one_line_error(err, "pyproject.toml:2", "not UTF-8")


def test_out_that_is_a_file_is_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "afile").write_text("x\n")
    code, _, err = run_cli(["generate", "--out", "afile"], project, capsys)
    assert code == 2
    _one_line_error(err, "afile", "must be a folder")


@pytest.mark.parametrize(
    ("template", "what"),
    [
        (b"{{ 1/0 }}\n", "client.py.jinja:1: ZeroDivisionError"),
        (b"\xff\xfe\x00\x01binary", "client.py.jinja: not UTF-8"),
        (b'{% include "client.py.jinja" %}\n', "include or call each other"),
    ],
)
def test_templates_that_fail_are_exit_2_and_write_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], template: bytes, what: str
) -> None:
    (project / "tpl").mkdir()
    (project / "tpl" / "client.py.jinja").write_bytes(template)
    code, _, err = run_cli(["generate", "--templates", "tpl"], project, capsys)
    assert code == 2
    _one_line_error(err, "tpl/client.py.jinja", what.split(":", 1)[-1].strip())
    assert not (project / "generated").exists()


# --- 7. options are validated, never silently ignored --------------------------------------------


def test_a_templates_folder_that_does_not_exist_is_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["generate", "--templates", "nope"], project, capsys)
    assert code == 2
    _one_line_error(err, "--templates nope", "no such folder")
    (project / "pyproject.toml").write_text('[tool.codegen]\ntemplates = "gone"\n')
    code, _, err = run_cli(["generate"], project, capsys)
    assert code == 2
    _one_line_error(err, "templates", "gone", "no such folder")


@pytest.mark.parametrize("name", ["1abc", "a-b", "x.y", "class", ""])
def test_package_names_that_cannot_be_imported_are_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, _, err = run_cli(["generate", "--package", name], project, capsys)
    assert code == 2
    _one_line_error(err, "--package", "not an importable Python name")
    assert not (project / "generated").exists()


def test_parse_honours_the_docs_setting(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.move(project / "spec" / "docs", project / "elsewhere")
    (project / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["elsewhere"]\n')
    code, out, err = run_cli(["parse", "--format", "json"], project, capsys)
    assert code == 0, err
    assert '"path": "elsewhere/resources/exactmatchsession.md"' in out


def test_help_says_where_defaults_come_from(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--help"]) == 0
    assert "[tool.codegen] in pyproject.toml" in " ".join(capsys.readouterr().out.split())


# --- 8. the same docs give the same bytes from any working folder ---------------------------------


def test_output_does_not_depend_on_the_working_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["generate"], project, capsys)[0] == 0
    (project / "sub").mkdir()
    code, out, err = run_cli(
        ["check", "../spec/docs", "--out", "../generated"], project / "sub", capsys
    )
    assert code == 0, out + err
    code, out, err = run_cli(["check"], project / "spec", capsys)  # settings found upwards
    assert code == 0, out + err
    init = (project / "generated" / "graph_client" / "__init__.py").read_text()
    assert "spec/docs/resources/exactmatchsession.md" in init and "../" not in init


def test_pages_outside_the_project_are_never_named_by_absolute_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SEEDS, tmp_path / "docs")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "pyproject.toml").write_text("")
    code, out, _ = run_cli(
        ["parse", str(tmp_path / "docs"), "--format", "json"], tmp_path / "work", capsys
    )
    assert code == 0
    assert str(tmp_path) not in out and '"path": "resources/exactmatchsession.md"' in out


# --- 10. small things ----------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from codegen import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"codegen {__version__}"


def test_ctrl_c_is_exit_130_in_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from codegen import api

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "parse_docs", interrupted)
    code, _, err = run_cli(["generate"], project, capsys)
    assert code == 130 and err == "codegen: interrupted\n"


def test_a_real_sigint_is_exit_130_without_traceback(project: Path) -> None:
    code = (
        "import signal, threading, os, sys\n"
        "from codegen import api, cli\n"
        "def slow(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    threading.Event().wait(5)\n"
        "api.parse_docs = slow\n"
        "sys.exit(cli.main(['generate']))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False
    )
    assert run.returncode == 130 and run.stderr == "codegen: interrupted\n", run.stderr


@pytest.mark.parametrize(
    "stale", ["models.py.jinja", "_base.py.jinja", "properties/modle.py.jinja"]
)
def test_override_templates_that_replace_nothing_are_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], stale: str
) -> None:
    """A template of an older layout (or a typo) would be ignored without a word: refuse it."""
    (project / "tpl" / "properties").mkdir(parents=True)
    (project / "tpl" / stale).write_text("x = 1\n")
    code, _, err = run_cli(["generate", "--templates", "tpl"], project, capsys)
    assert code == 2
    _one_line_error(err, "tpl", f"{stale} replace no built-in template")
    assert not (project / "generated").exists()
