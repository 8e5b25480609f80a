"""Settings from ``[tool.codegen]`` in pyproject.toml, overridden by command-line options.

The project root is the nearest folder, from the working folder up, that holds a
pyproject.toml (or is a git work tree's top); paths in ``[tool.codegen]`` are relative to it,
and so are the page names in the model, the generated package and lint reports. Every value is checked when
it is read: a wrong type, an unknown key or a bad URL is a SettingsError naming the file and
line (exit 2).
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from codegen.resolve.slice import pattern_problem

PYPROJECT = "pyproject.toml"
KEYS = (
    "docs",
    "out",
    "package",
    "templates",
    "base_url",
    "metadata",
    "lint",
    "include",
    "exclude",
    "cache",
    "diff",
)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class SettingsError(Exception):
    """pyproject.toml has a [tool.codegen] table that cannot be used, or an option is invalid."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the docs are, where the package goes, and what it is called."""

    docs: tuple[Path, ...] = (Path("spec/docs"),)
    out: Path = Path("generated")
    package: str = "graph_client"
    templates: Path | None = None
    base_url: str = "https://graph.microsoft.com/beta"
    metadata: Path | None = None
    lint: dict[str, Any] = field(default_factory=dict, hash=False)
    diff: dict[str, Any] = field(default_factory=dict, hash=False)  # [tool.codegen.diff]
    root: Path | None = None  # the folder holding pyproject.toml, when there is one
    # slices: URL path globs (/planner/**) and type globs (planner*), see codegen.resolve.slice
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    cache: bool = True  # keep formatted modules and parsed pages in the user's cache folder
    docs_from: str | None = None  # where ``docs`` was set (file:line), None for the default


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the working folder) up that holds a
    pyproject.toml or is a git work tree's top; None when there is none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PYPROJECT).is_file() or (folder / ".git").exists():
            return folder
    return None


def _near(path: Path) -> Path:
    """``path`` as it reads best from the working folder (relative when it can be)."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows)
        return path


def check_package(name: object, where: str) -> str:
    """``name`` if it can be imported as a top-level package, else SettingsError."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise SettingsError(
            f"{where}: package {name!r} is not an importable Python name "
            "(letters, digits and _, not starting with a digit, not a keyword, no dots or dashes)"
        )
    if not name.isascii():
        # Python NFKC-normalises identifiers (`import ｇｒａｐｈ` looks for `graph`) and file
        # systems may normalise file names: the folder written need not be the name imported
        folded = unicodedata.normalize("NFKC", name)
        hint = f"; did you mean {folded!r}?" if folded.isascii() else ""
        raise SettingsError(
            f"{where}: package {name!a} must be ASCII letters, digits and _ (Python "
            f"normalises non-ASCII names, so the folder written is not the name imported){hint}"
        )
    return name


def check_base_url(url: object, where: str) -> str:
    """``url`` if it is an absolute https URL (http only for localhost), else SettingsError."""
    if not isinstance(url, str):
        raise SettingsError(f"{where}: base_url must be a string, not {type(url).__name__}")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as exc:
        raise SettingsError(f"{where}: base_url {url!r} is not a URL: {exc}") from exc
    ok_scheme = parts.scheme == "https" or (parts.scheme == "http" and host in LOCAL_HOSTS)
    if not host or not ok_scheme or parts.query or parts.fragment or parts.username:
        raise SettingsError(
            f"{where}: base_url {url!r} must be an absolute https URL without query, fragment "
            "or credentials (http is allowed for localhost only)"
        )
    return url


def check_patterns(value: object, where: str, key: str) -> tuple[str, ...]:
    """``value`` as slice patterns if it is a list of valid ones, else SettingsError."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(
            f"{where}: {key} must be a list of patterns (URL path globs starting with / or "
            f"type globs), not {value!r}"
        )
    for pattern in value:
        problem = pattern_problem(pattern)
        if problem:
            raise SettingsError(f"{where}: {key} pattern {pattern!r} {problem}")
    return tuple(value)


def _key_lines(text: str) -> dict[str, int]:
    """Line of each key of [tool.codegen] (its own lines, not sub-tables)."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\[?\s*([^\]]+?)\s*\]\]?(\s*#.*)?", stripped)
        if header:
            table = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "")
            continue
        key = re.match(r"([A-Za-z0-9_\-\"]+)\s*=", stripped)
        if key and table == "tool.codegen":
            lines.setdefault(key.group(1).strip('"'), number)
        elif key and table == "tool" and key.group(1) == "codegen":
            lines.setdefault("", number)
    return lines


