"""Typed conversion between Convex wire values and the Python types of generated code.

Generated packages describe each function's arguments and result with the codecs here,
built once at import time of the module that uses them; application code does not need
them directly. A codec checks as it converts: a result that does not match the declared
type raises ``ConvexResultError`` naming the function and the place in the value, and an
argument that does not fit raises ``ConvexValueError`` naming the argument.

Paths in error messages are only built on the way out of a failure, so the successful
path costs one method call per value.
"""

from __future__ import annotations

import base64
import enum
import math
import struct
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

from convex_runtime._exceptions import ConvexResultError, ConvexValueError
from convex_runtime._retry import FunctionKind
from convex_runtime._values import (
    ConvexMap,
    ConvexSet,
    Id,
    JSONValue,
    _b64,
    convex_to_json,
    json_to_convex,
)

if TYPE_CHECKING:
    from convex_runtime._client import AsyncConvexClient, ConvexClient

__all__ = [
    "ANY",
    "BOOLEAN",
    "BYTES",
    "FLOAT64",
    "INT64",
    "NULL",
    "STRING",
    "UNSET",
    "Args",
    "Array",
    "Codec",
    "Field",
    "Function",
    "IdCodec",
    "LiteralCodec",
    "MapCodec",
    "Model",
    "Record",
    "SetCodec",
    "Union",
    "Unset",
]

T = TypeVar("T")

_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1


class Unset(enum.Enum):
    """The type of ``UNSET``: an optional field or argument that is not there at all.

    Not the same as ``None``, which is Convex ``null``: an ``UNSET`` argument is left out
    of the request, and a result field that the function did not return reads ``UNSET``.
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    __str__ = __repr__

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET


class _Mismatch(Exception):
    """A value does not fit a codec; ``parts`` grows with each container on the way out."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.parts: list[str] = []

    def path(self, root: str) -> str:
        return root + "".join(reversed(self.parts))


def _key_part(key: object) -> str:
    if isinstance(key, str) and key.isidentifier():
        return f".{key}"
    return f"[{key!r}]"


def _describe(data: object) -> str:
    text = repr(data)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(data).__name__} {text}"


class Codec(Generic[T]):
    """Converts one declared Convex type; ``decode`` checks wire data against it."""

    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        raise NotImplementedError

    def decode(self, data: Any) -> T:
        raise NotImplementedError


