"""A tour of the generated `chat_api` package, blocking and asyncio.

    python demo.py http://127.0.0.1:3210      (or set CONVEX_URL)

`python run_demo.py` starts a local backend for the example app and runs this against it.
"""

from __future__ import annotations

import asyncio
import os
import sys

from chat_api import Api, AsyncApi
from chat_api.messages import ListResultPageItemContentText, SendArgsContentText

from convex_runtime import AsyncConvexClient, ConvexClient, ConvexError


def sync_tour(url: str) -> None:
    with ConvexClient(url) as client:
        api = Api(client)
        ann = api.users.create(name="ann", email="ann@example.com")
        general = api.channels.create(name="general", created_by=ann, topic="Anything goes")
        print(f"created {ann.table_name}/{ann.id} and {general.table_name}/{general.id}")

        for i in range(1, 13):
            content = SendArgsContentText(kind="text", text=f"hello #{i}")
            api.messages.send(channel_id=general, author_id=ann, content=content)

        newest = api.messages.list_(
            channel_id=general, pagination_opts={"numItems": 3, "cursor": None}
        )
        print("newest three:")
        for message in newest.page:
            match message.content:  # a tagged union: one attrs class per `kind`
                case ListResultPageItemContentText(text=text):
                    print(f"  {text}")
                case other:
                    print(f"  [{other.kind}]")
        total = sum(1 for _ in api.messages.iter_list(channel_id=general, page_size=5))
        print(f"walked {total} messages in pages of 5")

        try:
            api.channels.create(name="general", created_by=ann)
        except ConvexError as error:
            print(f"caught ConvexError: {error.data['code']}")


async def async_tour(url: str) -> None:
    async with AsyncConvexClient(url) as client:
        api = AsyncApi(client)
        counts = await asyncio.gather(*(api.counters.increment(name="visits") for _ in range(5)))
        print(f"async increments: {sorted(counts)}")
        print(f"visits: {await api.counters.get(name='visits')}")


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CONVEX_URL")
    if not url:
        sys.exit("usage: python demo.py <deployment URL>  (or set CONVEX_URL)")
    sync_tour(url)
    asyncio.run(async_tour(url))


if __name__ == "__main__":
    main()
