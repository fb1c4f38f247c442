"""Round-trip properties of convex_to_json / json_to_convex."""

from __future__ import annotations

import json
import math
import pickle
import struct
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convex_runtime import (
    ConvexInt64,
    ConvexMap,
    ConvexSet,
    ConvexValueError,
    convex_to_json,
    json_to_convex,
)

field_names = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12
).filter(lambda k: not k.startswith("$"))

ODD_NAN = struct.unpack("<d", b"\x01\x00\x00\x00\x00\x00\xf8\x7f")[0]  # a NaN payload

floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [math.nan, -math.nan, ODD_NAN, -0.0, math.inf, -math.inf]
)

scalars = (
    st.none()
    | st.booleans()
    | floats
    | st.integers(min_value=-(2**63), max_value=2**63 - 1).map(ConvexInt64)
    | st.text(max_size=20)
    | st.binary(max_size=20)
)

values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(field_names, children, max_size=5)
    ),
    max_leaves=30,
)


# Legacy Sets/Maps anywhere in a value, holding any values.
values_with_collections = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(field_names, children, max_size=4)
        | st.lists(children, max_size=4).map(ConvexSet)
        | st.lists(st.tuples(children, children), max_size=4).map(ConvexMap)
    ),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Exact equality: types match and floats compare bit for bit (NaN payloads too)."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return struct.pack("<d", a) == struct.pack("<d", b)
    if type(a) is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


@given(values)
def test_round_trip_is_lossless(value: Any) -> None:
    assert same(json_to_convex(convex_to_json(value)), value)


@given(values)
def test_round_trip_survives_real_json(value: Any) -> None:
    text = json.dumps(convex_to_json(value), allow_nan=False)
    assert same(json_to_convex(json.loads(text)), value)


@given(values_with_collections)
def test_round_trip_with_sets_and_maps(value: Any) -> None:
    text = json.dumps(convex_to_json(value), allow_nan=False)
    assert same(json_to_convex(json.loads(text)), value)


@given(values_with_collections)
def test_pickle_round_trip(value: Any) -> None:
    assert same(pickle.loads(pickle.dumps(value)), value)


@given(values)
def test_encoding_is_stable_after_a_round_trip(value: Any) -> None:
    wire = convex_to_json(value)
    assert convex_to_json(json_to_convex(wire)) == wire


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_safe_ints_become_equal_floats(n: int) -> None:
    decoded = json_to_convex(convex_to_json(n))
    assert type(decoded) is float
    assert decoded == n


@given(st.integers(min_value=2**53 + 1) | st.integers(max_value=-(2**53) - 1))
def test_unsafe_ints_are_rejected(n: int) -> None:
    with pytest.raises(ConvexValueError, match="ConvexInt64"):
        convex_to_json([n])


@given(st.lists(values, max_size=6))
def test_convex_set_round_trip(items: list[Any]) -> None:
    s = ConvexSet(items)
    back = json_to_convex(json.loads(json.dumps(convex_to_json(s))))
    assert type(back) is ConvexSet
    assert back == s
    assert all(item in s for item in items)
    assert len(s) <= len(items)


@given(st.lists(st.tuples(values, values), max_size=6))
def test_convex_map_round_trip(pairs: list[tuple[Any, Any]]) -> None:
    m = ConvexMap(pairs)
    back = json_to_convex(json.loads(json.dumps(convex_to_json(m))))
    assert type(back) is ConvexMap
    assert back == m
    for key, value in dict((json.dumps(convex_to_json(k)), (k, v)) for k, v in pairs).values():
        assert same(m[key], json_to_convex(convex_to_json(value)))
