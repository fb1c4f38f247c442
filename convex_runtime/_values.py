"""Convex values and their JSON wire form ("convex_encoded_json").

``convex_to_json`` turns Python values into JSON-compatible data the Convex HTTP API
accepts, ``json_to_convex`` turns such data back into Python values. The round trip is
lossless for every valid value, floats included bit for bit.

Python        Convex      wire form
------------  ----------  ---------------------------------------------------
None          Null        ``null``
bool          Boolean     ``true`` / ``false``
float, int    Float64     JSON number; NaN, +-inf and -0.0 as ``{"$float": b64}``
ConvexInt64   Int64       ``{"$integer": b64}`` (8 bytes, little-endian)
str, Id       String      JSON string
bytes         Bytes       ``{"$bytes": b64}`` (any buffer-protocol object encodes)
list          Array       JSON array (tuples and other sequences encode)
dict          Object      JSON object (other mappings encode)
ConvexSet     Set         ``{"$set": [...]}`` (legacy; builtin sets encode)
ConvexMap     Map         ``{"$map": [[k, v], ...]}`` (legacy)
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import numbers
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from typing import Any, Generic, TypeAlias, TypeVar

from convex_runtime._exceptions import ConvexValueError

__all__ = [
    "ConvexInt64",
    "ConvexMap",
    "ConvexSet",
    "ConvexValue",
    "Id",
    "JSONValue",
    "convex_to_json",
    "json_to_convex",
]

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
"""Data that ``json.dumps`` accepts and ``json.loads`` returns."""

ConvexValue: TypeAlias = Any
"""A decoded Convex value: ``None``, ``bool``, ``float``, ``ConvexInt64``, ``str``,
``bytes``, ``list``, ``dict[str, ...]``, and for legacy data ``Id``, ``ConvexSet`` and
``ConvexMap``. Typed as ``Any`` so generated code can narrow it with ``cast``."""

MAX_NESTING = 64
MAX_ARRAY_LENGTH = 8192
MAX_OBJECT_FIELDS = 1024
MAX_FIELD_NAME_LENGTH = 1024

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_FLOAT_SAFE_INT = 2**53

TableT = TypeVar("TableT", bound=str)


class Id(str, Generic[TableT]):
    """The id of a document in table ``table_name``; the string value is the id itself.

    ``Id`` is a ``str``, so it compares and hashes like its id string and goes over the
    wire as a plain string. The table name is only a static type parameter:
    ``Id[Literal["messages"]]`` is not accepted where ``Id[Literal["users"]]`` is.

    >>> i = Id("messages", "abc")
    >>> i
    Id(table_name='messages', id='abc')
    >>> i == "abc", i.table_name, i.id
    (True, 'messages', 'abc')
    """

    table_name: TableT

    def __new__(cls, table_name: TableT, id: str) -> Id[TableT]:
        self = super().__new__(cls, id)
        self.table_name = table_name
        return self

    @property
    def id(self) -> str:
        """The id string, as a plain ``str``."""
        return str.__str__(self)

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (self.table_name, str.__str__(self))

    def __repr__(self) -> str:
        return f"Id(table_name={self.table_name!r}, id={str.__str__(self)!r})"


class ConvexInt64:
    """A signed 64-bit integer, Convex's ``Int64`` (a JavaScript ``bigint``).

    Plain Python ``int``s are sent as Float64, so wrap values that must be Int64.

    >>> ConvexInt64(2**60)
    ConvexInt64(1152921504606846976)
    >>> ConvexInt64(5) == 5
    True
    """

    __slots__ = ("_value",)

    def __init__(self, value: int) -> None:
        if type(value) is not int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(
                    f"ConvexInt64() takes an int, not {type(value).__name__}: {value!r}"
                )
            value = int(value)
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise ConvexValueError(
                f"ConvexInt64 value {value} is out of range: it must be between "
                f"-2**63 and 2**63 - 1 ({_INT64_MIN} to {_INT64_MAX})"
            )
        self._value = value

    @property
    def value(self) -> int:
        """The integer value."""
        return self._value

    def __repr__(self) -> str:
        return f"ConvexInt64({self._value})"

    def __eq__(self, other: object) -> bool:
        if type(other) is ConvexInt64:
            return self._value == other._value
        if isinstance(other, int) and not isinstance(other, bool):
            return self._value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __int__(self) -> int:
        return self._value

    def __index__(self) -> int:
        return self._value

    def __reduce__(self) -> tuple[type[ConvexInt64], tuple[int]]:
        return (ConvexInt64, (self._value,))


def _canonical(value: object) -> str:
    """Hash key of a Convex value: its wire JSON with sorted keys.

    Two values get the same key exactly when Convex treats them as the same value.
    """
    return json.dumps(_encode(value, 0), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _wire(value: object) -> str:
    return json.dumps(_encode(value, 0), separators=(",", ":"), ensure_ascii=False)


def _unwire(text: str) -> ConvexValue:
    return _decode(json.loads(text), 0)


def _entry_error(root: str, index: int, error: _PathError) -> ConvexValueError:
    error.segments.append(f"[{index}]")
    return error.to_value_error(root)


class ConvexSet(Set[ConvexValue]):
    """An immutable set of any Convex values, dicts and lists included.

    Python's ``set`` only holds hashable items:

    >>> set([{'a': 1}])
    Traceback (most recent call last):
    ...
    TypeError: unhashable type: 'dict'
    >>> ConvexSet([{'a': 1}])
    ConvexSet([{'a': 1.0}])

    Items are stored as snapshots of their converted value when the set is built, so
    later changes to a mutable item do not reach the set:

    >>> mutable_dict = {'a': 1}
    >>> s = ConvexSet([mutable_dict, 'hello', 1])
    >>> mutable_dict in s
    True
    >>> mutable_dict['b'] = 2
    >>> mutable_dict in s
    False
    >>> s
    ConvexSet([{'a': 1.0}, 'hello', 1.0])

    Items compare as Convex values (``1`` and ``1.0`` are the same Float64, but
    ``ConvexInt64(1)`` is different), keep their first insertion order, and duplicates
    collapse like in a builtin set. Iterating yields fresh copies. Sets are unhashable
    because their items may be. Convex deployments since npm ``convex`` 0.19 reject
    Sets; this type exists to read and write legacy data.
    """

    __slots__ = ("_items",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, items: Iterable[ConvexValue] = ()) -> None:
        # canonical JSON -> wire JSON (which keeps the item's own key order)
        stored: dict[str, str] = {}
        for index, item in enumerate(items):
            try:
                key = _canonical(item)
                if key not in stored:
                    stored[key] = _wire(item)
            except _PathError as e:
                raise _entry_error("items", index, e) from None
        self._items = stored

    def __contains__(self, item: object) -> bool:
        try:
            return _canonical(item) in self._items
        except _PathError:
            return False

    def __iter__(self) -> Iterator[ConvexValue]:
        return (_unwire(wire) for wire in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ConvexSet):
            return self._items.keys() == other._items.keys()
        return super().__eq__(other)

    def __repr__(self) -> str:
        return f"ConvexSet({list(self)!r})"

    def __reduce__(self) -> tuple[type[ConvexSet], tuple[list[ConvexValue]]]:
        return (ConvexSet, (list(self),))

    @classmethod
    def _from_iterable(cls, it: Iterable[ConvexValue]) -> ConvexSet:
        # Set operators (``|``, ``&``...) build their results through this hook.
        return cls(it)


class ConvexMap(Mapping[ConvexValue, ConvexValue]):
    """An immutable mapping whose keys can be any Convex values, dicts included.

    Dicts encode as Convex objects (string keys only); a ``ConvexMap`` encodes as a
    Convex Map. Keys and values are stored as snapshots of their converted values:

    >>> mutable_dict = {'a': 1}
    >>> s = ConvexMap([(mutable_dict, 123), ('b', 456)])
    >>> mutable_dict in s
    True
    >>> mutable_dict['b'] = 2
    >>> mutable_dict in s
    False
    >>> s
    ConvexMap([({'a': 1.0}, 123.0), ('b', 456.0)])

    Accepts a mapping or an iterable of ``(key, value)`` pairs. Keys compare as Convex
    values and keep their first insertion order; a repeated key keeps the last value,
    as in a dict. Maps are unhashable. Convex deployments since npm ``convex`` 0.19
    reject Maps; this type exists to read and write legacy data.
    """

    __slots__ = ("_entries",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        entries: Mapping[Any, ConvexValue] | Iterable[tuple[ConvexValue, ConvexValue]] = (),
    ) -> None:
        pairs: Iterable[Any] = entries.items() if isinstance(entries, Mapping) else entries
        stored: dict[str, tuple[str, str]] = {}
        for index, pair in enumerate(pairs):
            try:
                key, value = pair
            except (TypeError, ValueError):
                raise ConvexValueError(
                    f"ConvexMap entry {index} must be a (key, value) pair, got {pair!r}"
                ) from None
            try:
                canonical = _canonical(key)
            except _PathError as e:
                e.segments.append("[0]")
                raise _entry_error("entries", index, e) from None
            try:
                wire_value = _wire(value)
            except _PathError as e:
                e.segments.append("[1]")
                raise _entry_error("entries", index, e) from None
            old = stored.get(canonical)
            stored[canonical] = (old[0] if old else _wire(key), wire_value)
        self._entries = stored

    def __getitem__(self, key: object) -> ConvexValue:
        try:
            entry = self._entries[_canonical(key)]
        except _PathError:
            raise KeyError(key) from None
        return _unwire(entry[1])

    def __contains__(self, key: object) -> bool:
        try:
            return _canonical(key) in self._entries
        except _PathError:
            return False

    def __iter__(self) -> Iterator[ConvexValue]:
        return (_unwire(key) for key, _ in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def _pairs(self) -> list[tuple[ConvexValue, ConvexValue]]:
        return [(_unwire(k), _unwire(v)) for k, v in self._entries.values()]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ConvexMap):
            # Compare wire forms so NaN keys and values match themselves.
            mine = {k: _canonical(_unwire(v)) for k, (_, v) in self._entries.items()}
            theirs = {k: _canonical(_unwire(v)) for k, (_, v) in other._entries.items()}
            return mine == theirs
        if isinstance(other, Mapping):
            if len(other) != len(self):
                return False
            sentinel = object()
            return all(self.get(key, sentinel) == value for key, value in other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"ConvexMap({self._pairs()!r})"

    def __reduce__(
        self,
    ) -> tuple[type[ConvexMap], tuple[list[tuple[ConvexValue, ConvexValue]]]]:
        return (ConvexMap, (self._pairs(),))


# --- errors ---------------------------------------------------------------------------

_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _field_segment(key: str) -> str:
    if key and not key[0].isdigit() and _IDENTIFIER_CHARS.issuperset(key):
        return "." + key
    return "[" + json.dumps(key) + "]"


class _PathError(Exception):
    """A value error on its way out of the recursion.

    The path is only built when something fails: each container that sees the error
    pass finds which child ``obj`` is and records that child's segment.
    """

    def __init__(self, message: str, obj: object, segments: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.obj = obj
        self.segments = segments if segments is not None else []

    def path(self, root: str) -> str:
        return root + "".join(reversed(self.segments))

    def to_value_error(self, root: str) -> ConvexValueError:
        return ConvexValueError(self.message, self.path(root))


_KEY_ERROR = object()  # `obj` of an error whose segment was already recorded


def _locate(error: _PathError, container: object, children: Iterable[tuple[str, object]]) -> None:
    if error.obj is not _KEY_ERROR:
        for segment, child in children:
            if child is error.obj:
                error.segments.append(segment)
                break
    error.obj = container


# Field names already checked; JSON objects repeat the same few names a lot.
_VALID_FIELDS: set[str] = set()
_VALID_FIELDS_CAP = 4096


def _check_field(key: object) -> str:
    if type(key) is not str:
        if not isinstance(key, str):
            raise _PathError(
                f"object keys must be str, got {type(key).__name__} {key!r}; "
                "use ConvexMap for non-string keys",
                _KEY_ERROR,
            )
        key = str.__str__(key)
    problem = None
    if key.startswith("$"):
        problem = "must not start with '$'"
    elif not (key.isascii() and key.isprintable()):
        problem = "may only contain printable ASCII characters (0x20-0x7E)"
    elif len(key) > MAX_FIELD_NAME_LENGTH:
        problem = f"is {len(key)} characters long, the limit is {MAX_FIELD_NAME_LENGTH}"
    if problem is not None:
        shown = key if len(key) <= 40 else key[:40] + "..."
        raise _PathError(
            f"invalid object field name {shown!r}: field names {problem}",
            _KEY_ERROR,
            [_field_segment(key)],
        )
    if len(_VALID_FIELDS) < _VALID_FIELDS_CAP:
        _VALID_FIELDS.add(key)
    return key


def _too_deep(obj: object) -> _PathError:
    return _PathError(f"value is nested more than {MAX_NESTING} levels deep (is it cyclic?)", obj)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- encoding -------------------------------------------------------------------------

_pack_double = struct.Struct("<d").pack
_pack_int64 = struct.Struct("<q").pack
_copysign = math.copysign


def _encode(v: object, depth: int) -> JSONValue:
    t = type(v)
    if t is str:
        return v  # type: ignore[return-value]
    if t is float:
        # Finite and not -0.0: `x - x` is NaN for NaN and infinities.
        if v - v == 0.0 and (v != 0.0 or _copysign(1.0, v) > 0.0):  # type: ignore[operator]
            return v  # type: ignore[return-value]
        return {"$float": _b64(_pack_double(v))}
    handler = _ENCODERS.get(t)
    if handler is not None:
        return handler(v, depth)
    return _encode_other(v, depth)


def _check_array(v: list[object], depth: int) -> None:
    """The limits an array must keep, whichever way it is converted."""
    if depth >= MAX_NESTING:
        raise _too_deep(v)
    if len(v) > MAX_ARRAY_LENGTH:
        raise _PathError(f"array has {len(v)} elements, the limit is {MAX_ARRAY_LENGTH}", v)


def _encode_list(v: list[object], depth: int) -> JSONValue:
    _check_array(v, depth)
    depth += 1
    enc = _encode
    try:
        return [x if type(x) is str else enc(x, depth) for x in v]
    except _PathError as e:
        _locate(e, v, ((f"[{i}]", x) for i, x in enumerate(v)))
        raise


def _encode_dict(v: dict[object, object], depth: int) -> JSONValue:
    if depth >= MAX_NESTING:
        raise _too_deep(v)
    if len(v) > MAX_OBJECT_FIELDS:
        raise _PathError(f"object has {len(v)} fields, the limit is {MAX_OBJECT_FIELDS}", v)
    depth += 1
    enc = _encode
    valid = _VALID_FIELDS
    try:
        # Strings inline: the commonest leaf skips a call.
        return {
            (k if k in valid else _check_field(k)): x if type(x) is str else enc(x, depth)
            for k, x in v.items()
        }
    except _PathError as e:
        _locate(e, v, ((_field_segment(str(k)), x) for k, x in v.items()))
        raise


def _encode_int(v: int, depth: int) -> JSONValue:
    if -_FLOAT_SAFE_INT <= v <= _FLOAT_SAFE_INT:
        return float(v)
    raise _PathError(
        f"int {v} does not fit in a Float64 without losing precision (Python ints are "
        "sent as Float64, exact only within +-2**53); wrap it in ConvexInt64(...) to "
        "send an Int64",
        v,
    )


def _encode_set(v: Iterable[object], depth: int) -> JSONValue:
    items = list(v)
    encoded = _encode_list(items, depth)
    assert isinstance(encoded, list)
    seen: set[str] = set()
    unique: list[JSONValue] = []
    for item in encoded:
        key = json.dumps(item, sort_keys=True, separators=(",", ":"))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return {"$set": unique}


def _encode_convex_set(v: ConvexSet, depth: int) -> JSONValue:
    items = list(v)
    try:
        return {"$set": _encode_list(items, depth)}
    except _PathError as e:
        e.obj = v
        raise


def _encode_convex_map(v: ConvexMap, depth: int) -> JSONValue:
    pairs = [list(pair) for pair in v._pairs()]
    try:
        return {"$map": _encode_list(pairs, depth)}  # type: ignore[arg-type]
    except _PathError as e:
        e.obj = v
        raise


def _encode_tuple(v: tuple[object, ...], depth: int) -> JSONValue:
    items = list(v)
    try:
        return _encode_list(items, depth)
    except _PathError as e:
        if e.obj is items:
            e.obj = v
        raise


def _encode_other(v: object, depth: int) -> JSONValue:
    """Coercions for types without an exact-type encoder."""
    if isinstance(v, ConvexInt64):
        return {"$integer": _b64(_pack_int64(v.value))}
    if isinstance(v, str):
        return str.__str__(v)
    # numbers.* also covers numeric types that are not int/float subclasses (numpy's).
    if isinstance(v, numbers.Integral):
        return _encode_int(int(v), depth)
    if isinstance(v, numbers.Real):
        return _encode(float(v), depth)
    if isinstance(v, ConvexSet):
        return _encode_convex_set(v, depth)
    if isinstance(v, ConvexMap):
        return _encode_convex_map(v, depth)
    converted: object
    if isinstance(v, Mapping):
        converted = dict(v)
        encode: Callable[[Any, int], JSONValue] = _encode_dict
    elif isinstance(v, Set):
        converted, encode = v, _encode_set
    else:
        # Buffers before sequences: memoryview and array.array are both.
        try:
            view = memoryview(v)  # type: ignore[arg-type]
        except TypeError:
            pass
        else:
            with view:
                return {"$bytes": _b64(view.tobytes())}
        if not isinstance(v, Sequence):
            raise _PathError(
                f"{type(v).__module__}.{type(v).__qualname__} is not a Convex value; "
                "use None, bool, float, int, ConvexInt64, str, bytes, list or dict",
                v,
            )
        converted, encode = list(v), _encode_list
    try:
        return encode(converted, depth)
    except _PathError as e:
        if e.obj is converted:
            e.obj = v
        raise


_ENCODERS: dict[type, Callable[[Any, int], JSONValue]] = {
    dict: _encode_dict,
    list: _encode_list,
    int: _encode_int,
    bool: lambda v, depth: v,
    type(None): lambda v, depth: None,
    Id: lambda v, depth: str.__str__(v),
    ConvexInt64: lambda v, depth: {"$integer": _b64(_pack_int64(v.value))},
    bytes: lambda v, depth: {"$bytes": _b64(v)},
    bytearray: lambda v, depth: {"$bytes": _b64(bytes(v))},
    memoryview: _encode_other,
    tuple: _encode_tuple,
    set: _encode_set,
    frozenset: _encode_set,
    ConvexSet: _encode_convex_set,
    ConvexMap: _encode_convex_map,
}


def convex_to_json(value: object, *, path: str = "value") -> JSONValue:
    """Encode a Python value as Convex's JSON wire form.

    Raises ``ConvexValueError`` for values Convex cannot represent, with ``.path``
    saying where in ``value`` the problem is, starting from ``path``.

    >>> convex_to_json({"n": 5, "big": ConvexInt64(1), "b": b"hi", "f": float("-inf")})
    {'n': 5.0, 'big': {'$integer': 'AQAAAAAAAAA='}, 'b': {'$bytes': 'aGk='}, 'f': {'$float': 'AAAAAAAA8P8='}}
    """  # noqa: E501
    try:
        return _encode(value, 0)
    except _PathError as e:
        raise e.to_value_error(path) from None


# --- decoding -------------------------------------------------------------------------

_unpack_double = struct.Struct("<d").unpack
_unpack_int64 = struct.Struct("<q").unpack
_LEGACY_ID_KEYS = ("$id", "$weakRef", "$strongRef")


def _decode(v: object, depth: int) -> ConvexValue:
    t = type(v)
    if t is str or t is float:
        return v
    if t is dict:
        return _decode_dict(v, depth)  # type: ignore[arg-type]
    if t is list:
        return _decode_list(v, depth)  # type: ignore[arg-type]
    if t is int:
        return _decode_int(v)  # type: ignore[arg-type]
    if v is None or t is bool:
        return v
    # Subclasses of JSON types (an Id, an IntEnum...) decode like their base type.
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, int):
        return _decode_int(int(v))
    if isinstance(v, float):
        return float(v)
    raise _PathError(
        f"{type(v).__module__}.{type(v).__qualname__} is not JSON data; "
        "expected None, bool, int, float, str, list or dict",
        v,
    )


def _decode_int(v: int) -> float:
    # JSON numbers are Float64, even when written without a fraction.
    try:
        return float(v)
    except OverflowError:
        raise _PathError(f"JSON number {v} is too large for a Float64", v) from None


def _decode_list(v: list[object], depth: int) -> list[ConvexValue]:
    _check_array(v, depth)
    depth += 1
    dec = _decode
    try:
        return [x if type(x) is str else dec(x, depth) for x in v]
    except _PathError as e:
        _locate(e, v, ((f"[{i}]", x) for i, x in enumerate(v)))
        raise


def _decode_dict(v: dict[str, object], depth: int) -> ConvexValue:
    if depth >= MAX_NESTING:
        raise _too_deep(v)
    if len(v) == 1:
        for key in v:
            if type(key) is str and key.startswith("$"):
                return _decode_special(v, key, depth)
    elif len(v) > MAX_OBJECT_FIELDS:
        raise _PathError(f"object has {len(v)} fields, the limit is {MAX_OBJECT_FIELDS}", v)
    depth += 1
    dec = _decode
    valid = _VALID_FIELDS
    try:
        return {
            (k if k in valid else _check_field(k)): x if type(x) is str else dec(x, depth)
            for k, x in v.items()
        }
    except _PathError as e:
        _locate(e, v, ((_field_segment(str(k)), x) for k, x in v.items()))
        raise


def _b64decode(v: dict[str, object], key: str, payload: object) -> bytes:
    if type(payload) is str:
        text = payload
        if "-" in text or "_" in text:
            # The JS decoder also accepts the URL-safe alphabet.
            text = text.replace("-", "+").replace("_", "/")
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            pass
    raise _PathError(f"{key} must hold a padded base64 string, got {payload!r}", v)


def _decode_special(v: dict[str, object], key: str, depth: int) -> ConvexValue:
    payload = v[key]
    if key == "$integer" or key == "$float":
        data = _b64decode(v, key, payload)
        if len(data) != 8:
            raise _PathError(f"{key} must hold exactly 8 bytes, got {len(data)}", v)
        if key == "$integer":
            return ConvexInt64(_unpack_int64(data)[0])
        f: float = _unpack_double(data)[0]
        if f - f == 0.0 and (f != 0.0 or _copysign(1.0, f) > 0.0):
            raise _PathError(
                f"$float holds {f!r}, which should be encoded as a plain JSON number", v
            )
        return f
    if key == "$bytes":
        return _b64decode(v, key, payload)
    if key in _LEGACY_ID_KEYS:
        parts = payload.split("|") if type(payload) is str else []
        if len(parts) != 2:
            raise _PathError(f"{key} must hold a 'table|id' string, got {payload!r}", v)
        return Id(parts[0], parts[1])
    if key == "$set" or key == "$map":
        if type(payload) is not list:
            raise _PathError(f"{key} must hold an array, got {payload!r}", v)
        try:
            items = _decode_list(payload, depth)
            if key == "$set":
                return ConvexSet(items)
            for index, pair in enumerate(items):
                if type(pair) is not list or len(pair) != 2:
                    raise _PathError(
                        f"$map entries must be [key, value] arrays, got {payload[index]!r}",
                        payload,
                        [f"[{index}]"],
                    )
            return ConvexMap(items)
        except _PathError as e:
            _locate(e, v, [("[" + json.dumps(key) + "]", payload)])
            raise
    raise _PathError(
        f"unknown special encoding {key!r}; field names starting with '$' are reserved", v
    )


def json_to_convex(data: JSONValue, *, path: str = "value") -> ConvexValue:
    """Decode Convex's JSON wire form into Python values.

    JSON numbers become ``float`` (Convex numbers are Float64), ``$integer`` becomes
    ``ConvexInt64`` and ``$bytes`` becomes ``bytes``. Raises ``ConvexValueError`` for
    data that is not valid Convex JSON, with ``.path`` saying where, starting from
    ``path``.

    >>> json_to_convex({"n": 5, "i": {"$integer": "KgAAAAAAAAA="}, "f": {"$float": "AAAAAAAA+H8="}})
    {'n': 5.0, 'i': ConvexInt64(42), 'f': nan}
    """
    try:
        return _decode(data, 0)
    except _PathError as e:
        raise e.to_value_error(path) from None
