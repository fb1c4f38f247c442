"""The untyped API (``client.query("module:function", args)``) against the example app.

Values come back as plain Python: numbers as ``float``, ids as ``str``, int64 as
``ConvexInt64``, bytes as ``bytes``; ints must be wrapped in ``ConvexInt64`` to go out as
int64.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from convex_runtime import (
    AsyncConvexClient,
    ConvexClient,
    ConvexError,
    ConvexExecutionError,
    ConvexInt64,
    ConvexValueError,
    Id,
)

if TYPE_CHECKING:
    from tests.backend.bridge import Backend

pytestmark = pytest.mark.usefixtures("fresh_db")


@pytest.fixture
def client(backend: Backend) -> Iterator[ConvexClient]:
    with ConvexClient(backend.url) as client:
        yield client


def make_channel(client: ConvexClient) -> tuple[str, str]:
    user = client.mutation("users:create", {"name": "ann"})
    channel = client.mutation("channels:create", {"name": "general", "createdBy": user})
    return user, channel


def test_documents_come_back_as_plain_values(client: ConvexClient) -> None:
    user, channel = make_channel(client)
    # Ids are plain strings here: the untyped client does not know the table.
    assert type(user) is str and not isinstance(user, Id)
    message = client.mutation(
        "messages:send",
        {"channelId": channel, "authorId": user, "content": {"kind": "text", "text": "hi"}},
    )
    doc = client.query("messages:get", {"id": message})
    assert doc == {
        "_id": message,
        "_creationTime": doc["_creationTime"],
        "authorId": user,
        "channelId": channel,
        "content": {"kind": "text", "text": "hi"},
    }
    assert type(doc["_creationTime"]) is float
    assert client.query("users:get", {"id": user})["role"] == "member"
    assert client.query("channels:list") == client.query("channels:list", {})
    assert [c["_id"] for c in client.query("channels:list", {"includePrivate": True})] == [channel]


def test_numbers_are_floats_and_int64_is_convex_int64(client: ConvexClient) -> None:
    first = client.mutation("counters:increment", {"name": "n"})
    assert first == ConvexInt64(1) and type(first) is ConvexInt64
    big = client.mutation("counters:increment", {"name": "n", "by": ConvexInt64(2**60)})
    assert big == ConvexInt64(2**60 + 1) and big.value == 2**60 + 1
    assert client.query("counters:get", {"name": "n"}) == ConvexInt64(2**60 + 1)

    score = client.query("diagnostics:weightedScore", {"scores": {"a": 1, "b": 2}})
    assert score == 1.5 and type(score) is float
    echoed = client.query("diagnostics:echo", {"n": 3})
    assert echoed == {"n": 3.0} and type(echoed["n"]) is float


def test_int_too_big_for_a_float_must_be_wrapped(client: ConvexClient) -> None:
    with pytest.raises(ConvexValueError) as info:
        client.mutation("counters:increment", {"name": "n", "by": 2**60})
    assert "ConvexInt64" in str(info.value) and info.value.path == "args.by"


def test_bytes_and_special_floats(client: ConvexClient) -> None:
    user, channel = make_channel(client)
    message = client.mutation(
        "messages:send",
        {"channelId": channel, "authorId": user, "content": {"kind": "text", "text": "f"}},
    )
    data = b"\x00\x01\xfe\xff"
    uploaded = client.mutation(
        "attachments:upload", {"messageId": message, "fileName": "f.bin", "data": data}
    )
    assert uploaded["sizeBytes"] == ConvexInt64(4)
    downloaded = client.query("attachments:download", {"id": uploaded["id"]})
    assert downloaded == {"fileName": "f.bin", "data": data, "sizeBytes": ConvexInt64(4)}
    assert type(downloaded["data"]) is bytes

    floats = client.query("diagnostics:specialFloats")
    assert math.isnan(floats["nan"])
    assert (floats["infinity"], floats["negativeInfinity"]) == (math.inf, -math.inf)
    assert math.copysign(1.0, floats["negativeZero"]) == -1.0
    assert floats["whole"] == 3.0 and type(floats["whole"]) is float
    echoed = client.query("diagnostics:echo", {"x": [math.nan, -0.0, b"", None]})
    assert math.isnan(echoed["x"][0]) and math.copysign(1.0, echoed["x"][1]) == -1.0
    assert echoed["x"][2:] == [b"", None]


def test_paginated_query_by_hand(client: ConvexClient) -> None:
    user, channel = make_channel(client)
    for i in range(12):
        client.mutation(
            "messages:send",
            {"channelId": channel, "authorId": user, "content": {"kind": "text", "text": str(i)}},
        )
    texts: list[Any] = []
    cursor = None
    while True:
        result = client.query(
            "messages:list",
            {"channelId": channel, "paginationOpts": {"numItems": 5, "cursor": cursor}},
        )
        texts.extend(m["content"].get("text", m["content"]["kind"]) for m in result["page"])
        if result["isDone"]:
            break
        cursor = result["continueCursor"]
    assert texts == [str(i) for i in range(11, -1, -1)] + ["system"]


def test_actions_nested_paths_and_default_exports(client: ConvexClient) -> None:
    _, channel = make_channel(client)
    digest = client.action(
        "notifications:sendDigest", {"channelId": channel, "recipients": ["a@x"]}
    )
    assert digest == {"delivered": 1.0, "preview": ["[system]"]}
    zero = {"open": 0.0, "resolved": 0.0, "dismissed": 0.0}
    assert client.query("admin/reports") == zero
    assert client.query("admin/reports:default") == zero


def test_errors(client: ConvexClient) -> None:
    with pytest.raises(ConvexError) as raised:
        client.mutation("diagnostics:raise", {"data": {"n": ConvexInt64(-3), "s": "x"}})
    assert raised.value.data == {"n": ConvexInt64(-3), "s": "x"}
    assert type(raised.value.data["n"]) is ConvexInt64
    with pytest.raises(ConvexExecutionError, match="oops"):
        client.query("diagnostics:fail", {"message": "oops"})
    with pytest.raises(ConvexExecutionError, match="defined as Query"):
        client.mutation("diagnostics:fail", {})


def test_async_untyped_client(backend: Backend) -> None:
    async def main() -> tuple[Any, Any]:
        async with AsyncConvexClient(backend.url) as client:
            await client.mutation("counters:increment", {"name": "a", "by": ConvexInt64(5)})
            value = await client.query("counters:get", {"name": "a"})
            reports = await client.query("admin/reports")
            return value, reports

    value, reports = asyncio.run(main())
    assert value == ConvexInt64(5) and type(value) is ConvexInt64
    assert reports["open"] == 0.0
