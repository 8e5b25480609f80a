"""Docs are untrusted input and codegen's output is read by terminals and by the GitHub runner:
no docs text reaches stdout or stderr as a terminal escape or a workflow command.

The runner executes a line that starts with ``::`` (after whitespace) and, in its legacy
syntax, any line holding ``##[``; a terminal acts on ESC, BEL, C1 controls and CR, and bidi
overrides reorder what is shown. Each case runs the real CLI on pages that carry them.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from codegen.ir.serialize import _Dumper, dump_json, dump_yaml, load
from codegen.terminal import UNSAFE, safe_json, safe_line, safe_lines, safe_yaml, visible
from tests.conftest import ROOT
from tests.support import Run, codegen_cli

SEEDS = ROOT / "spec" / "docs"

# what must never appear raw: C0 (but LF, which ends lines), DEL, C1, CR, bidi controls
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
OUR_ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:,\n]*(,line=\d+)?,title=[^:,\n]*::")


def assert_safe(run: Run, *, github: bool = False) -> None:
    """No raw control character, no ``##[``, no line starting with ``::`` that is not ours."""
    assert "Traceback" not in run.err
    assert run.code != 3, run.err
    for stream in (run.out, run.err):
        assert not RAW.search(stream), RAW.search(stream)
        assert "##[" not in stream
        for line in stream.split("\n"):
            if line.lstrip().startswith("::"):
                assert github and stream is run.out and OUR_ANNOTATION.match(line), line


