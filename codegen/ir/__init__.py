"""The intermediate model: frozen dataclasses, one module per concept."""

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.enums import EnumMember, EnumType
from codegen.ir.http import HttpMessage, RequestLine
from codegen.ir.model import Conflict, ConflictSide, Model, PageInfo
from codegen.ir.operation import Example, Operation, Parameter, Permission
from codegen.ir.source import SourceRef
from codegen.ir.structured import MethodLink, NavigationProperty, Property, StructuredType
from codegen.ir.types import PRIMITIVES, TypeRef

__all__ = [
    "PRIMITIVES",
    "Conflict",
    "ConflictSide",
    "Diagnostic",
    "EnumMember",
    "EnumType",
    "Example",
    "HttpMessage",
    "MethodLink",
    "Model",
    "NavigationProperty",
    "Operation",
    "PageInfo",
    "Parameter",
    "Permission",
    "Property",
    "RequestLine",
    "Severity",
    "SourceRef",
    "StructuredType",
    "TypeRef",
]
