"""Representative values for the codec benchmark, built from a fixed seed.

Each builder returns the Python value a program would pass to `convex_to_json`; the
`int64` argument makes Convex int64 values, so the same payload can be built with
`convex_runtime.ConvexInt64` or with the official package's own class.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

__all__ = [
    "PAYLOADS",
    "chat_page",
    "int64_bytes_heavy",
    "messages",
    "nested_args",
    "number_array",
]

Int64Factory = Callable[[int], Any]

# Convex arrays hold at most 8192 elements: the "10,000-number array" of the issue would
# be rejected by the deployment, so the largest valid array is used instead.
NUMBER_ARRAY_LENGTH = 8192


def _id(rng: random.Random, table: str) -> str:
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    return "".join(rng.choice(alphabet) for _ in range(31)) + table[0]


def messages(count: int = 1000, seed: int = 7) -> list[dict[str, Any]]:
    """`count` documents of the example chat app's `messages` table (its `list` page items)."""
    rng = random.Random(seed)
    words = [
        "the",
        "quick",
        "brown",
        "fox",
        "jumps",
        "over",
        "a",
        "lazy",
        "dog",
        "while",
        "convex",
        "syncs",
        "every",
        "client",
    ]
    users = [_id(rng, "users") for _ in range(20)]
    channels = [_id(rng, "channels") for _ in range(5)]
    out: list[dict[str, Any]] = []
    for index in range(count):
        roll = rng.random()
        content: dict[str, Any]
        if roll < 0.8:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 30)))
            content = {"kind": "text", "text": text}
        elif roll < 0.95:
            content = {
                "kind": "image",
                "url": f"https://cdn.example.com/{_id(rng, 'files')}.png",
                "width": float(rng.randint(100, 4000)),
                "height": float(rng.randint(100, 4000)),
            }
            if rng.random() < 0.5:
                content["caption"] = "holiday photo"
        else:
            content = {"kind": "system", "event": rng.choice(["joined", "left", "renamed"])}
        doc: dict[str, Any] = {
            "_id": _id(rng, "messages"),
            "_creationTime": 1_733_000_000_000.0 + index * 1234.5,
            "authorId": rng.choice(users),
            "channelId": rng.choice(channels),
            "content": content,
        }
        if rng.random() < 0.1:
            doc["editedAt"] = doc["_creationTime"] + 60_000.0
        out.append(doc)
    return out


def chat_page(count: int = 1000) -> dict[str, Any]:
    """A `messages:list` result (a pagination page) holding `count` messages."""
    return {"page": messages(count), "isDone": False, "continueCursor": "c" * 40}


def nested_args(int64: Int64Factory) -> dict[str, Any]:
    """A typical nested argument object: filters, options, a few levels deep."""
    return {
        "channelId": "k57a2b9c8d7e6f5a4b3c2d1e0f9a8b7c",
        "query": {
            "text": "deploy failed",
            "authors": ["alice", "bob", "carol"],
            "range": {"from": 1_733_000_000_000.0, "to": 1_733_999_999_999.0},
            "flags": {"includeEdited": True, "includeSystem": False, "onlyPinned": None},
        },
        "paginationOpts": {"numItems": 50, "cursor": None},
        "sort": [{"field": "createdAt", "order": "desc"}, {"field": "score", "order": "asc"}],
        "options": {
            "highlight": {"pre": "<b>", "post": "</b>", "fragments": 3},
            "limits": {"maxBytes": int64(1 << 40), "maxRows": 10_000},
            "client": {"name": "bench", "version": "1.2.3", "features": ["a", "b", "c"]},
        },
    }


def int64_bytes_heavy(int64: Int64Factory, seed: int = 11) -> dict[str, Any]:
    """Counters as int64 and small binary blobs: the values that need `$integer`/`$bytes`."""
    rng = random.Random(seed)
    return {
        "counters": [
            {"name": f"counter-{i}", "value": int64(rng.randint(-(2**62), 2**62))}
            for i in range(500)
        ],
        "blobs": [rng.randbytes(rng.randint(16, 256)) for _ in range(200)],
        "checksum": int64(2**63 - 1),
    }


def number_array(length: int = NUMBER_ARRAY_LENGTH, seed: int = 3) -> list[float]:
    """`length` floats, like a sensor series or an embedding."""
    rng = random.Random(seed)
    return [rng.uniform(-1000.0, 1000.0) for _ in range(length)]


def _messages(int64: Int64Factory) -> Any:
    return messages()


def _numbers(int64: Int64Factory) -> Any:
    return number_array()


PAYLOADS: dict[str, tuple[str, Callable[[Int64Factory], Any]]] = {
    "messages": ("1,000 chat-message documents", _messages),
    "nested": ("a nested argument object", nested_args),
    "int64_bytes": ("500 int64 counters + 200 byte blobs", int64_bytes_heavy),
    "numbers": (f"{NUMBER_ARRAY_LENGTH:,}-element number array", _numbers),
}
"""Payload key -> (description, builder taking the int64 factory)."""
