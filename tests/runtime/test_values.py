"""Wire vectors, limits and error paths of convex_runtime value serialization."""

from __future__ import annotations

import array
import copy
import decimal
import enum
import fractions
import json
import math
import pickle
import struct
from collections import OrderedDict, UserList
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from mypy import api

from convex_runtime import (
    ConvexInt64,
    ConvexMap,
    ConvexSet,
    ConvexValueError,
    Id,
    convex_to_json,
    json_to_convex,
)


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


# --- wire vectors (protocol doc section 1.1 / 1.2) -------------------------------------

INT64_VECTORS = [
    (0, "AAAAAAAAAAA="),
    (1, "AQAAAAAAAAA="),
    (42, "KgAAAAAAAAA="),
    (-1, "//////////8="),
    (2**63 - 1, "/////////38="),
    (-(2**63), "AAAAAAAAAIA="),
]

FLOAT_VECTORS = [
    (math.nan, "AAAAAAAA+H8="),
    (math.inf, "AAAAAAAA8H8="),
    (-math.inf, "AAAAAAAA8P8="),
    (-0.0, "AAAAAAAAAIA="),
]


@pytest.mark.parametrize(("n", "wire"), INT64_VECTORS)
def test_int64_wire_vectors(n: int, wire: str) -> None:
    assert convex_to_json(ConvexInt64(n)) == {"$integer": wire}
    decoded = json_to_convex({"$integer": wire})
    assert type(decoded) is ConvexInt64
    assert decoded.value == n


@pytest.mark.parametrize(("x", "wire"), FLOAT_VECTORS)
def test_special_float_wire_vectors(x: float, wire: str) -> None:
    assert convex_to_json(x) == {"$float": wire}
    decoded = json_to_convex({"$float": wire})
    assert type(decoded) is float
    assert bits(decoded) == bits(x)


def test_bytes_wire_vector() -> None:
    assert convex_to_json(b"hello") == {"$bytes": "aGVsbG8="}
    assert json_to_convex({"$bytes": "aGVsbG8="}) == b"hello"
    assert type(json_to_convex({"$bytes": "aGVsbG8="})) is bytes


def test_buffer_protocol_objects_encode_as_bytes() -> None:
    for buf in (bytearray(b"hello"), memoryview(b"hello"), array.array("B", b"hello")):
        assert convex_to_json(buf) == {"$bytes": "aGVsbG8="}


def test_protocol_section_1_2_example() -> None:
    value = {
        "z": 1,
        "a": [ConvexInt64(1), -0.0, math.nan, math.inf, -math.inf, b"hi", None, True, "s", 2.5],
    }
    expected = json.loads(
        '{"a":[{"$integer":"AQAAAAAAAAA="},{"$float":"AAAAAAAAAIA="},{"$float":"AAAAAAAA+H8="},'
        '{"$float":"AAAAAAAA8H8="},{"$float":"AAAAAAAA8P8="},{"$bytes":"aGk="},null,true,"s",2.5],'
        '"z":1}'
    )
    encoded = convex_to_json(value)
    assert encoded == expected
    assert type(encoded["z"]) is float  # type: ignore[index,call-overload]


def test_ints_encode_as_float64() -> None:
    assert convex_to_json(5) == 5.0
    assert type(convex_to_json(5)) is float
    assert convex_to_json(2**53) == float(2**53)
    assert convex_to_json(-(2**53)) == -float(2**53)
    assert convex_to_json([0, -3]) == [0.0, -3.0]


def test_bool_stays_boolean() -> None:
    assert convex_to_json(True) is True
    assert convex_to_json([False]) == [False]
    assert json_to_convex(True) is True


def test_normal_floats_are_plain_numbers() -> None:
    for x in (0.0, 1.5, -2.25, 1e308, 5e-324):
        assert convex_to_json(x) == x
        assert type(convex_to_json(x)) is float


def test_decoding_json_int_gives_float() -> None:
    assert json_to_convex(5) == 5.0
    assert type(json_to_convex(5)) is float
    assert json_to_convex(json.loads('{"a": [5, -0]}')) == {"a": [5.0, 0.0]}


def test_strings_none_sequences_mappings() -> None:
    assert convex_to_json("héllo") == "héllo"
    assert convex_to_json(None) is None
    assert convex_to_json((1, "a")) == [1.0, "a"]
    assert convex_to_json(UserList([1])) == [1.0]
    assert convex_to_json(range(2)) == [0.0, 1.0]
    assert convex_to_json(OrderedDict(b=1, a=2)) == {"b": 1.0, "a": 2.0}
    assert list(convex_to_json({"b": 1, "a": 2})) == ["b", "a"]  # type: ignore[arg-type]