class _Null(Codec[None]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        if value is not None:
            raise _Mismatch(f"expected None, got {_describe(value)}")
        return None

    def decode(self, data: Any) -> None:
        if data is not None:
            raise _Mismatch(f"expected null, got {_describe(data)}")
        return None


def _special_float(value: float) -> JSONValue:
    return {"$float": _b64(struct.pack("<d", value))}


class _Float64(Codec[float]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        if type(value) is float:
            if math.isfinite(value) and (value != 0.0 or math.copysign(1.0, value) > 0):
                return value
            return _special_float(value)
        # An int (not a bool) is a number too, like a float subclass.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.encode(float(value))
        raise _Mismatch(f"expected a float, got {_describe(value)}")

    def decode(self, data: Any) -> float:
        kind = type(data)
        if kind is float:
            return data  # type: ignore[no-any-return]
        if kind is int:
            return float(data)
        if kind is dict and len(data) == 1 and "$float" in data:
            value = json_to_convex(data)
            if isinstance(value, float):
                return value
        raise _Mismatch(f"expected a float, got {_describe(data)}")


class _Int64(Codec[int]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        if isinstance(value, bool) or not isinstance(value, int):
            if hasattr(value, "__index__") and not isinstance(value, bool):
                value = value.__index__()
            else:
                raise _Mismatch(f"expected an int (Convex int64), got {_describe(value)}")
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise _Mismatch(f"{value} does not fit in a Convex int64 (-2**63 .. 2**63-1)")
        return {"$integer": _b64(struct.pack("<q", value))}

    def decode(self, data: Any) -> int:
        if type(data) is dict and len(data) == 1:
            encoded = data.get("$integer")
            if type(encoded) is str:
                try:
                    raw = base64.standard_b64decode(encoded)
                except ValueError:
                    raw = b""
                if len(raw) == 8:
                    return int(struct.unpack("<q", raw)[0])
        raise _Mismatch(f"expected an int64 ({{'$integer': ...}}), got {_describe(data)}")


class _Boolean(Codec[bool]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        if type(value) is not bool:
            raise _Mismatch(f"expected a bool, got {_describe(value)}")
        return value

    def decode(self, data: Any) -> bool:
        if type(data) is not bool:
            raise _Mismatch(f"expected a boolean, got {_describe(data)}")
        return data


class _String(Codec[str]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        if not isinstance(value, str):
            raise _Mismatch(f"expected a str, got {_describe(value)}")
        return str(value)

    def decode(self, data: Any) -> str:
        if type(data) is not str:
            raise _Mismatch(f"expected a string, got {_describe(data)}")
        return data


class _Bytes(Codec[bytes]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise _Mismatch(f"expected bytes, got {_describe(value)}")
        return {"$bytes": _b64(bytes(value))}

    def decode(self, data: Any) -> bytes:
        if type(data) is dict and len(data) == 1:
            encoded = data.get("$bytes")
            if type(encoded) is str:
                try:
                    return base64.standard_b64decode(encoded)
                except ValueError:
                    pass
        raise _Mismatch(f"expected bytes ({{'$bytes': ...}}), got {_describe(data)}")


class _Any(Codec[Any]):
    __slots__ = ()

    def encode(self, value: Any) -> JSONValue:
        try:
            return convex_to_json(value, path="")
        except ConvexValueError as exc:
            raise _from_value_error(exc) from None

    def decode(self, data: Any) -> Any:
        try:
            return json_to_convex(data, path="")
        except ConvexValueError as exc:
            raise _from_value_error(exc) from None


def _from_value_error(exc: ConvexValueError) -> _Mismatch:
    """A mismatch at the place inside the value where `exc` happened."""
    mismatch = _Mismatch(exc.reason)
    if exc.path:
        mismatch.parts.append(exc.path)
    return mismatch


NULL: Final[Codec[None]] = _Null()
FLOAT64: Final[Codec[float]] = _Float64()
INT64: Final[Codec[int]] = _Int64()
BOOLEAN: Final[Codec[bool]] = _Boolean()
STRING: Final[Codec[str]] = _String()
BYTES: Final[Codec[bytes]] = _Bytes()
ANY: Final[Codec[Any]] = _Any()


class LiteralCodec(Codec[Any]):
    """A literal: ``value`` is a str, bool, float (Convex number) or int (Convex int64)."""

    __slots__ = ("_base", "_value")

    def __init__(self, value: str | bool | float | int) -> None:
        self._value = value
        if isinstance(value, bool):
            self._base: Codec[Any] = BOOLEAN
        elif isinstance(value, str):
            self._base = STRING
        elif isinstance(value, int):
            self._base = INT64
        else:
            self._base = FLOAT64

    def _check(self, value: Any) -> None:
        same = value == self._value and type(value) is type(self._value)
        if isinstance(self._value, float) and isinstance(value, float):
            same = struct.pack("<d", value) == struct.pack("<d", self._value)
        if not same:
            raise _Mismatch(f"expected the literal {self._value!r}, got {_describe(value)}")

    def encode(self, value: Any) -> JSONValue:
        if isinstance(self._value, float) and isinstance(value, int) and type(value) is not bool:
            value = float(value)
        self._check(value)
        return self._base.encode(value)

    def decode(self, data: Any) -> Any:
        value = self._base.decode(data)
        self._check(value)
        return value


class IdCodec(Codec["Id[Any]"]):
    """A document id of ``table``: a plain string on the wire, an ``Id`` in Python."""

    __slots__ = ("_table",)

    def __init__(self, table: str) -> None:
        self._table = table

    def encode(self, value: Any) -> JSONValue:
        if not isinstance(value, str):
            raise _Mismatch(f"expected an Id of table {self._table!r}, got {_describe(value)}")
        table = getattr(value, "table_name", self._table)
        if table != self._table:
            raise _Mismatch(f"expected an Id of table {self._table!r}, got an Id of {table!r}")
        return str(value)

    def decode(self, data: Any) -> Id[Any]:
        if type(data) is not str:
            raise _Mismatch(f"expected an Id of table {self._table!r}, got {_describe(data)}")
        return Id(self._table, data)


class Array(Codec[list[T]]):
    __slots__ = ("_item",)

    def __init__(self, item: Codec[T]) -> None:
        self._item = item

    def encode(self, value: Any) -> JSONValue:
        if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
            raise _Mismatch(f"expected a sequence, got {_describe(value)}")
        encode = self._item.encode
        out: list[JSONValue] = []
        for index, item in enumerate(value):
            try:
                out.append(encode(item))
            except _Mismatch as exc:
                exc.parts.append(f"[{index}]")
                raise
        return out

    def decode(self, data: Any) -> list[T]:
        if type(data) is not list:
            raise _Mismatch(f"expected an array, got {_describe(data)}")
        decode = self._item.decode
        try:
            return [decode(item) for item in data]
        except _Mismatch as exc:
            # Find the failing index only now, so the success path stays a comprehension.
            for index, item in enumerate(data):
                try:
                    decode(item)
                except _Mismatch:
                    exc.parts.append(f"[{index}]")
                    break
            raise


class Record(Codec[dict[Any, T]]):
    __slots__ = ("_keys", "_values")

    def __init__(self, keys: Codec[Any], values: Codec[T]) -> None:
        self._keys = keys
        self._values = values

    def encode(self, value: Any) -> JSONValue:
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected a mapping, got {_describe(value)}")
        out: dict[str, JSONValue] = {}
        for key, item in value.items():
            try:
                wire_key = self._keys.encode(key)
                out[str(wire_key)] = self._values.encode(item)
            except _Mismatch as exc:
                exc.parts.append(_key_part(key))
                raise
        return out

    def decode(self, data: Any) -> dict[Any, T]:
        if type(data) is not dict:
            raise _Mismatch(f"expected an object, got {_describe(data)}")
        out: dict[Any, T] = {}
        for key, item in data.items():
            try:
                out[self._keys.decode(key)] = self._values.decode(item)
            except _Mismatch as exc:
                exc.parts.append(_key_part(key))
                raise
        return out


class Field:
    """One field of an object: Python attribute name, wire name, codec, optional."""

    __slots__ = ("codec", "name", "optional", "wire")

    def __init__(self, name: str, wire: str, codec: Codec[Any], optional: bool = False) -> None:
        self.name = name
        self.wire = wire
        self.codec = codec
        self.optional = optional


def _encode_fields(fields: Sequence[Field], get: Callable[[Field], Any]) -> dict[str, JSONValue]:
    out: dict[str, JSONValue] = {}
    for field in fields:
        value = get(field)
        if value is UNSET:
            if not field.optional:
                raise _Mismatch(f"missing required field {field.wire!r}")
            continue
        try:
            out[field.wire] = field.codec.encode(value)
        except _Mismatch as exc:
            exc.parts.append(_key_part(field.wire))
            raise
    return out


class Model(Codec[T]):
    """A Convex object as a generated attrs class ``cls``.

    Encoding also takes a mapping keyed by the wire (Convex) field names, which is what
    the generated ``...Dict`` TypedDicts describe. Fields the deployment returns beyond the
    declared ones are ignored, so adding a field on the server does not break old clients.
    """

    __slots__ = ("_cls", "_fields", "_wire_names")

    def __init__(self, cls: Callable[..., T], *fields: Field) -> None:
        self._cls = cls
        self._fields = fields
        self._wire_names = frozenset(f.wire for f in fields)

    def encode(self, value: Any) -> JSONValue:
        if isinstance(value, self._cls):  # type: ignore[arg-type]
            return _encode_fields(self._fields, lambda f: getattr(value, f.name))
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in self._wire_names]
            if unknown:
                expected = ", ".join(sorted(self._wire_names)) or "none"
                raise _Mismatch(f"unknown field {unknown[0]!r} (expected fields: {expected})")
            return _encode_fields(self._fields, lambda f: value.get(f.wire, UNSET))
        name = getattr(self._cls, "__name__", "model")
        raise _Mismatch(f"expected {name} or a dict, got {_describe(value)}")

    def decode(self, data: Any) -> T:
        if type(data) is not dict:
            raise _Mismatch(f"expected an object, got {_describe(data)}")
        kwargs: dict[str, Any] = {}
        for field in self._fields:
            if field.wire in data:
                try:
                    kwargs[field.name] = field.codec.decode(data[field.wire])
                except _Mismatch as exc:
                    exc.parts.append(_key_part(field.wire))
                    raise
            elif not field.optional:
                raise _Mismatch(f"missing required field {field.wire!r}")
        return self._cls(**kwargs)


class Union(Codec[Any]):
    """One of several codecs; with ``tag`` (a field name), objects are told apart by it.

    ``variants`` maps each tag value (as sent on the wire) to the member for it.
    """

    __slots__ = ("_members", "_tag", "_variants")

    def __init__(
        self,
        *members: Codec[Any],
        tag: str | None = None,
        variants: Mapping[Any, Codec[Any]] | None = None,
    ) -> None:
        self._members = members
        self._tag = tag
        self._variants = dict(variants or {})

    def encode(self, value: Any) -> JSONValue:
        for member in self._members:
            if isinstance(member, Model) and isinstance(value, member._cls):  # type: ignore[arg-type]
                return member.encode(value)
        errors: list[str] = []
        for member in self._members:
            try:
                return member.encode(value)
            except _Mismatch as exc:
                errors.append(exc.path("") + (": " if exc.parts else "") + exc.message)
        raise _Mismatch("matches no member of the union (" + "; ".join(errors) + ")")

    def decode(self, data: Any) -> Any:
        if self._tag is not None and type(data) is dict:
            wire_tag = data.get(self._tag)
            # Tags are strings or booleans; anything else falls through to trying each member.
            if type(wire_tag) is str or type(wire_tag) is bool:
                member = self._variants.get(wire_tag)
                if member is not None:
                    return member.decode(data)
        errors: list[str] = []
        for member in self._members:
            try:
                return member.decode(data)
            except _Mismatch as exc:
                errors.append(exc.path("") + (": " if exc.parts else "") + exc.message)
        raise _Mismatch("matches no member of the union (" + "; ".join(errors) + ")")


class SetCodec(Codec[ConvexSet]):
    """Legacy (Convex < 0.19) set."""

    __slots__ = ("_item",)

    def __init__(self, item: Codec[Any]) -> None:
        self._item = item

    def encode(self, value: Any) -> JSONValue:
        return {"$set": Array(self._item).encode(list(value))}

    def decode(self, data: Any) -> ConvexSet:
        if type(data) is not dict or set(data) != {"$set"}:
            raise _Mismatch(f"expected a set ({{'$set': [...]}}), got {_describe(data)}")
        return ConvexSet(Array(self._item).decode(data["$set"]))


class MapCodec(Codec[ConvexMap]):
    """Legacy (Convex < 0.19) map."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: Codec[Any], values: Codec[Any]) -> None:
        self._keys = keys
        self._values = values

    def encode(self, value: Any) -> JSONValue:
        items = value.items() if isinstance(value, Mapping) else value
        return {"$map": [[self._keys.encode(k), self._values.encode(v)] for k, v in items]}

    def decode(self, data: Any) -> ConvexMap:
        if type(data) is not dict or set(data) != {"$map"} or type(data["$map"]) is not list:
            raise _Mismatch(f"expected a map ({{'$map': [...]}}), got {_describe(data)}")
        pairs = []
        for index, pair in enumerate(data["$map"]):
            if type(pair) is not list or len(pair) != 2:
                raise _Mismatch(f"expected a [key, value] pair at entry {index}")
            pairs.append((self._keys.decode(pair[0]), self._values.decode(pair[1])))
        return ConvexMap(pairs)


class Args:
    """The named arguments of a function, keyed by Python parameter name."""

    __slots__ = ("_fields",)

    def __init__(self, *fields: Field) -> None:
        self._fields = fields

    def encode(self, kwargs: Mapping[str, Any]) -> dict[str, JSONValue]:
        return _encode_fields(self._fields, lambda f: kwargs.get(f.name, UNSET))


class Function(Generic[T]):
    """One Convex function: how to call it and how to read what it returns.

    ``args`` is ``None`` for a function without an args validator; its keyword arguments
    are then sent as they are (converted like the untyped client does).
    """

    __slots__ = ("args", "kind", "path", "returns")

    def __init__(self, kind: FunctionKind, path: str, args: Args | None, returns: Codec[T]) -> None:
        self.kind = kind
        self.path = path
        self.args = args
        self.returns = returns

    def encode_args(self, kwargs: Mapping[str, Any]) -> dict[str, JSONValue]:
        if self.args is None:
            try:
                encoded = convex_to_json(dict(kwargs), path="args")
            except ConvexValueError as exc:
                raise ConvexValueError(
                    f"Bad argument for {self.path!r}: {exc.reason}", exc.path
                ) from None
            assert isinstance(encoded, dict)
            return encoded
        try:
            return self.args.encode(kwargs)
        except _Mismatch as exc:
            raise ConvexValueError(
                f"Bad argument for {self.path!r}: {exc.message}", exc.path("args")
            ) from None

    def decode_result(self, data: JSONValue) -> T:
        try:
            return self.returns.decode(data)
        except _Mismatch as exc:
            raise ConvexResultError(
                exc.message + ". Regenerate the client if the deployment's functions changed.",
                exc.path("result"),
                self.path,
            ) from None

    def call(self, client: ConvexClient, /, **kwargs: Any) -> T:
        raw = client.call_encoded(self.kind, self.path, self.encode_args(kwargs))
        return self.decode_result(raw)

    async def acall(self, client: AsyncConvexClient, /, **kwargs: Any) -> T:
        raw = await client.call_encoded(self.kind, self.path, self.encode_args(kwargs))
        return self.decode_result(raw)


def paginate(
    function: Function[Any], client: ConvexClient, page_size: int, kwargs: Mapping[str, Any]
) -> Iterator[Any]:
    """Walk every page of a paginated query, yielding the items of each page."""
    cursor: str | None = None
    while True:
        result = function.call(
            client, **kwargs, pagination_opts={"numItems": page_size, "cursor": cursor}
        )
        yield from result.page
        if result.is_done:
            return
        cursor = result.continue_cursor


async def apaginate(
    function: Function[Any],
    client: AsyncConvexClient,
    page_size: int,
    kwargs: Mapping[str, Any],
) -> AsyncIterator[Any]:
    """The async version of `paginate`."""
    cursor: str | None = None
    while True:
        result = await function.acall(
            client, **kwargs, pagination_opts={"numItems": page_size, "cursor": cursor}
        )
        for item in result.page:
            yield item
        if result.is_done:
            return
        cursor = result.continue_cursor
