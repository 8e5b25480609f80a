"""What every kind of property gives the templates: its annotation and its template macro."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class PropertyKind:
    """How one property is typed and (de)serialised.

    ``macro`` names the template file under templates/properties/ whose ``decode``
    and ``encode`` macros write the straight-line conversion code; ``codec`` is
    the suffix of the runtime codec functions or the class the macros call;
    ``item`` is the element kind of a collection.  ``runtime`` names the ``_base`` helpers the
    kind's ``decode``/``encode`` macros call, ``item_runtime`` those its ``item_decoder`` and
    ``item_encode`` macros call (models.py imports exactly the names its fields use).
    """

    annotation: str
    macro: str
    codec: str = ""
    item: PropertyKind | None = None
    schema_type: str = ""
    runtime: tuple[str, ...] = ()
    item_runtime: tuple[str, ...] = ()
