"""The on-disk cache of formatted modules and parsed pages: same bytes with or without it,
--no-cache leaves it alone, damaged entries are ignored, an unusable folder never fails a run."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest

from codegen import api
from codegen.cache import ENV_DIR, DiskCache, cache_key, cache_root
from codegen.generate import format as formatting
from codegen.generate import package
from codegen.generate.package import Options, render_package
from codegen.ir.model import Model
from codegen.parser import page_cache
from codegen.settings import Settings
from tests.conftest import ROOT
from tests.support import run_cli

SEEDS = ROOT / "spec" / "docs"
RESOURCE = "spec/docs/resources/exactmatchsession.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed docs in a project of their own, with a cache folder of this test only."""
    shutil.copytree(SEEDS, tmp_path / "spec" / "docs")
    (tmp_path / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\n')
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.setattr(formatting, "_MEMO", {})  # no help from earlier tests' formatting
    return tmp_path


def _settings(project: Path, cache: bool = True) -> Settings:
    return Settings(
        docs=(project / "spec" / "docs",), out=project / "out", root=project, cache=cache
    )


def _entries(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _describe_checksum(project: Path) -> None:
    """Give the resource page's ``checksum`` property a description (it has none)."""
    page = project / RESOURCE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("|checksum|String||", "|checksum|String|The upload's hash.|"))


def _refuse(*args: object, **kwargs: object) -> str:
    raise AssertionError("called on a cache hit")


def test_a_warm_cache_gives_the_same_bytes_without_formatting_or_parsing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = api.render(_settings(project, cache=False))
    cold = api.render(_settings(project))
    for kind in ("format", "pages", "modules"):
        assert _entries(project / "cache" / kind), kind
    monkeypatch.setattr(formatting, "_MEMO", {})
    monkeypatch.setattr(formatting.black, "format_str", _refuse)
    monkeypatch.setattr(page_cache, "parse_data", _refuse)
    monkeypatch.setattr(package, "render", _refuse)  # contexts of pages from the cache match
    warm = api.render(_settings(project))
    assert cold == plain and warm == plain


def test_no_cache_neither_reads_nor_writes_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["generate", "--out", "a", "--no-cache"], project, capsys)[0] == 0
    assert not (project / "cache").exists()
    expected = _entries(project / "a")
    api.render(_settings(project))
    for kind in ("format", "modules"):  # every formatted module cached as a poisoned text
        store = DiskCache(kind, project / "cache")
        for path in _entries(store.folder):
            store.put(path.name, b"POISON = 1\n")
    before = _entries(project / "cache")
    poisoned = api.render(_settings(project))
    assert any(
        text.endswith("\nPOISON = 1\n") for text in poisoned.values()
    )  # the cache is read...
    for command in ("generate", "check"):
        code, _, err = run_cli([command, "--out", "b", "--no-cache"], project, capsys)
        assert code == 0, err
    assert _entries(project / "cache") == before  # ...but not with --no-cache
    assert {p.relative_to(project / "b"): t for p, t in _entries(project / "b").items()} == {
        p.relative_to(project / "a"): t for p, t in expected.items()
    }


def test_cache_false_in_pyproject_bypasses_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\ncache = false\n')
    assert run_cli(["generate"], project, capsys)[0] == 0
    assert not (project / "cache").exists()


def test_a_cache_setting_that_is_not_a_boolean_is_exit_2_naming_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\ncache = "x"\n')
    code, _, err = run_cli(["generate"], project, capsys)
    assert code == 2 and "pyproject.toml:3: cache must be true or false" in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other key"])
def test_damaged_entries_are_ignored_and_rewritten(project: Path, damage: str) -> None:
    expected = api.render(_settings(project, cache=False))
    api.render(_settings(project))
    entries = _entries(project / "cache")
    for path, data in entries.items():
        if damage == "garbage":
            path.write_bytes(b"\x80not an entry")
        elif damage == "truncated":
            path.write_bytes(data[: len(data) - 3])
        else:  # a well-formed entry of another key under this key's name
            other = DiskCache("x", project / "elsewhere")
            other.put(cache_key("another"), data[-200:])
            path.write_bytes(_entries(other.folder).popitem()[1])
    assert api.render(_settings(project)) == expected
    assert _entries(project / "cache") == entries  # rewritten as they were


