"""Errors raised by convex_runtime.

Exception tree::

    ConvexRuntimeError
    ├── ConvexValueError (ValueError)
    │   └── ConvexResultError
    ...placeholder: the client helper replaces this module.
"""

from __future__ import annotations


class ConvexRuntimeError(Exception):
    pass


class ConvexValueError(ConvexRuntimeError, ValueError):
    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{message} (at {path})" if path else message)
        self.path = path


class ConvexResultError(ConvexValueError):
    pass


class ConvexError(ConvexRuntimeError):
    pass


class ConvexExecutionError(ConvexRuntimeError):
    pass


class ConvexRequestError(ConvexRuntimeError):
    pass


class ConvexTransportError(ConvexRuntimeError):
    pass


class ConvexTimeoutError(ConvexTransportError):
    pass


class ConvexConnectionError(ConvexTransportError):
    pass


class ConvexProtocolError(ConvexRuntimeError):
    pass


class ConvexDeprecationWarning(FutureWarning):
    pass