class _Frozen(Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        if key == "k":
            return 2**60
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(["k"])

    def __len__(self) -> int:
        return 1


def test_custom_mapping_error_path() -> None:
    assert convex_to_json({"m": {"x": 1}}) == {"m": {"x": 1.0}}
    with pytest.raises(ConvexValueError) as info:
        convex_to_json({"m": _Frozen()})
    assert info.value.path == "value.m.k"


def test_builtin_sets_encode_as_convex_sets() -> None:
    assert convex_to_json({1, 2}) in ({"$set": [1.0, 2.0]}, {"$set": [2.0, 1.0]})
    assert convex_to_json(frozenset(["a"])) == {"$set": ["a"]}


# --- Id ---------------------------------------------------------------------------------


def test_id_basics() -> None:
    i = Id("messages", "abc")
    assert repr(i) == "Id(table_name='messages', id='abc')"
    assert i == "abc"
    assert hash(i) == hash("abc")
    assert isinstance(i, str)
    assert i.table_name == "messages"
    assert i.id == "abc"
    assert type(i.id) is str
    assert {"abc": 1}[i] == 1


def test_id_wire_form_is_plain_string() -> None:
    encoded = convex_to_json({"author": Id("users", "u1")})
    assert encoded == {"author": "u1"}
    assert type(encoded["author"]) is str
    assert json.dumps(encoded) == '{"author": "u1"}'


def test_id_pickle_and_copy() -> None:
    i = Id("messages", "abc")
    for clone in (pickle.loads(pickle.dumps(i)), copy.copy(i), copy.deepcopy(i)):
        assert type(clone) is Id
        assert clone == "abc"
        assert clone.table_name == "messages"
        assert repr(clone) == repr(i)


@pytest.mark.parametrize("key", ["$id", "$weakRef", "$strongRef"])
def test_legacy_id_decoding(key: str) -> None:
    decoded = json_to_convex({"doc": {key: "messages|mqMw7arHuQa8TWcCXl8faAW"}})
    i = decoded["doc"]
    assert type(i) is Id
    assert i.table_name == "messages"
    assert i.id == "mqMw7arHuQa8TWcCXl8faAW"


@pytest.mark.parametrize("payload", ["no-bar", "a|b|c", 5])
def test_legacy_id_bad_payload(payload: Any) -> None:
    with pytest.raises(ConvexValueError, match=r"'table\|id'") as info:
        json_to_convex({"x": {"$id": payload}})
    assert info.value.path == "value.x"


# --- ConvexInt64 ------------------------------------------------------------------------


def test_int64_bounds() -> None:
    assert ConvexInt64(2**63 - 1).value == 2**63 - 1
    assert ConvexInt64(-(2**63)).value == -(2**63)
    for bad in (2**63, -(2**63) - 1):
        with pytest.raises(ValueError, match=r"-2\*\*63 and 2\*\*63 - 1"):
            ConvexInt64(bad)
    with pytest.raises(ConvexValueError):
        ConvexInt64(2**63)


@pytest.mark.parametrize("bad", [True, 1.0, "1", None])
def test_int64_type_errors(bad: Any) -> None:
    with pytest.raises(TypeError, match="ConvexInt64"):
        ConvexInt64(bad)


def test_int64_eq_hash_repr() -> None:
    a = ConvexInt64(123)
    assert repr(a) == "ConvexInt64(123)"
    assert a == ConvexInt64(123)
    assert a == 123
    assert a == 123
    assert a != ConvexInt64(124)
    assert a != 123.0
    assert a != "123"
    assert ConvexInt64(1) != True  # noqa: E712
    assert hash(a) == hash(ConvexInt64(123)) == hash(123)
    assert len({a, ConvexInt64(123)}) == 1
    assert int(a) == 123
    assert [0, 1, 2][ConvexInt64(1)] == 1
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(a) == a


def test_big_int_suggests_int64() -> None:
    with pytest.raises(ConvexValueError, match="ConvexInt64") as info:
        convex_to_json({"n": 2**53 + 1})
    assert info.value.path == "value.n"
    with pytest.raises(ConvexValueError, match="ConvexInt64"):
        convex_to_json(-(2**53) - 1)


# --- ConvexSet / ConvexMap --------------------------------------------------------------


def test_convex_set_semantics() -> None:
    s = ConvexSet([{"a": 1}, "x", 1, 1.0, ConvexInt64(1), "x"])
    assert len(s) == 4  # 1 and 1.0 are the same Float64; ConvexInt64(1) is not
    assert list(s) == [{"a": 1.0}, "x", 1.0, ConvexInt64(1)]
    assert repr(s) == "ConvexSet([{'a': 1.0}, 'x', 1.0, ConvexInt64(1)])"
    assert {"a": 1.0} in s
    assert ConvexInt64(1) in s
    assert object() not in s
    assert s == ConvexSet(["x", ConvexInt64(1), 1.0, {"a": 1}])
    assert ConvexSet([1, 2]) == {1.0, 2.0}
    with pytest.raises(TypeError):
        hash(s)


def test_convex_set_duplicates_collapse_keeping_first_position() -> None:
    s = ConvexSet(["b", "a", "b", 2, 2.0])
    assert list(s) == ["b", "a", 2.0]
    assert repr(s) == "ConvexSet(['b', 'a', 2.0])"


def test_convex_set_iteration_gives_copies() -> None:
    s = ConvexSet([{"a": [1]}])
    item = next(iter(s))
    item["a"].append(2)
    assert list(s) == [{"a": [1.0]}]


def test_convex_set_wire_form() -> None:
    s = ConvexSet([{"a": 1}, ConvexInt64(1), b"hi"])
    wire = convex_to_json(s)
    assert wire == {"$set": [{"a": 1.0}, {"$integer": "AQAAAAAAAAA="}, {"$bytes": "aGk="}]}
    back = json_to_convex(json.loads(json.dumps(wire)))
    assert type(back) is ConvexSet
    assert back == s


def test_convex_set_bad_item_path() -> None:
    with pytest.raises(ConvexValueError) as info:
        ConvexSet(["ok", {"a": {"$b": 1}}])
    assert info.value.path == 'items[1].a["$b"]'


def test_convex_map_semantics() -> None:
    m = ConvexMap([({"a": 1}, 1), ("b", 2), (1, "one"), (1.0, "uno")])
    assert len(m) == 3
    assert m[{"a": 1.0}] == 1.0
    assert m[1] == "uno"  # a repeated key keeps the last value
    assert list(m) == [{"a": 1.0}, "b", 1.0]  # ...and its first position
    assert repr(m) == "ConvexMap([({'a': 1.0}, 1.0), ('b', 2.0), (1.0, 'uno')])"
    with pytest.raises(KeyError):
        m["missing"]
    with pytest.raises(KeyError):
        m[object()]
    assert m.get("missing") is None
    assert ConvexMap({"a": 1}) == {"a": 1.0}
    assert ConvexMap({"a": 1}) != {"a": 2.0}
    assert ConvexMap([(math.nan, math.nan)]) == ConvexMap([(math.nan, math.nan)])
    with pytest.raises(TypeError):
        hash(m)


def test_convex_map_wire_form() -> None:
    m = ConvexMap([({"a": 1}, ConvexInt64(2)), ("b", None)])
    wire = convex_to_json(m)
    assert wire == {"$map": [[{"a": 1.0}, {"$integer": "AgAAAAAAAAA="}], ["b", None]]}
    back = json_to_convex(json.loads(json.dumps(wire)))
    assert type(back) is ConvexMap
    assert back == m


def test_convex_map_bad_entries() -> None:
    with pytest.raises(ConvexValueError, match="pair"):
        ConvexMap([("a", 1, 2)])  # type: ignore[list-item]
    with pytest.raises(ConvexValueError) as info:
        ConvexMap([("a", [2**60])])
    assert info.value.path == "entries[0][1][0]"
    with pytest.raises(ConvexValueError, match="entries must be"):
        json_to_convex({"$map": [["a", 1, 2]]})


def test_set_and_map_snapshots_are_in_their_docstrings() -> None:
    assert ">>> mutable_dict in s" in (ConvexSet.__doc__ or "")
    assert ">>> mutable_dict in s" in (ConvexMap.__doc__ or "")


# --- field names, limits and error paths ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        ({"args": {"items": [0, 1, 2, {"tags": 2**60}]}}, "args.args.items[3].tags", "ConvexInt64"),
        ({"a": {"$x": 1}}, 'args.a["$x"]', "must not start with '\\$'"),
        ({"weird key": {"é": 1}}, 'args["weird key"]["\\u00e9"]', "printable ASCII"),
        ({"a": [{"\x7f": 1}]}, 'args.a[0]["\\u007f"]', "printable ASCII"),
        ({"a": {"\n": 1}}, 'args.a["\\n"]', "printable ASCII"),
        ({"a": {"k" * 1025: 1}}, "args.a." + "k" * 1025, "1024"),
        ({"a": {1: 1}}, "args.a", "keys must be str"),
        ({"a": [object()]}, "args.a[0]", "builtins.object is not a Convex value"),
        ({"a": [1j]}, "args.a[0]", "complex"),
        ({"a": list(range(8193))}, "args.a", "8192"),
        ({"a": {f"f{i}": i for i in range(1025)}}, "args.a", "1024"),
        ({"0x": {"_": 2**60}}, 'args["0x"]._', "ConvexInt64"),
    ],
)
def test_encode_errors_name_the_path(value: Any, path: str, message: str) -> None:
    with pytest.raises(ConvexValueError, match=message) as info:
        convex_to_json(value, path="args")
    assert info.value.path == path
    assert path in str(info.value)


