"""What every kind of property gives the templates: its annotation, its macros, its imports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class PropertyKind:
    """How one property is typed and (de)serialised; the kind describes itself.

    ``macro`` names the template file under templates/properties/ whose ``decode`` and
    ``encode`` macros write the straight-line conversion code (the registry in
    ``codegen.generate.properties.MACROS`` lists them); ``codec`` is the suffix of the
    runtime codec functions or the class expression the macros call; ``item`` is the element
    kind of a collection. ``runtime`` names the ``_base`` helpers the kind's ``decode`` and
    ``encode`` macros call, ``item_runtime`` those its ``item_decoder`` and ``item_encoder``
    macros name; ``stdlib`` the modules its annotation needs, ``typing`` the names of
    ``typing`` it names (``Any``); ``refs`` the generated classes it names (reached through the
    lazy ``models`` package).
    """

    annotation: str
    macro: str
    codec: str = ""
    item: PropertyKind | None = None
    schema_type: str = ""
    runtime: tuple[str, ...] = ()
    item_runtime: tuple[str, ...] = ()
    stdlib: tuple[str, ...] = ()
    typing: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    exact: str = ""  # the class whose instances encode unchanged (str, bool): checked inline
