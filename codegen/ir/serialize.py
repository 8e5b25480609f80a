"""The model to plain data (YAML/JSON) and back: ``load(dump(model)) == model``.

Fields are written in declaration order; fields equal to their default are left out
so the output stays short.  Tuples become lists, enums their values.  Output is
deterministic: same model, same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar

import yaml

from codegen.ir.model import Model
from codegen.terminal import safe_json, safe_yaml, yaml_needs_quotes

T = TypeVar("T")
FORMAT_VERSION = 1


def to_data(obj: Any) -> Any:
    """A dataclass tree as dicts, lists and scalars."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if (
                f.default is not dataclasses.MISSING
                and value == f.default
                and type(value) is type(f.default)
            ):
                continue
            out[f.name] = to_data(value)
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_data(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` from ``to_data`` output."""
    origin = typing.get_origin(cls)
    if cls is Any or cls is object:
        return data
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(cls) if a is not type(None)]
        if data is None:
            return None
        return from_data(args[0], data) if len(args) == 1 else data
    if origin is tuple:
        items = typing.get_args(cls)
        if len(items) == 2 and items[1] is Ellipsis:
            return tuple(from_data(items[0], v) for v in data)
        return tuple(from_data(a, v) for a, v in zip(items, data, strict=True))
    if origin is list:
        return [from_data(typing.get_args(cls)[0], v) for v in data]
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        kwargs = {
            f.name: from_data(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)
            if f.name in data
        }
        return cls(**kwargs)
    if isinstance(cls, type) and issubclass(cls, Enum):
        return cls(data)
    return data


def model_to_data(model: Model) -> dict[str, Any]:
    """The model as plain data, headed by the format version."""
    return {"format": FORMAT_VERSION, **to_data(model)}


def model_from_data(data: dict[str, Any]) -> Model:
    """A model from ``model_to_data`` output."""
    body = {k: v for k, v in data.items() if k != "format"}
    model: Model = from_data(Model, body)
    return model


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with multi-line strings as literal blocks.

    A string holding ``::``, ``##[`` or a control or format character is written
    double-quoted on one line, so that no line of the output can start with ``::`` (a GitHub
    workflow command) and ``safe_yaml`` can escape the rest (codegen/terminal.py)."""

    def analyze_scalar(self, scalar: str) -> Any:
        analysis = super().analyze_scalar(scalar)
        if yaml_needs_quotes(scalar):
            analysis.allow_flow_plain = analysis.allow_block_plain = False
            analysis.allow_single_quoted = analysis.allow_block = False
        return analysis

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        super().write_double_quoted(text, split=split and not yaml_needs_quotes(text))


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|"
        if "\n" in value and value == value.strip("\n ") + ("\n" if value.endswith("\n") else "")
        else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(model: Model) -> str:
    """The model as YAML text, safe for a terminal or a CI log."""
    text = yaml.dump(
        model_to_data(model), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return safe_yaml(text)


def dump_json(model: Model) -> str:
    """The model as JSON text (2-space indent, trailing newline)."""
    return safe_json(json.dumps(model_to_data(model), indent=2, ensure_ascii=False)) + "\n"


def load(text: str) -> Model:
    """A model from YAML or JSON text (JSON is YAML)."""
    data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    return model_from_data(data)