def _project(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "docs")
    (tmp_path / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["docs"]\n')
    return tmp_path


ESC_VALUE = r"\u001b]0;pwned\u0007##[error]y\u202e\u0085\r::error::z"
ESC_KEY = r"evil\u001b[31m##[add-mask]x\u009b"
ESC_TYPE = r"microsoft.graph.cl##[error]x\u001b[2J\u202eab"


@pytest.fixture(scope="module")
def evil_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, with terminal escapes and workflow commands in an example (a value, a key,
    an @odata.type), in a properties table and in a page name at the project root."""
    root = _project(tmp_path_factory.mktemp("evil"))
    update = root / "docs" / "api" / "exactmatchsession-update.md"
    text = update.read_text(encoding="utf-8")
    text = text.replace(
        '"remainingBlockCount": 3,',
        f'"remainingBlockCount": "{ESC_VALUE}",\n  "{ESC_KEY}": 1,\n  "::add-mask::k": 2,',
        1,
    )
    text = text.replace("microsoft.graph.classifcationErrorBase", ESC_TYPE)
    update.write_text(text, encoding="utf-8")
    resource = root / "docs" / "resources" / "exactmatchsession.md"
    text = resource.read_text(encoding="utf-8")
    text = text.replace(
        "|checksum|String||",
        "|check\x1b[31msum##[add-mask]|String|\u202egnp\x9b|\n|::error::pp|String||",
    )
    resource.write_text(text, encoding="utf-8")
    (root / "docs" / "::error::top.md").write_text(
        text.replace("exactMatchSession", "topThing"), encoding="utf-8"
    )
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_lint_reports_docs_text_escaped(evil_project: Path, fmt: str) -> None:
    run = codegen_cli(["lint", "docs", "--format", fmt], cwd=evil_project)
    assert run.code == 1, run.err
    assert_safe(run, github=fmt == "github")
    if fmt in ("text", "github"):  # still reported, visibly
        assert "property 'evil\\x1b[31m##\\x5badd-mask]x\\x9b' is not in" in run.out
        assert "type cl##\\x5berror]x\\x1b[2J\\u202eab has no page" in run.out
        assert "\\u001b]0;pwned\\u0007##\\x5berror]y" in run.out  # the example's own escapes
    else:  # JSON readers get the exact text back
        log = json.loads(run.out)
        if fmt == "json":
            texts = " ".join(f["message"] for f in log["findings"])
        else:
            texts = " ".join(r["message"]["text"] for r in log["runs"][0]["results"])
        assert "evil\x1b[31m##[add-mask]x\x9b" in texts
        assert "cl##[error]x\x1b[2J\u202eab" in texts


def test_github_annotations_are_one_line_each(evil_project: Path) -> None:
    run = codegen_cli(["lint", "docs", "--format", "github"], cwd=evil_project)
    lines = run.out.splitlines()
    assert lines and all(OUR_ANNOTATION.match(line) for line in lines)
    assert any(line.startswith("::warning file=docs/%3A%3Aerror%3A%3Atop.md,") for line in lines)


def test_a_page_name_starting_with_two_colons(evil_project: Path, tmp_path: Path) -> None:
    shutil.copy(evil_project / "docs" / "::error::top.md", tmp_path / "::error::top.md")
    (tmp_path / "pyproject.toml").write_text("")
    run = codegen_cli(["lint", "."], cwd=tmp_path)
    assert_safe(run)
    findings = [line for line in run.out.splitlines() if "top.md:" in line]
    assert findings and all(line.startswith("\\x3a:error::top.md:") for line in findings)
    assert any(
        f.startswith("\\x3a:error::top.md:12: warning [namespace-missing]") for f in findings
    )
    assert_safe(codegen_cli(["generate", ".", "--out", "gen", "--no-cache"], cwd=tmp_path))
    assert_safe(codegen_cli(["check", ".", "--out", "gen", "--no-cache"], cwd=tmp_path))


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_parse_output_is_escaped_and_reads_back(evil_project: Path, fmt: str) -> None:
    run = codegen_cli(["parse", "docs", "--format", fmt], cwd=evil_project)
    assert run.code == 0, run.err
    assert_safe(run)
    model = load(run.out)
    names = {t.name for t in model.types}
    assert "cl##[error]x\x1b[2J\u202eab" in names


def test_generate_and_check_output_is_escaped(evil_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(evil_project, root)
    run = codegen_cli(["generate", "docs", "--out", "gen", "--no-cache"], cwd=root)
    assert run.code == 0, run.err
    assert_safe(run)
    # drift whose diff carries the docs' text, and a file name from them
    schema = root / "gen" / "graph_client" / "_schema.json"
    lines = schema.read_text(encoding="utf-8").splitlines(keepends=True)
    schema.write_text("".join(line for line in lines if "cl##" not in line), encoding="utf-8")
    init = root / "gen" / "graph_client" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "# ##[add-mask]x \x1b[2J\n::error::y\n")
    run = codegen_cli(["check", "docs", "--out", "gen", "--no-cache"], cwd=root)
    assert run.code == 1, run.err
    assert_safe(run)
    assert "+++ gen/graph_client/_schema.json (from the docs)" in run.out
    assert '+  "microsoft.graph.cl##\\x5berror]x\\u001b[2J\\u202eab": {' in run.out
    assert "-# ##\\x5badd-mask]x \\x1b[2J" in run.out and "-::error::y" in run.out


NAMES = ["evil\n::error::x.md", "evil\r::add-mask::x.md", "evil\x1b[31m.md", "evil\u202e.md"]


@pytest.mark.parametrize("name", NAMES, ids=["lf", "cr", "esc", "bidi"])
def test_page_file_names_with_control_characters(tmp_path: Path, name: str) -> None:
    root = _project(tmp_path)
    resource = root / "docs" / "resources" / "exactmatchsession.md"
    evil = root / "docs" / "resources" / name
    evil.write_text(resource.read_text(encoding="utf-8").replace("exactMatchSession", "evilThing"))
    for fmt in ("text", "json", "sarif", "github"):
        run = codegen_cli(["lint", "docs", "--format", fmt], cwd=root)
        assert run.code in (1, 2), run.err  # a finding, or the page name refused
        assert_safe(run, github=fmt == "github")
    for command in ("generate", "check"):
        run = codegen_cli([command, "docs", "--out", "gen", "--no-cache"], cwd=root)
        assert run.code in (0, 1, 2), run.err
        assert_safe(run)  # exit 2 where the page name is refused: the message is escaped too


# --- the escaping itself -------------------------------------------------------------------------


def test_every_control_format_and_separator_character_is_escaped() -> None:
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            assert UNSAFE.match(ch), hex(code)
            assert visible(ch).isascii() and visible(ch).isprintable(), hex(code)


def test_visible_and_safe_line() -> None:
    assert visible("a\x1b[31mb\x07\x9b\r\n\t\u202e\ud800\U000e0041") == (
        "a\\x1b[31mb\\x07\\x9b\\r\\n\\t\\u202e\\ud800\\U000e0041"
    )
    assert visible("x ##[add-mask]y ###[z") == "x ##\\x5badd-mask]y ###\\x5bz"
    assert visible("#\u200b#[x") == "#\\u200b#[x"  # the runner may skip a zero-width char
    assert visible("a\r\nb", breaks=False) == "a\r\nb"
    assert visible("plain ✓ ünïcödé — text") == "plain ✓ ünïcödé — text"
    assert safe_line("::error::x") == "\\x3a:error::x"
    assert safe_line(" \u3000\t::add-mask::x") == " \u3000\\t::add-mask::x"
    assert safe_line(" \u3000 ::add-mask::x") == " \u3000 \\x3a:add-mask::x"
    assert safe_line("a ::error::x") == "a ::error::x"
    assert safe_lines("ok\n::error::x\n  ::y\n") == "ok\n\\x3a:error::x\n  \\x3a:y\n"


def test_json_and_yaml_escapes_read_back_exactly() -> None:
    value = "##[error]\x1b\u202e\x85\u2028\ud800\U000e0041 ::add-mask::x\n::error::y"
    text = safe_json(json.dumps({"k": value}, ensure_ascii=False))
    assert text.isascii() and json.loads(text) == {"k": value}
    assert "##[" not in text
    data = {"k": value, "list": [value, "::x"], "::key": "long " * 40 + "::error::x"}
    dumped = safe_yaml(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, width=20))
    assert not RAW.search(dumped) and "##[" not in dumped
    assert not any(line.lstrip().startswith("::") for line in dumped.split("\n"))
    assert yaml.safe_load(dumped) == data


def test_model_dumps_are_safe_and_round_trip(evil_project: Path) -> None:
    from codegen.api import parse_docs

    model = parse_docs([evil_project / "docs"], evil_project)
    for text in (dump_yaml(model), dump_json(model)):
        assert not RAW.search(text) and "##[" not in text
        assert not any(line.lstrip().startswith("::") for line in text.split("\n"))
        assert load(text) == model
