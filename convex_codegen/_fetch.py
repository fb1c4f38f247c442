"""Fetch a deployment's function spec over HTTP, as `npx convex function-spec` does.

Calls the system query `_system/cli/modules:apiSpec` with a deploy key. Its result is
already Convex-encoded JSON, so `{"url": ..., "functions": result}` is exactly what the
Node CLI prints.
"""

from __future__ import annotations

import httpx

from convex_runtime import (
    ConvexClient,
    ConvexConnectionError,
    ConvexError,
    ConvexExecutionError,
    ConvexProtocolError,
    ConvexRequestError,
    ConvexRuntimeError,
    ConvexTimeoutError,
    ConvexTransportError,
    RetryPolicy,
)

__all__ = ["API_SPEC", "CLOUD_URL", "FetchError", "fetch_spec"]

API_SPEC = "_system/cli/modules:apiSpec"
CLOUD_URL = "_system/cli/convexUrl:cloudUrl"


class FetchError(Exception):
    """The spec could not be fetched; the message is one line naming what to fix."""


# Read at call time so that tests can turn retries off.
_RETRY: RetryPolicy | None = RetryPolicy()


def _default_http_client() -> httpx.Client | None:
    """The httpx client used when none is passed; tests replace this to mock the network."""
    return None


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 300 else line[:297] + "..."


def _explain(error: ConvexRuntimeError, url: str) -> str:
    if isinstance(error, ConvexRequestError):
        if error.status_code in (401, 403) or error.code in ("BadDeployKey", "BadAdminKey"):
            # The server's message is not repeated: it might quote the key.
            return (
                f"{url} refused the deploy key (HTTP {error.status_code} {error.code}); "
                "check CONVEX_DEPLOY_KEY (it must belong to this deployment)"
            )
        if error.status_code == 404:
            return (
                f"{url} answered HTTP 404 {error.code}: not a Convex deployment, or one too "
                "old to list its functions (needs convex >= 1.15); check --url"
            )
        return (
            f"{url} refused the request (HTTP {error.status_code} {error.code}: "
            f"{_first_line(error.message)}); check --url and CONVEX_DEPLOY_KEY"
        )
    if isinstance(error, ConvexTimeoutError):
        return f"timed out waiting for {url}; check --url, or try again"
    if isinstance(error, (ConvexConnectionError, ConvexTransportError)):
        return f"cannot reach {url} ({_first_line(str(error))}); check --url"
    if isinstance(error, ConvexProtocolError):
        status = f" (HTTP {error.status_code})" if error.status_code is not None else ""
        return f"{url} does not answer like a Convex deployment{status}; check --url"
    if isinstance(error, (ConvexExecutionError, ConvexError)):
        return (
            f"the deployment failed to list its functions: {_first_line(str(error))} "
            "(deployments older than April 2026 fail when a validator holds a bigint literal; "
            "use `npx convex function-spec` output with --spec instead)"
        )
    return f"cannot fetch the function spec from {url}: {_first_line(str(error))}"


def fetch_spec(url: str, deploy_key: str, *, http_client: httpx.Client | None = None) -> object:
    """Fetch the function spec of the deployment at `url` as `{"url", "functions"}`.

    `deploy_key` needs permission to view the deployment's data (a deploy or admin key).
    Raises `FetchError` with a one-line message that never contains the key.
    """
    if http_client is None:
        http_client = _default_http_client()
    try:
        client = ConvexClient(url, retry=_RETRY, http_client=http_client)
    except (ValueError, TypeError) as exc:
        raise FetchError(f"{_first_line(str(exc))}; check --url") from None
    try:
        client.set_admin_auth(deploy_key)
        try:
            functions = client.call_encoded("query", API_SPEC, {})
        except ConvexRuntimeError as exc:
            message = _explain(exc, client.address)
            if deploy_key:
                message = message.replace(deploy_key, "<deploy key>")
            raise FetchError(message) from None
        try:
            canonical = client.call_encoded("query", CLOUD_URL, {})
        except ConvexRuntimeError:
            # Only newer deployments know their canonical URL; the given one works too.
            canonical = None
    finally:
        client.close()
    spec_url = canonical if isinstance(canonical, str) and canonical else client.address
    return {"url": spec_url, "functions": functions}