class _Table:
    """A settings table with typed getters that name the file and line of a bad value."""

    def __init__(self, path: Path, text: str, table: dict[str, Any], label: str) -> None:
        self.path, self.table, self.lines, self.label = path, table, _key_lines(text), label
        self.text = text

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{self.path}:{line}" if line else f"{self.path} {self.label} {key}"

    def string(self, key: str) -> str | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, str):
            raise SettingsError(f"{self.where(key)}: {key} must be a string, not {value!r}")
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, bool):
            raise SettingsError(f"{self.where(key)}: {key} must be true or false, not {value!r}")
        return value

    def strings(self, key: str) -> list[str] | None:
        value = self.table.get(key)
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
            raise SettingsError(
                f"{self.where(key)}: {key} must be a path or a non-empty list of paths, "
                f"not {value!r}"
            )
        return items


def _read(pyproject: Path) -> tuple[str, dict[str, Any]]:
    try:
        raw = pyproject.read_bytes()
    except OSError as exc:
        raise SettingsError(f"{pyproject}: cannot read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SettingsError(f"{pyproject}:{line}: not UTF-8 text") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{pyproject}: not valid TOML: {exc}") from exc


def load_settings(pyproject: Path | None = None) -> Settings:
    """Read [tool.codegen] of the project's pyproject.toml (none, or no table: the defaults)."""
    if pyproject is None:
        found = project_root()
        if found is None:
            return Settings()
        pyproject = _near(found / PYPROJECT)
    root = pyproject.resolve().parent
    if not pyproject.is_file():
        return Settings(root=root)
    text, data = _read(pyproject)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise SettingsError(f"{pyproject}: 'tool' must be a table")
    table = tool.get("codegen", {})
    if not isinstance(table, dict):
        line = _key_lines(text).get("")
        where = f"{pyproject}:{line}" if line else str(pyproject)
        raise SettingsError(f"{where}: [tool.codegen] must be a table")
    return settings_from_table(table, root, _Table(pyproject, text, table, "[tool.codegen]"))


def settings_from_table(
    table: dict[str, Any], root: Path, source: _Table | str, keys: tuple[str, ...] = KEYS
) -> Settings:
    """Settings from a table of them (``[tool.codegen]``, or the hatch hook's table named by
    ``source``), every value checked; paths are relative to ``root``."""
    t = source if isinstance(source, _Table) else _Table(Path(PYPROJECT), "", table, source)
    for key in table:
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(keys)}"
            raise SettingsError(f"{t.where(key)}: unknown key {key!r} in {t.label}{hint}")
    defaults = Settings()
    docs, out, templates, metadata = (
        t.strings("docs"),
        t.string("out"),
        t.string("templates"),
        t.string("metadata"),
    )
    lint = table.get("lint", {})
    if not isinstance(lint, dict):
        raise SettingsError(f"{t.where('lint')}: lint must be a table")
    if lint:
        from codegen.lint.config import check_lint_table  # every key and value of the table

        check_lint_table(lint, t.path, t.text)
    diff = table.get("diff", {})
    if not isinstance(diff, dict):
        raise SettingsError(f"{t.where('diff')}: diff must be a table")
    if diff:
        from codegen.diff.config import check_diff_table  # every key and value of the table

        check_diff_table(diff, t.path, t.text)
    package = t.string("package")
    base_url = t.string("base_url")
    include = (
        check_patterns(table["include"], t.where("include"), "include")
        if "include" in table
        else ()
    )
    exclude = (
        check_patterns(table["exclude"], t.where("exclude"), "exclude")
        if "exclude" in table
        else ()
    )
    cache = t.boolean("cache")
    return Settings(
        docs=tuple(_near(root / d) for d in docs or defaults.docs),
        out=_near(root / (out or defaults.out)),
        package=check_package(package, t.where("package")) if package else defaults.package,
        templates=_near(root / templates) if templates else None,
        base_url=check_base_url(base_url, t.where("base_url")) if base_url else defaults.base_url,
        metadata=_near(root / metadata) if metadata else None,
        lint=dict(lint),
        diff=dict(diff),
        root=root,
        include=include,
        exclude=exclude,
        cache=defaults.cache if cache is None else cache,
        docs_from=t.where("docs") if docs else None,
    )
