"""Dataclass trees as JSON and back, strictly: the format of data a cache stores (never pickle).

``Codec(root, classes)`` turns a value of the dataclass ``root`` into JSON bytes and back,
driven by the fields and type hints of ``root`` and of the dataclasses they name, each of which
must be one of ``classes`` (a whitelist, checked when the codec is made). A dataclass is the
array of its field values in declaration order, tuples and lists are arrays, an enum is its
value, and an ``Any`` value (a JSON example, front matter) is stored as it is when it is plain
JSON, else tagged (the dates, sets, byte strings and non-string keys YAML gives). The whole is
headed by the root's name.

Decoding builds only what the type hints name (the data never chooses a class) and checks
every value against its hint: a wrong type, a missing or extra field, an unknown tag or name,
bad JSON, a value nested too deeply to read: each is a ``CodecError``, never another
exception. Encoding is as strict (a value its hint does not allow is a CodecError, never
stored altered), so ``decode(encode(x)) == x`` with the same types; as ``serialize``, it
follows the values, not how objects are shared.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import types
import typing
from collections.abc import Callable, Iterable
from enum import Enum
from operator import attrgetter
from typing import Any, Generic, TypeVar

from codegen.ir.serialize import _hints

T = TypeVar("T")
Coder = Callable[[Any], Any]

FORMAT = 1
# The key of the one-member object that holds an ``Any`` value which is not plain JSON (tagged)
MARK = "\u0000tagged"
_NONE = type(None)
_SCALARS = frozenset({str, int, float, bool, _NONE})
_NUMBERS = frozenset({int, float, bool})  # equal values of different types: 1 == 1.0 == True


class CodecError(ValueError):
    """A value that cannot be encoded, or data that does not decode to a value of the type."""


def _fail(what: str) -> typing.NoReturn:
    raise CodecError(what)


class Codec(Generic[T]):
    """Strict JSON for values of the dataclass ``root``; ``classes``: the dataclasses allowed."""

    def __init__(self, root: type[T], classes: Iterable[type]) -> None:
        self._classes = frozenset(classes)
        self._name = f"{root.__module__}.{root.__qualname__}"
        self._encoders: dict[Any, Coder] = {}
        self._shared: dict[Any, Any] = {}  # equal values of one payload, decoded once
        self._decoders: dict[Any, Coder] = {}
        self._encode = self._coder(root, encode=True)
        self._decode = self._coder(root, encode=False)

    def dumps(self, value: T) -> bytes:
        """``value`` as JSON bytes (ASCII); CodecError when its types are not its hints'."""
        try:
            data = [self._name, FORMAT, self._encode(value)]
            return json.dumps(data, separators=(",", ":"), check_circular=False).encode("ascii")
        except CodecError:
            raise
        except (TypeError, ValueError, RecursionError) as exc:  # too deep, an int too long...
            raise CodecError(f"cannot encode: {type(exc).__name__}: {exc}") from exc

    def loads(self, payload: bytes) -> T:
        """The value ``payload`` holds; CodecError for anything that is not one."""
        try:
            data = json.loads(payload)
            if type(data) is not list or len(data) != 3:
                _fail("not an encoded value")
            if data[0] != self._name or data[1] != FORMAT:
                _fail(f"holds {data[0]!r} (format {data[1]!r}), not {self._name!r}")
            value: T = self._decode(data[2])
            return value
        except CodecError:
            raise
        except Exception as exc:  # bad JSON, nested too deep, an unhashable key...: a miss
            raise CodecError(f"cannot decode: {type(exc).__name__}: {exc}") from exc
        finally:
            self._shared.clear()

    # -- one coder per type hint, made once -----------------------------------------------

    def _coder(self, hint: Any, *, encode: bool) -> Coder:
        memo = self._encoders if encode else self._decoders
        found = memo.get(hint)
        if found is None:
            if isinstance(hint, type) and dataclasses.is_dataclass(hint):
                found = self._dataclass(hint, memo, encode=encode)
            else:
                found = memo[hint] = self._make(hint, encode=encode)
        return found

    def _make(self, hint: Any, *, encode: bool) -> Coder:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint is Any:
            return _encode_any if encode else _decode_any
        if hint in _SCALARS:
            return _exact(frozenset({hint}))
        if origin in (typing.Union, types.UnionType):
            if all(a in _SCALARS for a in args):
                return _exact(frozenset(args))
            others = [a for a in args if a is not _NONE]
            if len(others) != 1:
                raise TypeError(f"unsupported union {hint!r}")
            return _optional(self._coder(others[0], encode=encode))
        if origin is typing.Literal:
            allowed = frozenset((type(a), a) for a in args)
            return _literal(allowed)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return _sequence(self._coder(args[0], encode=encode), tuple, encode=encode)
        if origin is tuple:
            return _fixed([self._coder(a, encode=encode) for a in args], encode=encode)
        if origin is list:
            return _sequence(self._coder(args[0], encode=encode), list, encode=encode)
        if origin is dict and args[0] is str:
            return _mapping(self._coder(args[1], encode=encode))
        if isinstance(hint, type) and issubclass(hint, Enum):
            return _enum(hint, encode=encode)
        raise TypeError(f"unsupported type hint {hint!r}")

    def _dataclass(self, cls: type, memo: dict[Any, Coder], *, encode: bool) -> Coder:
        if cls not in self._classes:
            raise TypeError(f"{cls.__qualname__} is not one of the classes this codec allows")
        if hasattr(cls, "__post_init__") or getattr(cls, "__slots__", None):
            raise TypeError(f"{cls.__qualname__}: only plain dataclasses are supported")
        names = [f.name for f in dataclasses.fields(cls)]

        def late(value: Any) -> Any:  # a class reached again while its coder is being made
            return built(value)

        memo[cls] = late
        hints = _hints(cls)
        coders = [self._coder(hints[name], encode=encode) for name in names]
        if encode:
            built = _encode_dataclass(cls, names, coders)
        else:
            built = _decode_dataclass(cls, names, coders, self._shared)
        memo[cls] = built
        return built