def test_field_name_edge_cases_allowed() -> None:
    ok = {"": 1, "k" * 1024: 2, " ~!": 3, "a$": 4, "_": 5, "9": 6}
    assert json_to_convex(convex_to_json(ok)) == {k: float(v) for k, v in ok.items()}


def test_limits_at_the_boundary_pass() -> None:
    assert len(convex_to_json(list(range(8192)))) == 8192  # type: ignore[arg-type]
    assert len(convex_to_json({f"f{i}": i for i in range(1024)})) == 1024  # type: ignore[arg-type]


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


def test_nesting_limit() -> None:
    assert json_to_convex(convex_to_json(nested(64))) == nested(64)
    with pytest.raises(ConvexValueError, match="64 levels"):
        convex_to_json(nested(65))
    with pytest.raises(ConvexValueError, match="64 levels"):
        json_to_convex(nested(65))


def test_100_deep_nesting_is_a_value_error() -> None:
    deep: Any = {"a": 1}
    for _ in range(100):
        deep = {"child": deep}
    with pytest.raises(ConvexValueError, match="64 levels") as info:
        convex_to_json(deep)
    assert info.value.path == "value" + ".child" * 64
    with pytest.raises(ConvexValueError, match="64 levels"):
        json_to_convex(deep)


def test_cyclic_list_and_dict() -> None:
    cyclic_list: list[Any] = [1]
    cyclic_list.append(cyclic_list)
    with pytest.raises(ConvexValueError, match="cyclic") as info:
        convex_to_json(cyclic_list)
    assert info.value.path == "value" + "[1]" * 64
    cyclic_dict: dict[str, Any] = {}
    cyclic_dict["self"] = cyclic_dict
    with pytest.raises(ConvexValueError, match="cyclic") as info:
        convex_to_json({"root": cyclic_dict})
    assert info.value.path.startswith("value.root.self.self")
    with pytest.raises(ConvexValueError, match="cyclic"):
        json_to_convex(cyclic_list)


