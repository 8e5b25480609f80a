"""Issue 8, item 4: types and docs users can trust: nullability in the types, a repr of what
was set, docstrings with the docs' words (no TODOs, no filler) and links to learn.microsoft.com,
never to this project's files."""

from __future__ import annotations

import ast
from pathlib import Path

from codegen.generate.doc_text import clean_description, learn_url
from codegen.generate.package import Options, render_package
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.ir.structured import Property, StructuredType
from codegen.ir.types import TypeRef
from tests.conftest import ROOT
from tests.support import import_temp_package

GENERATED = ROOT / "generated" / "graph_client"


def _docstrings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for stmt in body if isinstance(body, list) else []:
            value = stmt.value if isinstance(stmt, ast.Expr) else None
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.append(value.value)
    return out


def test_docstrings_carry_the_docs_words_and_learn_links_only() -> None:
    files = [*GENERATED.glob("models/*.py"), *GENERATED.glob("builders/**/*.py")]
    docs = [d for f in sorted(files) for d in _docstrings(f)]
    assert docs
    assert not [d for d in docs if "TODO" in d or "spec/docs" in d or ".md:" in d]
    assert not [d for d in docs if d.strip().startswith("The ") and d.strip().endswith(" property.")]
    session = next(d for d in docs if d.startswith("The exactMatchSession entity type."))
    assert "learn.microsoft.com/graph/api/resources/exactmatchsession?view=graph-rest-beta" in session


def test_leftovers_are_cleaned_and_links_follow_the_file_name() -> None:
    assert clean_description("TODO: Add Description Optional.") == "Optional."
    assert clean_description("TODO: Add Description") == ""
    assert clean_description("The user's display name. TODO") == "The user's display name."
    assert learn_url("spec/docs/resources/exactMatchSession.md").endswith(
        "/graph/api/resources/exactmatchsession?view=graph-rest-beta"
    )
    assert learn_url("api/user-get.md") == (
        "https://learn.microsoft.com/graph/api/user-get?view=graph-rest-beta"
    )


def _widget_model() -> Model:
    at = SourceRef(file="docs/resources/widget.md", line=1)
    props = (
        Property(name="name", type=TypeRef(name="Edm.String"), nullable=False, source=at),
        Property(name="note", type=TypeRef(name="Edm.String"), description="TODO", source=at),
    )
    widget = StructuredType(name="widget", kind="complex", origin="page", properties=props, source=at)
    return Model(types=(widget,))


def test_not_nullable_properties_are_typed_without_none(tmp_path: Path) -> None:
    files = render_package(_widget_model(), Options(package="pkg"))
    models = files["pkg/models/widget.py"]
    assert "    name: str | Unset = UNSET\n" in models
    assert "    note: str | None | Unset = UNSET\n" in models
    assert '"""TODO' not in models  # no docstring at all rather than a leftover or a filler
    package = {name.split("/", 1)[1]: text for name, text in files.items()}
    with import_temp_package(tmp_path, package, "models") as module:
        widget = module.Widget(name="w")
        assert repr(widget) == "Widget(name='w')"  # only what was set
        assert repr(module.Widget.from_dict({"note": None, "x": 1})) == (
            "Widget(note=None, additional_data={'x': 1})"
        )
