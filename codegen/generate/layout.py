"""Where each generated class lives: module names inside the generated package.

A submodule import sets an attribute of its package, so a module name must not be one of the
names the package module itself binds (``models`` in a builder module, ``importlib`` in the
models index): such names get a trailing ``_``. Names are lower snake_case, so two modules never
differ by case alone (case-insensitive file systems).
"""

from __future__ import annotations

from collections.abc import Callable

from codegen.generate.naming import field_name, unique_names
from codegen.ir.source import SourceRef
from codegen.parser.docset import DocsError

# A file name from the docs no file system takes fails late and obscurely (ENAMETOOLONG from
# ``check``'s read, a half-written output folder): refused up front. 143 bytes is the shortest
# limit of a common file system (eCryptfs; ext4, APFS and NTFS take 255); the beta corpus's
# longest module file name is 82 bytes and its longest path in a package 221.
MAX_NAME_BYTES = 143
MAX_PATH_BYTES = 1024  # inside the package, so that the output folder has PATH_MAX's rest

# Globals of the generated modules that are packages (models/__init__.py, builder packages).
PACKAGE_GLOBALS = frozenset(
    {
        "annotations",
        "builtins",
        "decode_values",
        "expand_path",
        "importlib",
        "models",
        "odata_params",
        "register_type_loader",
        "to_payload",
    }
)


def module_names(names: list[str], avoid: frozenset[str] = frozenset()) -> list[str]:
    """Unique, safe module names for the given class or segment names, in order; none is in
    ``avoid`` (the names the package binds itself)."""
    taken = PACKAGE_GLOBALS | avoid
    snake = [field_name(n) for n in names]
    return unique_names([n + "_" if n in taken else n for n in snake])


def model_modules(class_names: list[str]) -> dict[str, str]:
    """Class name -> module name under ``models/``, one module per class (a class the index
    binds, like ``_1st``, never shares its name with a module)."""
    return dict(zip(class_names, module_names(class_names, frozenset(class_names)), strict=True))


class LayoutError(DocsError):
    """A name from the docs that makes a generated file's name or path longer than a file
    system takes (a ``DocsError``: the command line's exit 2, naming the page and line)."""


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"


def check_file(path: str, what: str, source: Callable[[], SourceRef | None]) -> str:
    """``path`` (a file inside the package) when every part of it fits a file name and the
    whole a path; else a LayoutError naming ``what`` (the type or URL path that gives the
    name) and where the docs define it (``source``, called only then)."""
    longest = max(path.split("/"), key=_size)
    if _size(longest) <= MAX_NAME_BYTES and _size(path) <= MAX_PATH_BYTES:
        return path
    ref = source()
    where = f"{ref}: " if ref is not None else ""
    if _size(longest) > MAX_NAME_BYTES:
        problem = (
            f"gives the file name {_shown(longest)!r}, {_size(longest)} bytes long; "
            f"a file name takes at most {MAX_NAME_BYTES}"
        )
    else:
        problem = (
            f"gives the file {_shown(path)!r}, a path {_size(path)} bytes long; "
            f"at most {MAX_PATH_BYTES} fit in a package"
        )
    raise LayoutError(f"{where}{_shown(what)} {problem}: shorten it in the docs")