def test_very_deep_value_never_hits_recursion_error() -> None:
    with pytest.raises(ConvexValueError):
        convex_to_json(nested(100_000))
    with pytest.raises(ConvexValueError):
        json_to_convex(nested(100_000))


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"a": [{"$float": "AAAAAAAA8D8="}]}, "value.a[0]", "plain JSON number"),
        ({"a": {"$float": "AAAA"}}, "value.a", "exactly 8 bytes"),
        ({"a": {"$integer": "AQAAAAAAAA=="}}, "value.a", "exactly 8 bytes"),
        ({"a": {"$integer": "not base64!"}}, "value.a", "base64"),
        ({"a": {"$bytes": "aGk"}}, "value.a", "base64"),  # padding is required
        ({"a": {"$bytes": 5}}, "value.a", "base64"),
        ({"a": {"$zz": 1}}, "value.a", "unknown special encoding"),
        ({"a": {"$set": 1}}, "value.a", "array"),
        ({"a": {"$x": 1, "b": 2}}, 'value.a["$x"]', "must not start"),
        ({"ok": [1, {"bad key\t": 1}]}, 'value.ok[1]["bad key\\t"]', "printable ASCII"),
        ({"a": [1, (1, 2)]}, "value.a[1]", "not JSON data"),
        ({"a": {1: 2}}, "value.a", "keys must be str"),
        ({"a": 10**400}, "value.a", "too large"),
        ({"a": {"$set": [1, {"$zz": 2}]}}, 'value.a["$set"][1]', "unknown special"),
    ],
)
def test_decode_errors_name_the_path(data: Any, path: str, message: str) -> None:
    with pytest.raises(ConvexValueError, match=message) as info:
        json_to_convex(data)
    assert info.value.path == path


