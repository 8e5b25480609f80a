"""The on-disk cache of formatted modules and parsed pages: same bytes with or without it,
--no-cache leaves it alone, damaged entries are ignored, an unusable folder never fails a run.
Entries are untrusted input: a planted pickle never runs, a planted module never fools check, a
folder others can write to (or one in the project) is not used."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

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
from tests.support import Run, codegen_cli, run_cli

SEEDS = ROOT / "spec" / "docs"
RESOURCE = "spec/docs/resources/exactmatchsession.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed docs in a project of their own, with a cache folder of this test only (beside
    the project: one inside it is not used)."""
    shutil.copytree(SEEDS, tmp_path / "project" / "spec" / "docs")
    (tmp_path / "project" / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\n')
    monkeypatch.setenv(ENV_DIR, str(_cache(tmp_path / "project")))
    monkeypatch.setattr(formatting, "_MEMO", {})  # no help from earlier tests' formatting
    return tmp_path / "project"


def _cache(project: Path) -> Path:
    """The cache folder of the ``project`` fixture."""
    return project.parent / "cache"


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
        assert _entries(_cache(project) / kind), kind
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
    assert not _cache(project).exists()
    expected = _entries(project / "a")
    api.render(_settings(project))
    for kind in ("format", "modules"):  # every formatted module cached as a poisoned text
        store = DiskCache(kind, _cache(project))
        for path in _entries(store.folder):
            store.put(path.name, b"POISON = 1\n")
    before = _entries(_cache(project))
    poisoned = api.render(_settings(project))
    assert any(
        text.endswith("\nPOISON = 1\n") for text in poisoned.values()
    )  # the cache is read...
    for command in ("generate", "check"):
        code, _, err = run_cli([command, "--out", "b", "--no-cache"], project, capsys)
        assert code == 0, err
    assert _entries(_cache(project)) == before  # ...but not with --no-cache
    assert {p.relative_to(project / "b"): t for p, t in _entries(project / "b").items()} == {
        p.relative_to(project / "a"): t for p, t in expected.items()
    }


def test_cache_false_in_pyproject_bypasses_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\ncache = false\n')
    assert run_cli(["generate"], project, capsys)[0] == 0
    assert not _cache(project).exists()


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
    entries = _entries(_cache(project))
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
    assert _entries(_cache(project)) == entries  # rewritten as they were


def test_a_cache_folder_that_cannot_be_written_never_fails_generation(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = project.parent / "not-a-folder"
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
    assert len(_entries(_cache(project) / "pages")) == len(pages)  # stored by the workers
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


# -- entries are untrusted input: the real CLI in a subprocess ---------------------------------


def _cli(args: list[str], project: Path, cache: Path | str) -> Run:
    return codegen_cli(args, project, env={ENV_DIR: str(cache)})


def _tree(folder: Path) -> dict[Path, bytes]:
    """The files under ``folder`` by their path in it."""
    return {p.relative_to(folder): t for p, t in _entries(folder).items()}


def _rewrite(cache: Path, kind: str, payload: Callable[[Path, bytes], bytes | None]) -> int:
    """Every entry of ``kind`` given the payload ``payload(path, old payload)`` returns, stored
    under its own key with a right header and checksum (None: left alone); how many."""
    store = DiskCache(kind, cache)
    changed = 0
    for path in _entries(store.folder):
        old = store.get(path.name)
        new = payload(path, old) if old is not None else None
        if new is not None:
            store.put(path.name, new)
            changed += 1
    return changed


class _RunsCode:
    """A pickle whose loading creates ``marker`` (what a planted entry could do instead)."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (self.marker, "w")


def test_a_planted_pickle_in_the_page_cache_never_runs(project: Path) -> None:
    cache = _cache(project)
    assert _cli(["generate", "--out", "cold", "--no-cache"], project, cache).code == 0
    assert _cli(["generate", "--out", "a"], project, cache).code == 0
    marker = project.parent / "pwned"
    planted = pickle.dumps(_RunsCode(marker))
    pickle.loads(planted)  # this is what the pickle does when loaded...
    assert marker.exists()
    marker.unlink()
    assert _rewrite(cache, "pages", lambda path, old: planted) == 5  # ...each page's entry
    run = _cli(["generate", "--out", "b"], project, cache)
    assert run.code == 0 and not run.err, run.err
    assert not marker.exists()  # ...but it is never loaded
    assert _tree(project / "b") == _tree(project / "cold") == _tree(project / "a")
    for data in _entries(cache / "pages").values():  # rewritten as data
        assert b'["codegen.parser.docset.ParsedPage",' in data and b"\x80" not in data


def _plant_module(cache: Path, original: str, tampered: str) -> int:
    """The cached code of the module ``original`` (its text without the header, in the
    modules/ and format/ caches) replaced by the same part of ``tampered``: how many."""

    def swap(path: Path, old: bytes) -> bytes | None:
        text = old.decode("utf-8")
        if len(text) < 100 or not original.endswith(text):
            return None
        return tampered[len(original) - len(text) :].encode("utf-8")

    return _rewrite(cache, "modules", swap) + _rewrite(cache, "format", swap)


def test_check_renders_every_module_itself_whatever_the_cache_holds(project: Path) -> None:
    cache = _cache(project)
    assert _cli(["generate", "--out", "out"], project, cache).code == 0
    module = project / "out" / "graph_client" / "models" / "exact_match_session.py"
    original = module.read_text(encoding="utf-8")
    tampered = original + "\nTAMPERED = True\n"
    module.write_text(tampered, encoding="utf-8")  # the committed output edited by hand...
    assert _plant_module(cache, original, tampered) == 2  # ...and the cache holding the edit
    run = _cli(["generate", "--out", "trusting"], project, cache)  # generate trusts the cache:
    assert run.code == 0 and "TAMPERED" in (
        project / "trusting" / module.relative_to(project / "out")
    ).read_text(
        encoding="utf-8"
    )  # the plant is under the right keys
    run = _cli(["check", "--out", "out"], project, cache)
    assert run.code == 1 and "\n-TAMPERED = True\n" in run.out, run.out + run.err
    assert "1 changed, 0 missing, 0 orphaned" in run.err
    # ...and check's verdict on untampered output is the same with the tampered cache
    _plant_module(cache, original, tampered)
    assert _cli(["generate", "--out", "clean", "--no-cache"], project, cache).code == 0
    run = _cli(["check", "--out", "clean"], project, cache)
    assert run.code == 0 and "up to date" in run.out, run.out + run.err
    assert _cli(["check", "--out", "out"], project, cache).code == 1
    # check stores what it rendered: the cache holds the true module again
    assert _cli(["generate", "--out", "healed"], project, cache).code == 0
    assert _tree(project / "healed") == _tree(project / "clean")


def _give_away(folder: Path) -> None:
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("needs root to give a folder to another user")
    os.chown(folder, 65534, 65534)


_UNSAFE = ["world-writable", "group-writable", "another user's", "in the project", "in the docs"]


@pytest.mark.parametrize("where", [*_UNSAFE, "its pages folder world-writable"])
def test_a_cache_folder_others_could_write_into_is_not_used(project: Path, where: str) -> None:
    folder = project.parent / "shared-cache"
    assert _cli(["generate", "--out", "a"], project, folder).code == 0
    if where in _UNSAFE:  # cached code the run would write out if it used the cache
        for kind in ("modules", "format"):
            assert _rewrite(folder, kind, lambda path, old: b"POISON = 1\n")
    named: Path | str = folder
    if where == "world-writable":
        folder.chmod(0o777)
        reason = "group or others may write to it (mode 777)"
    elif where == "group-writable":
        folder.chmod(0o770)
        reason = "group or others may write to it (mode 770)"
    elif where == "another user's":
        _give_away(folder)
        reason = "it is owned by another user (uid 65534)"
    elif where == "in the project":  # a relative folder: a committed cache
        folder = Path(shutil.move(folder, project / ".codegen-cache"))
        named, reason = ".codegen-cache", f"it is inside the project {project}"
    elif where == "in the docs":  # the docs folder given on the command line
        folder = named = Path(shutil.move(folder, project / "spec" / "docs" / "cache"))
        project.joinpath("pyproject.toml").unlink()  # no project: the docs folder is checked
        shutil.move(project / "spec", project.parent / "spec")
        project, folder = project.parent, project.parent / "spec" / "docs" / "cache"
        named, reason = folder, "it is inside the docs folder spec/docs"
    else:
        (folder / "pages").chmod(0o777)
        named, reason = folder / "pages", "group or others may write to it (mode 777)"
    before = _entries(folder)
    docs = ["spec/docs"]
    run = _cli(["generate", *docs, "--out", "b"], project, named)
    assert run.code == 0, run.err
    assert run.err == (
        f"codegen: warning: not using the cache folder {named}: {reason}; running without the cache\n"
    ), run.err
    assert _entries(folder) == before  # neither read nor written
    assert _cli(["generate", *docs, "--out", "expected", "--no-cache"], project, named).code == 0
    assert _tree(project / "b") == _tree(project / "expected")
    run = _cli(["check", *docs, "--out", "b"], project, named)
    assert run.code == 0 and len(run.err.splitlines()) == 1, run.err


def test_a_cache_folder_is_created_private(project: Path) -> None:
    cache = project.parent / "new" / "cache"
    assert _cli(["generate", "--out", "a"], project, cache).code == 0
    for folder in [cache, *(p for p in cache.rglob("*") if p.is_dir())]:
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o777 == 0o600 for p in files)


def _json_entry(change: Callable[[list[Any]], object]) -> Callable[[Path, bytes], bytes]:
    def payload(path: Path, old: bytes) -> bytes:
        data = json.loads(old)
        change(data)
        return json.dumps(data).encode()

    return payload


def _set(data: Any, path: tuple[int | str, ...], value: object) -> None:
    for index in path[:-1]:
        data = data[index]
    data[path[-1]] = value


_PAGE_DAMAGE: dict[str, Callable[[Path, bytes], bytes]] = {
    "bad JSON": lambda path, old: old[: len(old) // 2],
    "not JSON at all": lambda path, old: b"\x80\x04\x95",
    "unknown class": _json_entry(lambda d: _set(d, (0,), "posix.system")),
    "another format": _json_entry(lambda d: _set(d, (1,), 2)),
    "wrong type": _json_entry(lambda d: _set(d, (2, 0, 0), 5)),  # PageInfo.path
    "a value not allowed": _json_entry(lambda d: _set(d, (2, 0, 1), "evil")),  # PageInfo.kind
    "missing field": _json_entry(lambda d: d[2].pop()),
    "a field too many": _json_entry(lambda d: d[2].append(None)),
    "unknown tag": _json_entry(  # a front matter value (Page.front_matter["title"])
        lambda d: _set(d, (2, 5, 1, "title"), {"\0tagged": ["posix.system", "x"]})
    ),
    "too deep to read": lambda path, old: b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("damage", ["truncated", "other key", *_PAGE_DAMAGE])
def test_a_damaged_page_entry_is_a_miss(project: Path, damage: str) -> None:
    cache = _cache(project)
    assert _cli(["generate", "--out", "a"], project, cache).code == 0
    entries = _entries(cache / "pages")
    if damage == "truncated":
        for path, data in entries.items():
            path.write_bytes(data[: len(data) - 3])
    elif damage == "other key":
        for path, data in entries.items():  # a well-formed entry of another page's key
            others = [d for p, d in entries.items() if p != path]
            path.write_bytes(others[0])
    else:
        assert _rewrite(cache, "pages", _PAGE_DAMAGE[damage]) == len(entries)
    run = _cli(["generate", "--out", "b"], project, cache)
    assert run.code == 0 and not run.err, run.err
    assert _tree(project / "b") == _tree(project / "a")
    assert _entries(cache / "pages") == entries  # parsed again and rewritten as they were


def test_the_page_codec_keeps_every_value_as_it_was_and_checks_what_it_reads() -> None:
    from codegen.parser.docset import parse_text

    text = (
        "---\ntitle: t\ndate: 2021-03-04\nwhen: 2021-03-04 05:06:07.5+02:00\nbits: !!binary aGk=\n"
        "some: !!set {1, 2}\npairs: !!omap [{a: 1}, {b: 2}]\n"
        "keys: {1: int, null: none, 1.5: float}\nnan: .nan\nplain: [1, 1.0, true, null]\n"
        'marked: {"\\0tagged": ["tuple", [1]]}\n---\n'  # plain JSON that looks tagged
        "# user resource type\n\nNamespace: microsoft.graph\n"
    )
    page = page_cache._for_resolving(parse_text(text, "docs/resources/user.md"))
    assert page.page is not None and page.page.front_matter["marked"] == {
        "\0tagged": ["tuple", [1]]
    }
    codec = page_cache._codec()
    decoded = codec.loads(codec.dumps(page))
    assert repr(decoded) == repr(page)  # the same values of the same types (nan included)
    assert decoded.page is not None and decoded.page.front_matter["marked"] == {
        "\0tagged": ["tuple", [1]]  # what the page said, not a tuple
    }
    with pytest.raises(page_cache.CodecError):
        codec.loads(b'["codegen.parser.docset.ParsedPage",1,[1]]')


def _deep_example(project: Path, depth: int) -> None:
    page = project / "spec" / "docs" / "api" / "exactmatchsession-get.md"
    text = page.read_text(encoding="utf-8")
    deep = '{"a": ' * depth + "1" + "}" * depth
    fields = '"fields": [\n      "Fields value"\n    ],'
    assert fields in text
    page.write_text(text.replace(fields, f'{fields}\n    "deep": {deep},'), encoding="utf-8")


def test_a_deeply_nested_example_is_cached_and_read_back(project: Path) -> None:
    _deep_example(project, 800)
    cache = _cache(project)
    assert _cli(["generate", "--out", "plain", "--no-cache"], project, cache).code == 0
    for out in ("cold", "warm"):
        run = _cli(["generate", "--out", out], project, cache)
        assert run.code == 0 and "internal error" not in run.err, run.err
        assert _tree(project / out) == _tree(project / "plain")
    pages = list((project / "spec" / "docs").rglob("*.md"))
    assert len(_entries(cache / "pages")) == len(pages)  # the deep page was stored too
    run = _cli(["check", "--out", "warm"], project, cache)
    assert run.code == 0, run.out + run.err


def test_the_generator_has_no_pickle_marshal_or_eval() -> None:
    banned = re.compile(
        r"^\s*(?:import|from)\s+(?:pickle|marshal|shelve|dill|cloudpickle)\b"
        r"|\b(?:pickle|marshal)\.loads?\(|(?<![\w.])eval\(|\bexec\(",
        re.MULTILINE,
    )
    found = [
        f"{p.relative_to(ROOT)}: {m.group(0).strip()}"
        for p in sorted((ROOT / "codegen").rglob("*.py"))
        for m in banned.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not found, found
