"""The EDM primitive types as the generator reads them: the runtime's one table.

``codegen.runtime._edm.EDM_TYPES`` (copied into every generated package as ``_edm.py``) says
for each EDM type its JSON kind, its lexical form, the Python annotation of a field, and the
``decode_<codec>``/``encode_<codec>`` functions of ``_base`` that convert and check it; the
decoders, the encoders, ``validate()`` and lint read the same table, so they cannot disagree.
``converts`` is True when the wire value is not the Python value (dates, durations, GUIDs,
base64); ``stdlib`` is the module the annotation needs.
"""

from __future__ import annotations

from codegen.runtime._edm import EDM_TYPES, EdmType

__all__ = ["EDM_TYPES", "EdmType"]