def test_decode_accepts_url_safe_base64() -> None:
    assert json_to_convex({"$integer": "__________8="}) == ConvexInt64(-1)


def test_decoding_plain_values() -> None:
    data = json.loads('{"a": [null, true, "s", 2.5, {"": {}}], "b": []}')
    assert json_to_convex(data) == {"a": [None, True, "s", 2.5, {"": {}}], "b": []}


def test_round_trip_through_real_json() -> None:
    value = {
        "id": Id("messages", "abc"),
        "n": [ConvexInt64(-(2**63)), math.nan, -0.0, 1e-300, 2**53],
        "b": b"\x00\xff",
        "nested": {"x": [{"y": None}]},
    }
    back = json_to_convex(json.loads(json.dumps(convex_to_json(value), allow_nan=False)))
    assert back["id"] == "abc"
    assert back["n"][0] == ConvexInt64(-(2**63))
    assert bits(back["n"][1]) == bits(math.nan)
    assert bits(back["n"][2]) == bits(-0.0)
    assert back["n"][3:] == [1e-300, float(2**53)]
    assert back["b"] == b"\x00\xff"
    assert back["nested"] == {"x": [{"y": None}]}


def test_custom_root_path_on_decode() -> None:
    with pytest.raises(ConvexValueError) as info:
        json_to_convex({"x": {"$zz": 1}}, path="result")
    assert info.value.path == "result.x"


def test_numeric_coercions() -> None:
    class Level(enum.IntEnum):
        HIGH = 3

    class MyFloat(float):
        pass

    assert convex_to_json([Level.HIGH, MyFloat(-0.0), fractions.Fraction(1, 2)]) == [
        3.0,
        {"$float": "AAAAAAAAAIA="},
        0.5,
    ]
    with pytest.raises(ConvexValueError, match=r"decimal\.Decimal is not a Convex value"):
        convex_to_json(decimal.Decimal(1))


ID_SNIPPET = """
from typing import Literal
from convex_runtime import Id

def wants_message(i: Id[Literal["messages"]]) -> str:
    return i.table_name + i.id

m: Id[Literal["messages"]] = Id("messages", "abc")
u: Id[Literal["users"]] = Id("users", "u1")
wants_message(m)
wants_message(u)  # line 11
plain: str = m
"""


def test_mypy_keeps_ids_of_different_tables_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(ID_SNIPPET)
    monkeypatch.setenv("MYPYPATH", str(Path(__file__).resolve().parents[2]))
    stdout, _, status = api.run(
        [
            "--strict",
            "--config-file=",
            "--follow-imports=silent",
            "--no-incremental",
            "--cache-dir=" + str(tmp_path / "cache"),
            str(snippet),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 1
    assert len(errors) == 1, stdout
    assert "snippet.py:11: error" in errors[0]
    assert "Id[Literal['users']]" in errors[0]
    assert "Id[Literal['messages']]" in errors[0]


def test_decoding_accepts_subclasses_of_json_types() -> None:
    decoded = json_to_convex({"id": Id("users", "u1"), "n": ConvexIntLike(3)})
    assert decoded == {"id": "u1", "n": 3.0}
    assert type(decoded["id"]) is str
    assert type(decoded["n"]) is float


class ConvexIntLike(int):
    pass


def test_set_and_map_pickle_and_copy() -> None:
    s = ConvexSet([{"a": [1]}, math.nan])
    m = ConvexMap([({"k": 1}, [b"x"])])
    for clone in (pickle.loads(pickle.dumps(s)), copy.deepcopy(s), copy.copy(s)):
        assert type(clone) is ConvexSet
        assert clone == s
    for clone_m in (pickle.loads(pickle.dumps(m)), copy.deepcopy(m)):
        assert type(clone_m) is ConvexMap
        assert clone_m == m


def test_set_operators_return_convex_sets() -> None:
    s = ConvexSet([1, {"a": 1}])
    union = s | ConvexSet(["b"])
    assert type(union) is ConvexSet
    assert union == ConvexSet([1, {"a": 1}, "b"])
    assert s & ConvexSet([{"a": 1.0}]) == ConvexSet([{"a": 1}])
    assert ConvexSet([1]) <= s