# -- coders ------------------------------------------------------------------------------


class _Exact:
    """A value of one of the scalar types ``allowed``, exactly (no bool for an int)."""

    def __init__(self, allowed: frozenset[type]) -> None:
        self.allowed = allowed

    def __call__(self, value: Any) -> Any:
        if type(value) in self.allowed:
            return value
        _fail(f"{type(value).__name__} where {sorted(t.__name__ for t in self.allowed)} belongs")


_exact = _Exact


class _Optional:
    """None, or what ``inner`` codes."""

    def __init__(self, inner: Coder) -> None:
        self.inner = inner

    def __call__(self, value: Any) -> Any:
        return None if value is None else self.inner(value)


_optional = _Optional


def _literal(allowed: frozenset[tuple[type, Any]]) -> Coder:
    def code(value: Any) -> Any:
        if type(value) in _SCALARS and (type(value), value) in allowed:
            return value
        _fail(f"{value!r} is not one of the values allowed")

    return code


def _sequence(item: Coder, kind: type, *, encode: bool) -> Coder:
    source = kind if encode else list

    def code(value: Any) -> Any:
        if type(value) is not source:
            _fail(f"{type(value).__name__} where a {source.__name__} belongs")
        items = list(map(item, typing.cast(Iterable[Any], value)))
        return items if encode or kind is list else tuple(items)

    return code


def _fixed(items: list[Coder], *, encode: bool) -> Coder:
    size = len(items)

    def code(value: Any) -> Any:
        if type(value) is not (tuple if encode else list) or len(value) != size:
            _fail(f"not a pair of {size} values")
        out = [c(v) for c, v in zip(items, value, strict=True)]
        return out if encode else tuple(out)

    return code


def _mapping(values: Coder) -> Coder:
    def code(value: Any) -> Any:
        if type(value) is not dict:
            _fail(f"{type(value).__name__} where a dict belongs")
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                _fail(f"a {type(key).__name__} key where string keys belong")
            out[key] = values(item)
        return out

    return code


def _enum(cls: type[Enum], *, encode: bool) -> Coder:
    by_value = {(type(m.value), m.value): m for m in cls}

    def encode_member(value: Any) -> Any:
        if type(value) is not cls:
            _fail(f"{type(value).__name__} where {cls.__qualname__} belongs")
        return value.value

    def decode_member(value: Any) -> Any:
        if type(value) in _SCALARS and (type(value), value) in by_value:
            return by_value[(type(value), value)]
        _fail(f"{value!r} is no {cls.__qualname__}")

    return encode_member if encode else decode_member


def _encode_dataclass(cls: type, names: list[str], coders: list[Coder]) -> Coder:
    fields = attrgetter(*names) if len(names) > 1 else (lambda o: (getattr(o, names[0]),))
    pairs = list(zip(coders, range(len(names)), strict=True))

    def code(value: Any) -> Any:
        if type(value) is not cls:
            _fail(f"{type(value).__name__} where {cls.__qualname__} belongs")
        got = fields(value)
        return [c(got[i]) for c, i in pairs]

    return code


