"""Ordinary application code against the generated example package: must pass mypy --strict."""

from __future__ import annotations

import asyncio
import math
from typing import Literal

from chat_api import Api, AsyncApi, InternalApi
from chat_api.messages import ListResultPageItem, SendArgsContentText

from convex_runtime import UNSET, AsyncConvexClient, ConvexClient, ConvexError, Id


def sync_usage(url: str) -> None:
    api = Api(ConvexClient(url))
    user: Id[Literal["users"]] = api.users.create(name="Ada", role="admin")
    channel = api.channels.create(name="general", created_by=user)
    api.messages.send(
        author_id=user, channel_id=channel, content=SendArgsContentText(kind="text", text="hi")
    )
    api.messages.send(author_id=user, channel_id=channel, content={"kind": "text", "text": "yo"})
    page = api.messages.list_(channel_id=channel, pagination_opts={"numItems": 10, "cursor": None})
    first: ListResultPageItem = page.page[0]
    print(first.id_.table_name, first.author_id, page.is_done, page.continue_cursor)
    for item in api.messages.iter_list(channel_id=channel, page_size=5):
        print(item.content.kind)
    me = api.users.whoami()
    if me is not None:
        print(me.subject.upper())
        if me.email is not UNSET:
            print(me.email.lower())
    total: int = api.counters.increment(name="visits", by=2**60)
    print(total + 1, math.isnan(float(total)))
    try:
        api.channels.create(name="general", created_by=user)
    except ConvexError as exc:
        print(exc.data)
    internal = InternalApi(ConvexClient(url))
    print(internal.users.by_token(token_identifier="x"))


async def async_usage(url: str) -> None:
    api = AsyncApi(AsyncConvexClient(url))
    user = await api.users.create(name="Ada")
    print(user.table_name)
    async for item in api.messages.iter_list(
        channel_id=await api.channels.create(name="x", created_by=user)
    ):
        print(item.id_)


if __name__ == "__main__":
    asyncio.run(async_usage("http://127.0.0.1:3210"))
