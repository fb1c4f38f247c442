"""The generated ``chat_api`` package through ``AsyncApi`` and ``AsyncInternalApi``.

Every function of the example app is awaited at least once; the value checks mirror the
sync tests in ``test_generated_api.py`` where the async path has code of its own (the
``acall`` and ``apaginate`` helpers).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Literal

import pytest
from chat_api import AsyncApi, AsyncInternalApi
from chat_api.admin.reports import DefaultResult
from chat_api.attachments import DownloadResult
from chat_api.messages import (
    GetResultContentImage,
    GetResultContentSystem,
    ListResultPageItem,
    ListResultPageItemContentText,
)
from chat_api.notifications import SendDigestResult
from chat_api.reactions import ToggleResult
from chat_api.users import UpdateSettingsArgsSettings

from convex_runtime import (
    UNSET,
    AsyncConvexClient,
    ConvexError,
    ConvexExecutionError,
    ConvexInt64,
    Id,
)

if TYPE_CHECKING:
    from tests.backend.bridge import Backend

pytestmark = [pytest.mark.usefixtures("fresh_db"), pytest.mark.anyio]

LOGS = "convex_runtime.logs"
UserId = Id[Literal["users"]]
ChannelId = Id[Literal["channels"]]
MessageId = Id[Literal["messages"]]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(backend: Backend) -> AsyncIterator[AsyncConvexClient]:
    async with AsyncConvexClient(backend.url) as client:
        yield client


@pytest.fixture
async def admin_client(backend: Backend) -> AsyncIterator[AsyncConvexClient]:
    async with AsyncConvexClient(backend.url) as client:
        client.set_admin_auth(backend.admin_key)
        yield client


@pytest.fixture
def api(client: AsyncConvexClient) -> AsyncApi:
    return AsyncApi(client)


@pytest.fixture
def internal(admin_client: AsyncConvexClient) -> AsyncInternalApi:
    return AsyncInternalApi(admin_client)


async def make_channel(api: AsyncApi) -> tuple[UserId, ChannelId]:
    user = await api.users.create(name="ann", email="ann@example.com")
    channel = await api.channels.create(name="general", created_by=user, topic="chat")
    return user, channel


async def test_users_and_channels(api: AsyncApi) -> None:
    ann, channel = await make_channel(api)
    assert ann.table_name == "users" and channel.table_name == "channels"
    user = await api.users.get(id_=ann)
    assert user is not None and user.email == "ann@example.com" and user.settings is UNSET
    await api.users.update_settings(
        id_=ann,
        settings=UpdateSettingsArgsSettings(email=True, muted_channels={}, quiet_hours=None),
        profile={"n": ConvexInt64(2**62)},
    )
    updated = await api.users.get(id_=ann)
    assert updated is not None and updated.settings is not UNSET
    assert updated.profile == {"n": ConvexInt64(2**62)}

    channels = await api.channels.list_()
    assert [(c.id_, c.topic, c.is_private) for c in channels] == [(channel, "chat", False)]
    await api.channels.rename(id_=channel, name="lobby", by=ann)
    assert [c.name for c in await api.channels.list_(include_private=True)] == ["lobby"]


async def test_messages_and_pagination(api: AsyncApi) -> None:
    ann, channel = await make_channel(api)
    sent = []
    for i in range(25):
        sent.append(
            await api.messages.send(
                author_id=ann, channel_id=channel, content={"kind": "text", "text": f"m{i}"}
            )
        )
    assert all(m.table_name == "messages" for m in sent)

    items = [item async for item in api.messages.iter_list(channel_id=channel, page_size=10)]
    assert len(items) == 26
    assert all(type(item) is ListResultPageItem for item in items)
    assert [item.id_ for item in items[:-1]] == sent[::-1]
    assert items[0].content == ListResultPageItemContentText(kind="text", text="m24")

    first = await api.messages.list_(
        channel_id=channel, pagination_opts={"numItems": 10, "cursor": None}
    )
    assert len(first.page) == 10 and first.is_done is False
    rest = await api.messages.list_(
        channel_id=channel, pagination_opts={"numItems": 100, "cursor": first.continue_cursor}
    )
    assert rest.is_done is True
    assert [i.id_ for i in first.page + rest.page] == [i.id_ for i in items]

    image = await api.messages.send(
        author_id=ann,
        channel_id=channel,
        content={"kind": "image", "url": "u", "width": 3, "height": 4},
    )
    got = await api.messages.get(id_=image)
    assert type(got.content) is GetResultContentImage and got.content.caption is UNSET

    await api.messages.edit(id_=sent[0], text="edited")
    edited = await api.messages.get(id_=sent[0])
    assert type(edited.edited_at) is float

    await api.messages.remove(id_=sent[0])
    with pytest.raises(ConvexError) as info:
        await api.messages.get(id_=sent[0])
    assert info.value.data["status"] == ConvexInt64(404)
    assert type(info.value.data["status"]) is ConvexInt64


async def test_reactions_attachments_counters(api: AsyncApi) -> None:
    ann, channel = await make_channel(api)
    message = await api.messages.send(
        author_id=ann, channel_id=channel, content={"kind": "text", "text": "hi"}
    )
    toggled = await api.reactions.toggle(message_id=message, user_id=ann, emoji="wave")
    assert toggled == ToggleResult(added=True, count=1.0)
    assert await api.reactions.counts(message_id=message) == {"wave": 1.0}

    uploaded = await api.attachments.upload(message_id=message, file_name="f", data=b"\xff\x00")
    assert uploaded.size_bytes == 2 and type(uploaded.size_bytes) is int
    assert await api.attachments.download(id_=uploaded.id_) == DownloadResult(
        file_name="f", data=b"\xff\x00", size_bytes=2
    )

    big = 2**53 + 1
    assert await api.counters.increment(name="n", by=big) == big
    value = await api.counters.get(name="n")
    assert value == big and type(value) is int


async def test_diagnostics(
    api: AsyncApi, client: AsyncConvexClient, caplog: pytest.LogCaptureFixture
) -> None:
    floats = await api.diagnostics.special_floats()
    assert math.isnan(floats.nan) and floats.negative_infinity == -math.inf
    assert math.copysign(1.0, floats.negative_zero) == -1.0

    assert await api.diagnostics.echo(b=b"x", i=ConvexInt64(1)) == {"b": b"x", "i": 1}
    assert await api.diagnostics.weighted_score(scores={"a": 4}, weights={"a": 2}) == 4.0

    with pytest.raises(ConvexExecutionError, match="async boom"):
        await api.diagnostics.fail(message="async boom")
    with pytest.raises(ConvexError) as raised:
        await api.diagnostics.raise_(data={"code": "X", "n": ConvexInt64(-1)})
    assert raised.value.data == {"code": "X", "n": ConvexInt64(-1)}

    caplog.set_level(logging.DEBUG, logger=LOGS)
    assert await api.diagnostics.logs(message="off") == 4.0
    assert [r for r in caplog.records if r.name == LOGS] == []
    client.set_debug(True)
    await api.diagnostics.logs(message="on")
    lines = [r.getMessage() for r in caplog.records if r.name == LOGS]
    assert lines[0] == "[diagnostics:logs] [LOG] 'on'" and len(lines) == 4


async def test_round_trip(api: AsyncApi) -> None:
    result = await api.diagnostics.round_trip(
        nothing=None,
        count=1,
        big=-(2**63),
        flag=False,
        text="",
        blob=b"",
        anything=None,
        string_literal="chat",
        number_literal=3,
        boolean_literal=False,
        bigint_literal=10,
        list_=[],
        scores={},
        nested={"inner": {"depth": 0, "tags": []}},
        nullable="x",
        choice="c",
        content={"kind": "system", "event": "renamed"},
        maybe="m",
    )
    assert result.big == -(2**63) and type(result.big) is int
    assert result.blob == b"" and result.anything is None and result.maybe == "m"
    assert type(result.content).__name__ == "RoundTripResultContentSystem"


async def test_actions_reports_and_internal_functions(
    api: AsyncApi, internal: AsyncInternalApi
) -> None:
    ann, channel = await make_channel(api)
    message = await api.messages.send(
        author_id=ann, channel_id=channel, content={"kind": "text", "text": "hey"}
    )
    digest = await api.notifications.send_digest(channel_id=channel, recipients=["x@y"])
    assert digest == SendDigestResult(delivered=1.0, preview=["[system]", "hey"])

    report = await api.admin.reports.file(message_id=message, reporter_id=ann, reason="r")
    assert await api.admin.reports.default() == DefaultResult(open_=1, resolved=0, dismissed=0)
    listed = await internal.admin.reports.list_open()
    assert [r.id_ for r in listed] == [report] and listed[0].id_.table_name == "reports"
    await internal.admin.reports.resolve(id_=report, outcome="resolved")
    assert await internal.admin.reports.list_open() == []

    system = await internal.messages.post_system(author_id=ann, channel_id=channel, event="joined")
    assert (await api.messages.get(id_=system)).content == GetResultContentSystem(
        kind="system", event="joined"
    )
    assert await internal.notifications.recent_texts(channel_id=channel, limit=1) == ["[system]"]
    assert await internal.notifications.deliver(to="a", subject="s", body="b") is True
    by_token = await internal.users.by_token(token_identifier="local|ann")
    assert by_token is not None and by_token.id_ == ann


async def test_concurrent_calls_share_one_client(api: AsyncApi) -> None:
    results = await asyncio.gather(*(api.counters.increment(name="c") for _ in range(20)))
    assert sorted(results) == list(range(1, 21))
    assert await api.counters.get(name="c") == 20


def test_asyncio_run_from_sync_code(backend: Backend) -> None:
    async def main() -> float:
        async with AsyncConvexClient(backend.url) as client:
            return (await AsyncApi(client).admin.reports.default()).open_

    assert asyncio.run(main()) == 0.0


async def test_auth_on_the_async_client(
    backend: Backend, client: AsyncConvexClient, api: AsyncApi
) -> None:
    assert await api.users.whoami() is None
    with pytest.raises(ConvexError) as info:
        await api.users.store()
    assert info.value.data["code"] == "UNAUTHENTICATED"

    client.set_admin_auth(backend.admin_key, acting_as={"subject": "s-1", "issuer": "https://i"})
    identity = await api.users.whoami()
    assert identity is not None and identity.token_identifier == "https://i|s-1"
    stored = await api.users.store()
    assert stored.table_name == "users"
    user = await api.users.get(id_=stored)
    assert user is not None and user.name == "Anonymous"

    client.clear_auth()
    assert await api.users.whoami() is None
    with pytest.raises(ConvexExecutionError, match="Could not find public function"):
        await AsyncInternalApi(client).users.by_token(token_identifier="https://i|s-1")
