"""The generated package's runtime: the modules of ``codegen/runtime`` and ``_schema.json``.

The modules are copied verbatim under the header: they are written to be black-stable both at
codegen's line length (100) and at the generated package's (black's default, 88), so they need
no formatting here (tests/test_runtime.py checks both).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from codegen.runtime.validators import SCHEMA_FILE

_SURROGATE = re.compile("[\ud800-\udfff]")
RUNTIME = Path(__file__).resolve().parents[1] / "runtime"
# Every module of codegen/runtime but its __init__ (_base, _edm, _transport, validators...).
STATIC_MODULES = tuple(sorted(p.name for p in RUNTIME.glob("*.py") if p.name != "__init__.py"))


def _exported(name: str) -> tuple[str, ...]:
    """The names a runtime module's ``__all__`` lists (a list of str literals in each)."""
    tree = ast.parse((RUNTIME / name).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            names = ast.literal_eval(node.value)
            return tuple(str(n) for n in names)
    return ()


# What the generated modules import from the runtime, by name: the module (relative to the
# package, "._odata") whose ``__all__`` lists it. The runtime's own ``__all__`` lists are the
# one record of where each name lives; tests/test_runtime.py checks that no name is in two.
RUNTIME_MODULE_OF: dict[str, str] = {
    exported: "." + name.removesuffix(".py")
    for name in STATIC_MODULES
    for exported in _exported(name)
}


def runtime_sources(head: str) -> dict[str, str]:
    """The runtime modules' text with the header, by file name in the package (final text)."""
    return {name: head + (RUNTIME / name).read_text(encoding="utf-8") for name in STATIC_MODULES}


def _entry(key: str, value: Any) -> str:
    """One ``"key": value`` on one line, every object's keys sorted (the C encoder: no indent)."""
    return json.dumps({key: value}, ensure_ascii=False, sort_keys=True)[1:-1]


def _member(key: str, value: Any, indent: str) -> str:
    """One member of a type, enum or operation: a scalar on its line; an object or list with
    one line per item (a property, an enum member, a body property), each item on one line."""
    if isinstance(value, dict) and value:
        items = [f"{indent} {_entry(k, value[k])}" for k in sorted(value)]
    elif isinstance(value, (list, tuple)) and value:
        items = [f"{indent} {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for v in value]
    else:
        return f"{indent}{_entry(key, value)}"
    close = "}" if isinstance(value, dict) else "]"
    return (
        f"{indent}{json.dumps(key)}: {'{' if close == '}' else '['}\n"
        + ",\n".join(items)
        + f"\n{indent}{close}"
    )


def _table_entry(key: str, value: Any) -> str:
    """One type, enum or operation: its scalars and collections one per line (``_member``)."""
    if not isinstance(value, dict) or not value:
        return f"  {_entry(key, value)}"
    members = ",\n".join(_member(k, value[k], "   ") for k in sorted(value))
    return f"  {json.dumps(key)}: {{\n{members}\n  }}"


def schema_json(head: str, tables: Mapping[str, Any]) -> str:
    """``_schema.json``'s text: the header under ``generated_by`` first, then the tables by
    name; in each type, enum or operation one line per scalar and per property, member or
    body property (so a one-property change is a one-line diff).

    ``tables``: ``types``, ``enums`` and ``operations`` (``codegen.generate.schema``).
    """
    parts = [_entry("generated_by", head)]
    for name in sorted(tables):
        table = tables[name]
        lines = ",\n".join(_table_entry(key, table[key]) for key in sorted(table))
        parts.append(
            f"{json.dumps(name)}: {{\n{lines}\n }}" if lines else f"{json.dumps(name)}: {{}}"
        )
    text = "{\n " + ",\n ".join(parts) + "\n}\n"
    # a lone surrogate (a JSON example's "\ud800" escape, in a type or property name) cannot
    # be written as UTF-8: JSON escapes it (only strings hold one, the structure is ASCII)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def runtime_files(package: str, head: str, tables: Mapping[str, Any]) -> dict[str, str]:
    """The runtime files of the package by path relative to the output folder, final text.

    Nothing here goes through black: the modules are copied as they are, and ``_schema.json``
    is not Python.
    """
    files = {f"{package}/{name}": text for name, text in runtime_sources(head).items()}
    files[f"{package}/{SCHEMA_FILE}"] = schema_json(head, tables)
    return files
