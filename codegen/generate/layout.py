"""Where each generated class lives: module names inside the generated package.

A submodule import sets an attribute of its package, so a module name must not be one of the
names the package module itself binds (``models`` in a builder module, ``importlib`` in the
models index): such names get a trailing ``_``. Names are lower snake_case, so two modules never
differ by case alone (case-insensitive file systems).
"""

from __future__ import annotations

from codegen.generate.naming import field_name, unique_names

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