def test_a_cache_folder_that_cannot_be_written_never_fails_generation(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = project / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv(ENV_DIR, str(blocker / "cache"))
    code, _, err = run_cli(["generate", "--out", "a"], project, capsys)
    assert code == 0 and not err, err
    assert run_cli(["check", "--out", "a", "--no-cache"], project, capsys)[0] == 0


def test_a_changed_page_is_parsed_again(project: Path) -> None:
    before = api.render(_settings(project))
    _describe_checksum(project)
    after = api.render(_settings(project))
    assert after != before
    assert any("The upload's hash." in t for t in after.values())
    assert after == api.render(_settings(project, cache=False))


def test_a_changed_page_renders_again_only_the_modules_its_change_reaches(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.render(_settings(project))
    _describe_checksum(project)
    rendered: list[str] = []
    real = package.render

    def counting(env: object, template: str, context: object, **kwargs: object) -> str:
        rendered.append(template)
        return real(env, template, context, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(package, "render", counting)
    after = api.render(_settings(project))
    assert rendered == ["model.py.jinja"]  # the one model whose field docs changed
    assert "The upload's hash." in after["graph_client/models/exact_match_session.py"]
    monkeypatch.setattr(package, "render", real)
    assert after == api.render(_settings(project, cache=False))


def test_a_changed_template_renders_every_module_it_makes_again(project: Path) -> None:
    api.render(_settings(project))
    overrides = project / "templates"
    overrides.mkdir()
    builtin = (ROOT / "templates" / "model.py.jinja").read_text(encoding="utf-8")
    (overrides / "model.py.jinja").write_text(builtin + "\nOVERRIDDEN = True\n")
    settings = replace(_settings(project), templates=overrides)
    files = api.render(settings)
    models = [t for p, t in files.items() if "/models/" in p and not p.endswith("__init__.py")]
    assert len(models) > 5 and all(t.endswith("\nOVERRIDDEN = True\n") for t in models)
    assert "OVERRIDDEN" not in files["graph_client/client.py"]


def test_module_keys_do_not_depend_on_the_hash_seed() -> None:
    # sets iterate in another order under another seed: a key that followed it would miss
    probe = (
        "from codegen.api import parse_docs\n"
        "from codegen.generate import package\n"
        "from codegen.generate.module_cache import module_key\n"
        "m = parse_docs()\n"
        "names = package.type_names(m)\n"
        "specs = (names, package.model_specs(m, names), package.enum_specs(m, names))\n"
        "for path, template, context in package._files(m, package.Options(), specs):\n"
        "    print(path, module_key('r', template, context))\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and "None" not in outputs[0]
    assert len(outputs[0].splitlines()) > 10


def test_an_entry_stored_for_another_parser_version_is_not_used(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.render(_settings(project))
    monkeypatch.setattr(page_cache, "parser_version", lambda: "another parser")
    calls: list[str] = []
    parse = page_cache.parse_data

    def counting(data: bytes, name: str, folder: str) -> object:
        calls.append(name)
        return parse(data, name, folder)

    monkeypatch.setattr(page_cache, "parse_data", counting)
    api.parse_docs([project / "spec" / "docs"], project, cache=True)
    assert len(calls) == len(list((project / "spec" / "docs").rglob("*.md")))


def test_modules_formatted_on_several_cores_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [f"x{i} = [ {i},{i + 1} ]\n" * (i + 1) for i in range(7)]
    names = [f"m{i}.py" for i in range(7)]
    serial = [formatting.format_python(s, n) for s, n in zip(sources, names, strict=True)]
    monkeypatch.setattr(formatting, "PARALLEL_LINES", 0)
    monkeypatch.setattr(formatting, "CHUNK_LINES", 3)  # several chunks, back in order
    monkeypatch.setattr(formatting, "_cores", lambda: 2)
    monkeypatch.setattr(formatting, "_MEMO", {})
    assert formatting.format_all(zip(sources, names, strict=True)) == serial


def test_after_one_page_changed_only_the_modules_whose_code_changed_are_formatted(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.render(_settings(project))
    _describe_checksum(project)
    formatted: list[str] = []
    format_str = formatting.black.format_str

    def counting(source: str, **kwargs: object) -> str:
        formatted.append(source)
        return format_str(source, mode=formatting.MODE)

    monkeypatch.setattr(formatting, "_MEMO", {})
    monkeypatch.setattr(formatting.black, "format_str", counting)
    files = api.render(_settings(project))
    modules = [name for name in files if name.endswith(".py")]
    # every module's header changed (it hashes all pages), but only the models' code did
    assert len(formatted) == 1 and "The upload's hash." in formatted[0], len(formatted)
    assert len(modules) > 1 and files == api.render(_settings(project, cache=False))


def test_a_module_formatted_without_its_header_is_the_module_formatted_whole(
    seed_model: Model,
) -> None:
    rendered: dict[str, str] = {}

    def keep(modules: Iterable[tuple[str, str]]) -> list[str]:
        sources = []
        for source, name in modules:
            rendered[name] = source
            sources.append(source)
        return sources

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(package, "format_all", keep)
        render_package(seed_model, Options())
    assert all(formatting.split_header(s)[0].startswith("# Generated") for s in rendered.values())
    names, sources = list(rendered), list(rendered.values())
    whole = [formatting.black.format_str(s, mode=formatting.MODE) for s in sources]
    assert formatting.format_all(zip(sources, names, strict=True)) == whole
    assert formatting.split_header("#x\nimport a\n") == ("", "#x\nimport a\n")
    assert formatting.split_header("# x\n\nimport a\n") == ("", "# x\n\nimport a\n")


def test_the_cache_folder_is_the_variable_else_xdg_else_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "mine"))
    assert cache_root() == tmp_path / "mine"
    monkeypatch.delenv(ENV_DIR)
    assert cache_root() == tmp_path / "xdg" / "graph-docs-codegen"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not absolute: ignored, as XDG says
    assert cache_root() == tmp_path / "home" / ".cache" / "graph-docs-codegen"


def test_without_a_home_folder_there_is_no_cache_and_no_failure(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(ENV_DIR)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(project / "home"))
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert api.render(_settings(project)) == api.render(_settings(project, cache=False))
    assert not (project / "home").exists()


def test_black_is_given_the_code_after_the_header_and_errors_count_the_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # black formats twice whatever it changes: a blank line kept in place of the header would
    # make it change (and format again) every module
    seen: list[str] = []
    real = formatting.black.format_str

    def spy(source: str, *, mode: object) -> str:
        seen.append(source)
        return real(source, mode=mode)  # type: ignore[arg-type]

    monkeypatch.setattr(formatting.black, "format_str", spy)
    monkeypatch.setattr(formatting, "_MEMO", {})
    header = "# Generated; do not edit.\n# Source hash: x\n"
    body = "x = 1\n"
    assert formatting.format_all([(header + body, "ok.py")]) == [header + body]
    assert seen == [body]
    with pytest.raises(formatting.RenderError, match=r"bad\.py.*line 5"):
        formatting.format_all([(header + "x = 1\n\ny = (\n", "bad.py")])


def test_a_module_that_fails_on_a_worker_names_its_file_and_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(formatting, "PARALLEL_LINES", 0)
    monkeypatch.setattr(formatting, "CHUNK_LINES", 1)
    monkeypatch.setattr(formatting, "_cores", lambda: 2)
    modules = [("# head\nx = 1\n", "a.py"), ("# head\nx = 1\ny = [\n", "b.py"), ("z = 2\n", "c.py")]
    with pytest.raises(formatting.RenderError, match=r"b\.py.*line 3"):
        formatting.format_all(modules)


def test_pages_missing_from_the_cache_parsed_on_several_cores_give_the_same_package(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = api.render(_settings(project, cache=False))
    monkeypatch.setattr(page_cache, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(page_cache, "BATCH_PAGES", 2)  # several batches, back in order
    monkeypatch.setattr(page_cache, "cores", lambda: 2)
    assert api.render(_settings(project)) == expected
    pages = list((project / "spec" / "docs").rglob("*.md"))
    assert len(_entries(project / "cache" / "pages")) == len(pages)  # stored by the workers
    monkeypatch.setattr(page_cache, "parse_data", _refuse)
    assert api.render(_settings(project)) == expected


def test_entries_written_by_threads_are_all_there_when_the_block_ends(tmp_path: Path) -> None:
    entries = {cache_key(str(i)): f"payload {i}".encode() for i in range(200)}
    with DiskCache("threads", tmp_path, writers=4) as store:
        for key, payload in entries.items():
            store.put(key, payload)
    reader = DiskCache("threads", tmp_path)
    assert {key: reader.get(key) for key in entries} == entries
    copy = pickle.loads(pickle.dumps(store))  # what a worker process is sent: no threads
    copy.put(cache_key("copy"), b"x")
    copy.flush()
    assert reader.get(cache_key("copy")) == b"x"
