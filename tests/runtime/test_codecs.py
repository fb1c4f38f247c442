"""The typed codecs that generated code is built on: conversions and their error messages."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest

from convex_runtime import UNSET, ConvexResultError, ConvexValueError, Id, Unset
from convex_runtime import codecs as c


@attrs.frozen(kw_only=True)
class Text:
    kind: str
    text: str
    tags: list[str] | Unset = UNSET


@attrs.frozen(kw_only=True)
class Image:
    kind: str
    url: str


TEXT = c.Model(
    Text,
    c.Field("kind", "kind", c.LiteralCodec("text")),
    c.Field("text", "text", c.STRING),
    c.Field("tags", "tags", c.Array(c.STRING), True),
)
IMAGE = c.Model(
    Image, c.Field("kind", "kind", c.LiteralCodec("image")), c.Field("url", "url", c.STRING)
)
CONTENT = c.Union(TEXT, IMAGE, tag="kind", variants={"text": TEXT, "image": IMAGE})
LIST = c.Function(
    "query",
    "messages:list",
    c.Args(c.Field("channel_id", "channelId", c.IdCodec("channels"))),
    c.Record(c.STRING, c.Array(CONTENT)),
)


@pytest.mark.parametrize(
    ("codec", "value", "wire"),
    [
        (c.FLOAT64, 1.5, 1.5),
        (c.FLOAT64, 3, 3.0),
        (c.FLOAT64, -0.0, {"$float": "AAAAAAAAAIA="}),
        (c.FLOAT64, math.inf, {"$float": "AAAAAAAA8H8="}),
        (c.INT64, 2**62, {"$integer": "AAAAAAAAAEA="}),
        (c.INT64, -1, {"$integer": "//////////8="}),
        (c.BYTES, b"hello", {"$bytes": "aGVsbG8="}),
        (c.LiteralCodec(1), 1, {"$integer": "AQAAAAAAAAA="}),
        (c.LiteralCodec(2.5), 2.5, 2.5),
        (c.NULL, None, None),
        (c.Array(c.BOOLEAN), [True, False], [True, False]),
    ],
)
def test_primitive_round_trips(codec: c.Codec[Any], value: Any, wire: Any) -> None:
    assert codec.encode(value) == wire
    decoded = codec.decode(wire)
    assert (decoded == value and type(decoded) is type(value)) or isinstance(value, int)


def test_json_integers_decode_as_floats() -> None:
    assert c.FLOAT64.decode(5) == 5.0 and type(c.FLOAT64.decode(5)) is float


def test_ids_carry_their_table() -> None:
    decoded = c.IdCodec("users").decode("abc")
    assert isinstance(decoded, Id) and decoded.table_name == "users" and decoded == "abc"
    with pytest.raises(c._Mismatch, match="expected an Id of table 'users', got an Id of 'posts'"):
        c.IdCodec("users").encode(Id("posts", "abc"))


def test_tagged_union_decodes_to_the_right_class_and_optional_fields_stay_unset() -> None:
    wire = {"inbox": [{"kind": "image", "url": "u"}, {"kind": "text", "text": "t"}]}
    result = LIST.decode_result(wire)
    image, text = result["inbox"]
    assert image == Image(kind="image", url="u")
    assert text == Text(kind="text", text="t") and text.tags is UNSET
    assert LIST.returns.encode(result) == wire


def test_models_accept_dicts_keyed_by_wire_names() -> None:
    assert TEXT.encode({"kind": "text", "text": "hi", "tags": ["a"]}) == {
        "kind": "text",
        "text": "hi",
        "tags": ["a"],
    }


@pytest.mark.parametrize(
    ("wire", "path", "message"),
    [
        ({"inbox": [{"kind": "text", "text": 5}]}, "result.inbox[0].text", "expected a string"),
        ({"inbox": [{"kind": "text"}]}, "result.inbox[0]", "missing required field 'text'"),
        ({"inbox": [{"kind": "video"}]}, "result.inbox[0]", "matches no member of the union"),
        ({"inbox": "x"}, "result.inbox", "expected an array, got str 'x'"),
        ([], "result", "expected an object"),
    ],
)
def test_result_errors_name_the_function_and_the_path(wire: Any, path: str, message: str) -> None:
    with pytest.raises(ConvexResultError) as raised:
        LIST.decode_result(wire)
    assert raised.value.path == path
    assert raised.value.function == "messages:list"
    assert message in str(raised.value) and "messages:list" in str(raised.value)


@pytest.mark.parametrize(
    ("kwargs", "path", "message"),
    [
        ({}, "args", "missing required field 'channelId'"),
        ({"channel_id": 5}, "args.channelId", "expected an Id of table 'channels'"),
    ],
)
def test_argument_errors_name_the_argument(kwargs: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(ConvexValueError) as raised:
        LIST.encode_args(kwargs)
    assert raised.value.path == path and message in str(raised.value)
    assert "messages:list" in str(raised.value)


def test_unknown_dict_keys_and_out_of_range_ints_are_refused() -> None:
    with pytest.raises(c._Mismatch, match="unknown field 'txt'"):
        TEXT.encode({"kind": "text", "txt": "typo"})
    with pytest.raises(c._Mismatch, match="does not fit in a Convex int64"):
        c.INT64.encode(2**63)
    with pytest.raises(c._Mismatch, match="expected the literal 'text'"):
        c.LiteralCodec("text").decode("image")


def test_unset_reads_as_false_and_prints_its_name() -> None:
    assert not UNSET and repr(UNSET) == "UNSET" and str(UNSET) == "UNSET"
