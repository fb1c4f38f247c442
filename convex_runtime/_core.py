"""What the sync and async clients share: everything except doing the I/O."""

from __future__ import annotations

import json
import os
import random
import re
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias
from urllib.parse import urlsplit

from convex_runtime import _logs
from convex_runtime._auth import Credentials, admin_credentials, bearer_credentials
from convex_runtime._exceptions import (
    ConvexConnectionError,
    ConvexDeprecationWarning,
    ConvexError,
    ConvexExecutionError,
    ConvexProtocolError,
    ConvexRequestError,
    ConvexRuntimeError,
    ConvexTimeoutError,
    ConvexTransportError,
    ConvexValueError,
)
from convex_runtime._retry import FunctionKind, RetryPolicy, is_retryable_error, parse_retry_after
from convex_runtime._values import JSONValue, json_to_convex
from convex_runtime._version import __version__

if TYPE_CHECKING:
    # Imported where requests are made, so that `import convex_runtime` and building a
    # client do not pay for httpx (and its TLS set-up) before the first call.
    import httpx

__all__ = [
    "CLIENT_DEFAULT",
    "DEFAULT_TIMEOUT",
    "ClientCore",
    "ClientDefault",
    "FunctionKind",
    "TimeoutArg",
]

#: Seconds a request may take, per phase (connect, write, read, pool), by default.
DEFAULT_TIMEOUT: Final = 30.0

CLIENT_HEADER: Final = f"convex-py-codegen-{__version__}"

# Status 560 is the old "function failed" status, still treated like 200 by the JS client.
_FUNCTION_RESULT_STATUSES: Final = frozenset({200, 560})
_REQUEST_ID = re.compile(r"\[Request ID: ([^\]\s]+)\]")
_KINDS: Final = ("query", "mutation", "action")
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")

TimeoutArg: TypeAlias = "float | httpx.Timeout | None"


class ClientDefault:
    """Type of :data:`CLIENT_DEFAULT`: "use the client's setting" (for ``timeout``)."""

    def __repr__(self) -> str:
        return "CLIENT_DEFAULT"


CLIENT_DEFAULT: Final = ClientDefault()


def _validate_address(address: object) -> str:
    if not isinstance(address, str):
        raise TypeError(f"The deployment address must be a str, got {type(address).__name__}")
    hint = "expected the deployment URL, like 'https://happy-animal-123.convex.cloud'"
    try:
        url = urlsplit(address)
        host, _port = url.hostname, url.port  # .port raises ValueError for a bad port
    except ValueError:
        raise ValueError(f"Invalid deployment address {address!r}: {hint}") from None
    if "@" in url.netloc:
        # Checked first so that the credentials are not echoed in a message.
        raise ValueError(
            "The deployment address must not contain credentials; "
            "use set_auth() or set_admin_auth() instead"
        )
    if url.scheme not in ("http", "https") or not host or _UNSAFE.search(address):
        raise ValueError(f"Invalid deployment address {address!r}: {hint}")
    if url.query or url.fragment:
        raise ValueError(f"Invalid deployment address {address!r}: {hint} (no query or fragment)")
    return address.rstrip("/")


def _excerpt(response: httpx.Response) -> str:
    limit = ConvexProtocolError.MAX_EXCERPT
    return response.text[: limit + 1]


