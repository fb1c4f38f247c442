"""Run-time support for Convex from Python: values, clients and errors.

Everything public is re-exported here; the underscored modules are private.
"""

from convex_runtime._client import AsyncConvexClient, ConvexClient, RetryPolicy
from convex_runtime._exceptions import (
    ConvexConnectionError,
    ConvexDeprecationWarning,
    ConvexError,
    ConvexExecutionError,
    ConvexProtocolError,
    ConvexRequestError,
    ConvexResultError,
    ConvexRuntimeError,
    ConvexTimeoutError,
    ConvexTransportError,
    ConvexValueError,
)
from convex_runtime._values import (
    ConvexInt64,
    ConvexMap,
    ConvexSet,
    ConvexValue,
    Id,
    JSONValue,
    convex_to_json,
    json_to_convex,
)
from convex_runtime._version import __version__
from convex_runtime.codecs import UNSET, Unset

__all__ = [
    "UNSET",
    "AsyncConvexClient",
    "ConvexClient",
    "ConvexConnectionError",
    "ConvexDeprecationWarning",
    "ConvexError",
    "ConvexExecutionError",
    "ConvexInt64",
    "ConvexMap",
    "ConvexProtocolError",
    "ConvexRequestError",
    "ConvexResultError",
    "ConvexRuntimeError",
    "ConvexSet",
    "ConvexTimeoutError",
    "ConvexTransportError",
    "ConvexValue",
    "ConvexValueError",
    "Id",
    "JSONValue",
    "RetryPolicy",
    "Unset",
    "__version__",
    "convex_to_json",
    "json_to_convex",
]
