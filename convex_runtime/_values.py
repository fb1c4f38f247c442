"""Placeholder: the values helper replaces this module."""

from __future__ import annotations

from typing import Any, Union

JSONValue = Union[None, bool, int, float, str, list[Any], dict[str, Any]]
ConvexValue = Any


class Id(str):
    pass


class ConvexInt64:
    pass


class ConvexSet:
    pass


class ConvexMap:
    pass


def convex_to_json(value: Any) -> JSONValue:
    raise NotImplementedError


def json_to_convex(data: JSONValue) -> Any:
    raise NotImplementedError