class ClientCore:
    """State and logic common to :class:`ConvexClient` and :class:`AsyncConvexClient`."""

    def __init__(
        self,
        address: str,
        *,
        timeout: TimeoutArg | ClientDefault,
        retry: RetryPolicy | None,
        client_timeout: httpx.Timeout | None,
    ) -> None:
        self._address = _validate_address(address)
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise TypeError(f"retry must be a RetryPolicy or None, got {type(retry).__name__}")
        self._retry = retry if retry is not None else RetryPolicy(max_attempts=1)
        # An injected httpx client keeps its own timeout unless one is given here.
        if isinstance(timeout, ClientDefault):
            timeout = client_timeout if client_timeout is not None else DEFAULT_TIMEOUT
        self._timeout_arg: TimeoutArg = timeout
        self._timeout: httpx.Timeout | None = None
        self._credentials: Credentials | None = None
        self._debug = False
        self._warned: set[str] = set()
        # Replaced in tests to pick the jitter.
        self._random: Callable[[], float] = random.random

    # -- public configuration ------------------------------------------------------------

    @property
    def address(self) -> str:
        """The deployment URL, without a trailing slash."""
        return self._address

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout used for calls that do not pass their own."""
        if self._timeout is None:
            import httpx

            self._timeout = httpx.Timeout(self._timeout_arg)
        return self._timeout

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy (``max_attempts == 1`` when retries are off)."""
        return self._retry

    def set_auth(self, token: str) -> None:
        """Run the following calls as the user identified by ``token`` (an OIDC/JWT token)."""
        self._credentials = bearer_credentials(token)

    def set_admin_auth(self, admin_key: str, acting_as: Mapping[str, Any] | None = None) -> None:
        """Run the following calls with an admin or deploy key.

        Admin calls may reach internal functions. ``acting_as`` (user identity attributes
        such as ``{"subject": "user123", "issuer": "https://auth.example.com"}``) makes the
        functions see that user instead of an admin.
        """
        self._credentials = admin_credentials(admin_key, acting_as)

    def clear_auth(self) -> None:
        """Stop sending credentials."""
        self._credentials = None

    def set_debug(self, debug: bool) -> None:
        """Forward the functions' log lines to the ``convex_runtime.logs`` logger.

        Each line becomes one record naming the function. When the application has not
        configured logging, turning debug on also attaches a handler writing to stderr so
        that the lines are visible. Log lines are only sent by development deployments.
        """
        self._debug = bool(debug)
        if self._debug:
            _logs.ensure_visible()

    def __repr__(self) -> str:
        auth = self._credentials.kind if self._credentials else None
        return f"{type(self).__name__}({self._address!r}, auth={auth!r})"

    # -- building requests ---------------------------------------------------------------

    def _check_call(self, kind: str, path: object) -> None:
        if kind not in _KINDS:
            raise ValueError(f"kind must be one of {', '.join(_KINDS)}, got {kind!r}")
        if not isinstance(path, str) or not path:
            raise TypeError(
                f"{kind}() expects the function path as a non-empty str like "
                f"'messages:list', got {path!r}"
            )

    @staticmethod
    def _check_args(kind: str, path: str, args: object) -> Mapping[str, Any]:
        if args is None:
            return {}
        if not isinstance(args, Mapping):
            raise TypeError(
                f"{kind}({path!r}, args): args must be a mapping of argument names to values "
                f"such as a dict, got {type(args).__name__}"
            )
        return args

    def _request_parts(
        self,
        kind: FunctionKind,
        path: str,
        args_json: JSONValue,
        timeout: TimeoutArg | ClientDefault,
    ) -> tuple[str, bytes, dict[str, str], httpx.Timeout]:
        url = f"{self._address}/api/{kind}"
        body = {"path": path, "args": args_json, "format": "convex_encoded_json"}
        try:
            content = json.dumps(body, separators=(",", ":"), allow_nan=False).encode()
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{kind} {path!r}: args must already be Convex-encoded JSON ({exc}); "
                "use convex_to_json() or query()/mutation()/action()"
            ) from None
        headers = {"Content-Type": "application/json", "Convex-Client": CLIENT_HEADER}
        if self._credentials is not None:
            headers["Authorization"] = self._credentials.header
        if isinstance(timeout, ClientDefault):
            return url, content, headers, self.timeout
        import httpx

        return url, content, headers, httpx.Timeout(timeout)

    # -- retries ---------------------------------------------------------------------------

    def _delay_after_error(
        self, kind: FunctionKind, attempt: int, error: httpx.HTTPError
    ) -> float | None:
        """Seconds to wait before retrying after ``error``, or None to give up."""
        if attempt >= self._retry.max_attempts or not is_retryable_error(kind, error):
            return None
        return self._retry.backoff(attempt, self._random())

    def _delay_after_response(
        self, kind: FunctionKind, attempt: int, response: httpx.Response
    ) -> float | None:
        """Seconds to wait before retrying after ``response``, or None to use it."""
        if (
            kind != "query"
            or attempt >= self._retry.max_attempts
            or response.status_code not in self._retry.retry_statuses
        ):
            return None
        retry_after = parse_retry_after(response.headers)
        return self._retry.backoff(attempt, self._random(), retry_after)

    # -- interpreting outcomes -----------------------------------------------------------

    def _transport_error(
        self, kind: FunctionKind, path: str, error: httpx.HTTPError, attempts: int
    ) -> ConvexRuntimeError:
        where = f"{kind} {path!r} at {self._address}"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        import httpx

        # httpx messages describe the socket failure, never the request headers.
        detail = str(error) or type(error).__name__
        if isinstance(error, httpx.TimeoutException):
            return ConvexTimeoutError(f"Timed out calling {where}{tries}: {detail}", function=path)
        if isinstance(error, httpx.TransportError):
            return ConvexConnectionError(
                f"Could not complete {where}{tries}: {detail}", function=path
            )
        if isinstance(error, httpx.DecodingError):
            return ConvexProtocolError(
                f"Could not decode the response body: {detail}", function=path
            )
        return ConvexTransportError(f"Request failed calling {where}: {detail}", function=path)

    def _interpret(self, path: str, response: httpx.Response) -> JSONValue:
        """The encoded value of a successful call; raises the matching error otherwise."""
        self._check_deprecation(response)
        status = response.status_code
        if status not in _FUNCTION_RESULT_STATUSES:
            raise self._request_error(path, response)
        try:
            body = response.json()
        except ValueError:
            raise ConvexProtocolError(
                "Expected a JSON function result",
                status_code=status,
                excerpt=_excerpt(response),
                function=path,
            ) from None
        if isinstance(body, dict):
            log_lines = body.get("logLines")
            if self._debug and isinstance(log_lines, list):
                _logs.emit_log_lines(path, log_lines)
            outcome = body.get("status")
            if outcome == "success" and "value" in body:
                value: JSONValue = body["value"]
                return value
            message = body.get("errorMessage")
            if outcome == "error" and isinstance(message, str):
                match = _REQUEST_ID.search(message)
                request_id = match.group(1) if match else None
                if "errorData" in body:
                    raise ConvexError(
                        self._decode(path, body["errorData"], "errorData"),
                        function=path,
                        request_id=request_id,
                    )
                raise ConvexExecutionError(message, function=path, request_id=request_id)
        raise ConvexProtocolError(
            "Expected a function result like {'status': 'success', 'value': ...}",
            status_code=status,
            excerpt=_excerpt(response),
            function=path,
        )

    def _request_error(self, path: str, response: httpx.Response) -> ConvexRuntimeError:
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            code, message = body.get("code"), body.get("message")
            if isinstance(code, str) and isinstance(message, str):
                return ConvexRequestError(response.status_code, code, message, function=path)
        return ConvexProtocolError(
            "Unexpected HTTP error response",
            status_code=response.status_code,
            excerpt=_excerpt(response),
            function=path,
        )

    def _decode(self, path: str, data: JSONValue, what: str) -> Any:
        try:
            return json_to_convex(data, path=what)
        except ConvexValueError as exc:
            # The path in the message locates the bad part; say which call produced it.
            exc.function = path
            add_note = getattr(exc, "add_note", None)  # Python 3.11+
            if add_note is not None:
                add_note(f"while decoding the {what} returned by Convex function {path!r}")
            raise

    def _check_deprecation(self, response: httpx.Response) -> None:
        message = response.headers.get("x-convex-deprecation-message")
        if message is None or message in self._warned:
            return
        self._warned.add(message)
        state = response.headers.get("x-convex-deprecation-state")
        text = f"{state}: {message}" if state else message
        warnings.warn(text, ConvexDeprecationWarning, stacklevel=_caller_stacklevel())


def _caller_stacklevel() -> int:
    # Point the warning at the first frame outside convex_runtime: the application or the
    # generated client, however many of our frames (sync or async) sit in between.
    package_dir = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(package_dir):
        frame = frame.f_back
        level += 1
    return level
