"""The HTTP clients that call Convex functions, blocking and asyncio."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from typing_extensions import Self

from convex_runtime._core import CLIENT_DEFAULT, ClientCore, ClientDefault, FunctionKind, TimeoutArg
from convex_runtime._retry import RetryPolicy
from convex_runtime._values import JSONValue, convex_to_json

if TYPE_CHECKING:
    import httpx  # imported on first use: see _core

__all__ = ["AsyncConvexClient", "ConvexClient", "RetryPolicy"]

_DEFAULT_RETRY = RetryPolicy()


def _is_http_client(value: object, name: str) -> bool:
    """`isinstance(value, httpx.<name>)`, without importing httpx for other values."""
    httpx = sys.modules.get("httpx")
    return httpx is not None and isinstance(value, getattr(httpx, name))


class ConvexClient(ClientCore):
    """Calls the queries, mutations and actions of a Convex deployment over HTTP.

    ``address`` is the deployment URL, e.g. ``"https://happy-animal-123.convex.cloud"``.
    ``timeout`` (seconds or an :class:`httpx.Timeout`, 30 s by default) applies to each
    request; ``retry`` says how failed requests are retried (``None`` turns retries off).
    Pass ``http_client`` to use your own :class:`httpx.Client` (proxies, transports...);
    the client closes only an httpx client it created itself.

    Use it as a context manager, or call :meth:`close`, to release connections.
    """

    def __init__(
        self,
        address: str,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
        retry: RetryPolicy | None = _DEFAULT_RETRY,
        http_client: httpx.Client | None = None,
    ) -> None:
        if http_client is not None and not _is_http_client(http_client, "Client"):
            raise TypeError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}"
                + (
                    " (use AsyncConvexClient)"
                    if _is_http_client(http_client, "AsyncClient")
                    else ""
                )
            )
        super().__init__(
            address,
            timeout=timeout,
            retry=retry,
            client_timeout=http_client.timeout if http_client is not None else None,
        )
        self._owns_http = http_client is None
        self._http_client = http_client
        self._http_lock = threading.Lock()
        # Replaced in tests so that retries do not wait.
        self._sleep: Callable[[float], None] = time.sleep

    def query(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> Any:
        """Run the query ``name`` (e.g. ``"messages:list"``) with ``args`` and return its result."""
        return self._call("query", name, args, timeout)

    def mutation(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> Any:
        """Run the mutation ``name`` with ``args`` and return its result."""
        return self._call("mutation", name, args, timeout)

    def action(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> Any:
        """Run the action ``name`` with ``args`` and return its result."""
        return self._call("action", name, args, timeout)

    def _call(
        self, kind: FunctionKind, name: str, args: object, timeout: TimeoutArg | ClientDefault
    ) -> Any:
        self._check_call(kind, name)
        args_json = convex_to_json(self._check_args(kind, name, args), path="args")
        value = self.call_encoded(kind, name, args_json, timeout=timeout)
        return self._decode(name, value, "value")

    def call_encoded(
        self,
        kind: FunctionKind,
        path: str,
        args_json: JSONValue,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> JSONValue:
        """Run a function with already encoded arguments and return its encoded result.

        The building block of generated clients, which encode and decode values
        themselves. Errors are the same as for :meth:`query`, and a ``ConvexError``'s data
        is still decoded.
        """
        import httpx

        self._check_call(kind, path)
        url, content, headers, request_timeout = self._request_parts(kind, path, args_json, timeout)
        attempt = 1
        while True:
            try:
                response = self._http.post(
                    url, content=content, headers=headers, timeout=request_timeout
                )
            except httpx.HTTPError as exc:
                delay = self._delay_after_error(kind, attempt, exc)
                if delay is None:
                    raise self._transport_error(kind, path, exc, attempt) from exc
            else:
                delay = self._delay_after_response(kind, attempt, response)
                if delay is None:
                    return self._interpret(path, response)
            self._sleep(delay)
            attempt += 1

    @property
    def _http(self) -> httpx.Client:
        # Created on the first request: setting up TLS costs more than everything else a
        # program does to build its clients, and many never call before they exit.
        if self._http_client is None:
            with self._http_lock:
                if self._http_client is None:
                    import httpx

                    self._http_client = httpx.Client(timeout=self.timeout)
        return self._http_client

    def close(self) -> None:
        """Close the connections, unless the httpx client was passed in."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncConvexClient(ClientCore):
    """The asyncio version of :class:`ConvexClient`: the same arguments and methods, awaited.

    ``http_client`` must be an :class:`httpx.AsyncClient`. Use ``async with``, or await
    :meth:`aclose`, to release connections.
    """

    def __init__(
        self,
        address: str,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
        retry: RetryPolicy | None = _DEFAULT_RETRY,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if http_client is not None and not _is_http_client(http_client, "AsyncClient"):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
                + (" (use ConvexClient)" if _is_http_client(http_client, "Client") else "")
            )
        super().__init__(
            address,
            timeout=timeout,
            retry=retry,
            client_timeout=http_client.timeout if http_client is not None else None,
        )
        self._owns_http = http_client is None
        self._http_client = http_client
        # Replaced in tests so that retries do not wait.
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def query(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> Any:
        """Run the query ``name`` (e.g. ``"messages:list"``) with ``args`` and return its result."""
        return await self._call("query", name, args, timeout)

    async def mutation(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> Any:
        """Run the mutation ``name`` with ``args`` and return its result."""
        return await self._call("mutation", name, args, timeout)

    async def action(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> Any:
        """Run the action ``name`` with ``args`` and return its result."""
        return await self._call("action", name, args, timeout)

    async def _call(
        self, kind: FunctionKind, name: str, args: object, timeout: TimeoutArg | ClientDefault
    ) -> Any:
        self._check_call(kind, name)
        args_json = convex_to_json(self._check_args(kind, name, args), path="args")
        value = await self.call_encoded(kind, name, args_json, timeout=timeout)
        return self._decode(name, value, "value")

    async def call_encoded(
        self,
        kind: FunctionKind,
        path: str,
        args_json: JSONValue,
        *,
        timeout: TimeoutArg | ClientDefault = CLIENT_DEFAULT,
    ) -> JSONValue:
        """Run a function with already encoded arguments and return its encoded result.

        See :meth:`ConvexClient.call_encoded`.
        """
        import httpx

        self._check_call(kind, path)
        url, content, headers, request_timeout = self._request_parts(kind, path, args_json, timeout)
        attempt = 1
        while True:
            try:
                response = await self._http.post(
                    url, content=content, headers=headers, timeout=request_timeout
                )
            except httpx.HTTPError as exc:
                delay = self._delay_after_error(kind, attempt, exc)
                if delay is None:
                    raise self._transport_error(kind, path, exc, attempt) from exc
            else:
                delay = self._delay_after_response(kind, attempt, response)
                if delay is None:
                    return self._interpret(path, response)
            await self._sleep(delay)
            attempt += 1

    @property
    def _http(self) -> httpx.AsyncClient:
        # Created on the first request, like ConvexClient's.
        if self._http_client is None:
            import httpx

            self._http_client = httpx.AsyncClient(timeout=self.timeout)
        return self._http_client

    async def aclose(self) -> None:
        """Close the connections, unless the httpx client was passed in."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
