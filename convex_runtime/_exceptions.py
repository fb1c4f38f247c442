"""Errors raised by convex_runtime.

Exception tree::

    ConvexRuntimeError                  base of everything raised here
    ├── ConvexError                     the function threw `new ConvexError(data)`
    ├── ConvexExecutionError            any other failure while the function ran
    ├── ConvexRequestError              the deployment refused the request (non-200 JSON)
    ├── ConvexTransportError            the request did not complete
    │   ├── ConvexTimeoutError          (also a builtin TimeoutError)
    │   └── ConvexConnectionError       (also a builtin ConnectionError)
    ├── ConvexProtocolError             a response that is not what the HTTP API promises
    └── ConvexValueError                (also a builtin ValueError) a value cannot be converted
        └── ConvexResultError           a returned value does not match the declared type

    ConvexDeprecationWarning            (a FutureWarning, shown by default)

Errors about a call carry ``.function``, the function path that was called, and name it
in their message (``ConvexError`` keeps its message equal to its data, see there).
"""

from __future__ import annotations

import json
import operator
import re
from typing import Any

__all__ = [
    "ConvexConnectionError",
    "ConvexDeprecationWarning",
    "ConvexError",
    "ConvexExecutionError",
    "ConvexProtocolError",
    "ConvexRequestError",
    "ConvexResultError",
    "ConvexRuntimeError",
    "ConvexTimeoutError",
    "ConvexTransportError",
    "ConvexValueError",
]

_REQUEST_ID = re.compile(r"\[Request ID: ([^\]\s]+)\]")


def _describe(function: str | None) -> str:
    return f"Convex function {function!r}" if function else "Convex function"


class ConvexRuntimeError(Exception):
    """Base class of every error raised by convex_runtime."""

    #: Path of the function being called, e.g. ``"messages:send"``, when the error is
    #: about a call.
    function: str | None = None


class ConvexError(ConvexRuntimeError):
    """An application error: the function ran ``throw new ConvexError(data)``.

    ``data`` is the thrown value decoded to Python (an ``Id``, ``ConvexInt64`` ... like any
    returned value). ``str(error)`` is the data itself when it is a string, otherwise a
    JSON-like rendering of it, so that matching on the message works as in JavaScript.
    When raised by a client, ``function`` is the function called and ``request_id`` the
    server's request id.

    >>> err = ConvexError({"code": "NOT_FOUND"})
    >>> err.data
    {'code': 'NOT_FOUND'}
    >>> str(err)
    '{"code": "NOT_FOUND"}'
    >>> str(ConvexError("Out of stock"))
    'Out of stock'
    """

    def __init__(
        self, data: Any, *, function: str | None = None, request_id: str | None = None
    ) -> None:
        super().__init__(data if isinstance(data, str) else _render(data))
        self.data = data
        self.function = function
        self.request_id = request_id

    def __repr__(self) -> str:
        extra = f", function={self.function!r}" if self.function else ""
        return f"{type(self).__name__}({self.data!r}{extra})"


def _render(data: Any) -> str:
    # Like JavaScript's `stringifyValueForError`: readable, not an exact wire format.
    try:
        return json.dumps(data, default=_render_default, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(data)


def _render_default(value: Any) -> object:
    try:
        return operator.index(value)  # ConvexInt64 renders as its number
    except TypeError:
        return repr(value)


class ConvexExecutionError(ConvexRuntimeError):
    """The function failed on the server for a reason other than a ``ConvexError``.

    For example an uncaught ``Error``, failed argument or return validation, an unknown
    function, or a function called as the wrong kind (a mutation through ``query``).
    ``message`` is the server's text; ``request_id`` is parsed from it when present.
    """

    def __init__(
        self,
        message: str,
        *,
        function: str | None = None,
        request_id: str | None = None,
    ) -> None:
        if request_id is None:
            match = _REQUEST_ID.search(message)
            request_id = match.group(1) if match else None
        super().__init__(f"{_describe(function)} failed: {message}")
        self.message = message
        self.function = function
        self.request_id = request_id


class ConvexRequestError(ConvexRuntimeError):
    """The deployment refused the request: a non-200 response with a ``{code, message}`` body.

    ``status_code`` is the HTTP status, ``code`` the server's short code (such as
    ``"BadDeployKey"`` or ``"Unauthenticated"``) and ``message`` its explanation.
    """

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        function: str | None = None,
    ) -> None:
        super().__init__(
            f"Request to {_describe(function)} failed with HTTP {status_code} {code}: {message}"
        )
        self.status_code = status_code
        self.code = code
        self.message = message
        self.function = function


class ConvexTransportError(ConvexRuntimeError):
    """The request could not be completed: network failure, closed connection, timeout."""

    def __init__(self, message: str, *, function: str | None = None) -> None:
        super().__init__(message)
        self.function = function


class ConvexTimeoutError(ConvexTransportError, TimeoutError):
    """The deployment did not answer within the timeout."""


class ConvexConnectionError(ConvexTransportError, ConnectionError):
    """The connection to the deployment failed or broke before a response arrived."""


class ConvexProtocolError(ConvexRuntimeError):
    """The response does not follow the Convex HTTP API (not JSON, or an unexpected shape).

    ``status_code`` is the HTTP status and ``excerpt`` the start of the body (at most
    200 characters), enough to recognise for example an HTML page from a proxy.
    """

    MAX_EXCERPT = 200

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        excerpt: str = "",
        function: str | None = None,
    ) -> None:
        if len(excerpt) > self.MAX_EXCERPT:
            excerpt = excerpt[: self.MAX_EXCERPT] + "..."
        text = f"{message} (calling {_describe(function)}"
        if status_code is not None:
            text += f", HTTP {status_code}"
        text += ")"
        if excerpt:
            text += f": {excerpt!r}"
        super().__init__(text)
        self.status_code = status_code
        self.excerpt = excerpt
        self.function = function


class ConvexValueError(ConvexRuntimeError, ValueError):
    """A value cannot be converted to or from Convex; ``path`` locates it (``args.items[2]``)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{message} (at {path})" if path else message)
        self.reason = message
        self.path = path


class ConvexResultError(ConvexValueError):
    """A function returned a value that does not match its declared return type.

    Raised by generated code, which checks results against the function's ``returns``
    validator; usually the generated package is older than the deployed functions.
    """

    def __init__(self, message: str, path: str = "", function: str | None = None) -> None:
        super().__init__(f"{_describe(function)} returned an unexpected value: {message}", path)
        self.function = function


class ConvexDeprecationWarning(FutureWarning):
    """The deployment says this client (or a feature it uses) is deprecated.

    A ``FutureWarning`` so that it is shown by default.
    """