def _decode_dataclass(
    cls: type, names: list[str], coders: list[Coder], shared: dict[Any, Any]
) -> Coder:
    """The types of all fields are looked up at once among the combinations already seen
    valid (a handful per class), each with its plan: the coders of the fields that need one
    (not a plain scalar, not None where None is allowed, not a scalar where anything is). A
    frozen class of scalar fields only (a SourceRef, a Heading) is a value: equal ones decoded
    for one payload are one object (``shared``), as they were when the page was parsed, and so
    are their equal strings (every SourceRef of a page names its file)."""
    size = len(names)
    new = object.__new__
    scalar = {i: c.allowed for i, c in enumerate(coders) if isinstance(c, _Exact)}
    params = getattr(cls, "__dataclass_params__", None)
    is_value = (
        len(scalar) == size
        and params is not None
        and params.frozen
        and params.eq
        and all(len(allowed & _NUMBERS) < 2 for allowed in scalar.values())  # 1 == True
    )
    texts = [i for i, allowed in scalar.items() if allowed == {str}] if is_value else []
    plans: dict[tuple[type, ...], tuple[tuple[int, Coder], ...]] = {}

    def plan(kinds: tuple[type, ...]) -> tuple[tuple[int, Coder], ...]:
        steps = []
        for i, (kind, coder) in enumerate(zip(kinds, coders, strict=True)):
            optional = isinstance(coder, _Optional)
            if i in scalar:
                if kind not in scalar[i]:
                    _fail(f"{cls.__qualname__}.{names[i]}: a {kind.__name__}")
            elif not (kind is _NONE and optional or coder is _decode_any and kind is not dict):
                steps.append((i, coder.inner if isinstance(coder, _Optional) else coder))
        found = tuple(steps)
        if len(plans) < _PATTERNS:
            plans[kinds] = found
        return found

    def code(value: Any) -> Any:
        if type(value) is not list or len(value) != size:
            _fail(f"not the {size} fields of {cls.__qualname__}")
        kinds = tuple(map(type, value))
        steps = plans.get(kinds)
        if steps is None:
            steps = plan(kinds)
        if is_value:
            key = (cls, *value)
            found = shared.get(key)
            if found is not None:
                return found
            for i in texts:  # one string for the many values naming one file
                value[i] = shared.setdefault(value[i], value[i])
        for i, c in steps:
            value[i] = c(value[i])  # the list is the decoder's own, fresh from json.loads
        obj: Any = new(cls)
        # every field, each checked against its hint: what __init__ would set (no
        # __post_init__, checked when the codec was made), bypassing frozen's __setattr__
        obj.__dict__.update(zip(names, value))
        if is_value:
            shared[key] = obj
        return obj

    return code


_PATTERNS = 256  # combinations of field types a class's decoder remembers (with their plans)


# -- Any: plain JSON as it is, anything else tagged --------------------------------------


def _plain_json(value: Any) -> bool:
    """True when ``value`` is JSON as json.loads gives it: dicts with string keys, lists,
    strings, numbers, booleans, None, each container met once (no sharing, no cycles).
    Iterative: examples nest deeper than Python's recursion limit allows to walk."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            if id(item) in seen:
                return False
            seen.add(id(item))
            for key in item:
                if type(key) is not str:
                    return False
            stack.extend(item.values())
        elif kind is list:
            if id(item) in seen:
                return False
            seen.add(id(item))
            stack.extend(item)
        elif kind not in _SCALARS:
            return False
    return True


def _encode_any(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if _plain_json(value) and not (type(value) is dict and MARK in value):
        return value
    return {MARK: _tag(value)}


def _decode_any(value: Any) -> Any:
    if type(value) is dict and MARK in value:
        if len(value) != 1:
            _fail("a tagged value with other members")
        return _untag(value[MARK])
    return value


def _tag(value: Any) -> Any:
    """A value YAML (or JSON) can give, tagged: every container a [tag, items] pair, scalars
    as they are (so a JSON array is always a tagged container)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [kind.__name__, [_tag(v) for v in value]]
    if kind is dict:
        return ["dict", [[_tag(k), _tag(v)] for k, v in value.items()]]
    if kind is set or kind is frozenset:
        return [kind.__name__, [_tag(v) for v in value]]
    if kind is bytes:
        return ["bytes", base64.b64encode(value).decode("ascii")]
    if kind is datetime.date:
        return ["date", value.isoformat()]
    if kind is datetime.datetime:
        zone = value.tzinfo
        text = value.isoformat()
        if zone is not None and (
            type(zone) is not datetime.timezone or repr(_datetime(text).tzinfo) != repr(zone)
        ):
            _fail(f"a datetime in the time zone {zone!r}")
        return ["datetime", text]
    _fail(f"a {kind.__name__} value")


_TAGS: dict[str, Callable[[Any], Any]] = {
    "list": lambda items: [_untag(v) for v in _list(items)],
    "tuple": lambda items: tuple(_untag(v) for v in _list(items)),
    "dict": lambda pairs: dict(_pair(p) for p in _list(pairs)),
    "set": lambda items: {_untag(v) for v in _list(items)},
    "frozenset": lambda items: frozenset(_untag(v) for v in _list(items)),
    "bytes": lambda text: base64.b64decode(_str(text), validate=True),
    "date": lambda text: datetime.date.fromisoformat(_str(text)),
    "datetime": lambda text: _datetime(_str(text)),
}


def _untag(data: Any) -> Any:
    kind = type(data)
    if kind in _SCALARS:
        return data
    if kind is not list or len(data) != 2 or type(data[0]) is not str or data[0] not in _TAGS:
        _fail("not a tagged value")
    return _TAGS[data[0]](data[1])


def _list(data: Any) -> list[Any]:
    return data if type(data) is list else _fail("not a list")


def _str(data: Any) -> str:
    return data if type(data) is str else _fail("not a string")


def _pair(data: Any) -> tuple[Any, Any]:
    if type(data) is not list or len(data) != 2:
        _fail("not a key and a value")
    return _untag(data[0]), _untag(data[1])


def _datetime(text: str) -> datetime.datetime:
    value = datetime.datetime.fromisoformat(text)
    if type(value) is not datetime.datetime:
        _fail("not a datetime")
    return value
