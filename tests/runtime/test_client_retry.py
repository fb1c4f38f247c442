"""Which failures the clients retry, how often and how long they wait."""

from __future__ import annotations

import httpx
import pytest

from convex_runtime import (
    ConvexConnectionError,
    ConvexRequestError,
    ConvexTimeoutError,
    RetryPolicy,
)
from convex_runtime._retry import parse_retry_after

from ._client_harness import MODES, make, success

OVERLOADED = httpx.Response(503, json={"code": "Overloaded", "message": "Try again."})
NO_JITTER = RetryPolicy(jitter=0.0)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [429, 503])
def test_query_retried_after_retryable_status(mode: str, status: int) -> None:
    busy = httpx.Response(status, json={"code": "Busy", "message": "Try again."})
    h = make(mode, busy, success("ok"), retry=NO_JITTER)
    assert h.query("a:b", {"x": 1}) == "ok"
    assert len(h.deployment.requests) == 2
    assert h.deployment.body(0) == h.deployment.body(1)
    assert h.sleeps == [0.5]


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_header_is_honoured_and_capped(mode: str) -> None:
    h = make(
        mode,
        httpx.Response(429, headers={"Retry-After": "2"}, json={"code": "x", "message": "y"}),
        httpx.Response(429, headers={"Retry-After": "3600"}, json={"code": "x", "message": "y"}),
        success("ok"),
        retry=RetryPolicy(max_attempts=3, max_backoff=10.0),
    )
    assert h.query("a:b") == "ok"
    assert h.sleeps == [2.0, 10.0]


@pytest.mark.parametrize("mode", MODES)
def test_backoff_grows_until_attempts_run_out(mode: str) -> None:
    h = make(mode, OVERLOADED, retry=RetryPolicy(max_attempts=4, jitter=0.0, initial_backoff=1.0))
    with pytest.raises(ConvexRequestError) as info:
        h.query("a:b")
    assert info.value.status_code == 503
    assert len(h.deployment.requests) == 4
    assert h.sleeps == [1.0, 2.0, 4.0]


@pytest.mark.parametrize("mode", MODES)
def test_jitter_shortens_each_wait_within_bounds(mode: str) -> None:
    h = make(mode, OVERLOADED, retry=RetryPolicy(max_attempts=3, jitter=0.25, initial_backoff=1.0))
    draws = iter([0.0, 0.999999])
    h.client._random = lambda: next(draws)
    with pytest.raises(ConvexRequestError):
        h.query("a:b")
    assert h.sleeps[0] == 1.0
    assert 1.5 <= h.sleeps[1] < 1.5 + 1e-5


@pytest.mark.parametrize("jitter", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("draw", [0.0, 0.5, 0.999])
@pytest.mark.parametrize("attempt", [1, 2, 5, 100])
def test_backoff_bounds(jitter: float, draw: float, attempt: int) -> None:
    policy = RetryPolicy(initial_backoff=0.5, max_backoff=8.0, multiplier=2.0, jitter=jitter)
    full = min(0.5 * 2.0 ** (attempt - 1), 8.0)
    delay = policy.backoff(attempt, draw)
    assert full * (1 - jitter) <= delay <= full


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout("t"), httpx.ReadError("r"), httpx.ConnectError("c")]
)
def test_query_retried_after_transport_errors(mode: str, error: Exception) -> None:
    h = make(mode, error, success("ok"))
    assert h.query("a:b") == "ok"
    assert len(h.deployment.requests) == 2
    assert len(h.sleeps) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["mutation", "action"])
def test_mutation_not_retried_after_503(mode: str, kind: str) -> None:
    h = make(mode, OVERLOADED, success("ok"))
    with pytest.raises(ConvexRequestError):
        h.call(kind, "a:b")
    assert len(h.deployment.requests) == 1
    assert h.sleeps == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["mutation", "action"])
@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ReadTimeout("t"), ConvexTimeoutError),
        (httpx.WriteTimeout("t"), ConvexTimeoutError),
        (httpx.ReadError("r"), ConvexConnectionError),
        (httpx.RemoteProtocolError("p"), ConvexConnectionError),
    ],
)
def test_mutation_not_retried_once_the_request_may_have_arrived(
    mode: str, kind: str, error: Exception, raised: type[Exception]
) -> None:
    h = make(mode, error, success("ok"))
    with pytest.raises(raised):
        h.call(kind, "a:b")
    assert len(h.deployment.requests) == 1
    assert h.sleeps == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["mutation", "action"])
@pytest.mark.parametrize("error", [httpx.ConnectError("c"), httpx.ConnectTimeout("t")])
def test_mutation_retried_when_never_connected(mode: str, kind: str, error: Exception) -> None:
    h = make(mode, error, success("ok"))
    assert h.call(kind, "a:b") == "ok"
    assert len(h.deployment.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_max_attempts_for_connection_errors(mode: str) -> None:
    h = make(mode, httpx.ConnectError("refused"), retry=RetryPolicy(max_attempts=5))
    with pytest.raises(ConvexConnectionError, match="after 5 attempts"):
        h.mutation("a:b")
    assert len(h.deployment.requests) == 5
    assert len(h.sleeps) == 4


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("retry", [None, RetryPolicy(max_attempts=1)])
def test_retries_can_be_disabled(mode: str, retry: RetryPolicy | None) -> None:
    h = make(mode, OVERLOADED, success("ok"), retry=retry)
    with pytest.raises(ConvexRequestError):
        h.query("a:b")
    h2 = make(mode, httpx.ConnectError("c"), success("ok"), retry=retry)
    with pytest.raises(ConvexConnectionError):
        h2.query("a:b")
    assert len(h.deployment.requests) == len(h2.deployment.requests) == 1
    assert h.client.retry.max_attempts == 1


@pytest.mark.parametrize("mode", MODES)
def test_custom_retry_statuses(mode: str) -> None:
    teapot = httpx.Response(418, json={"code": "Teapot", "message": "no"})
    h = make(mode, teapot, success("ok"), retry=RetryPolicy(retry_statuses={418}))
    assert h.query("a:b") == "ok"
    assert isinstance(h.client.retry.retry_statuses, frozenset)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"initial_backoff": -1.0},
        {"max_backoff": float("nan")},
        {"multiplier": 0.5},
        {"jitter": 1.5},
    ],
)
def test_invalid_retry_policy(kwargs: dict[str, float]) -> None:
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=f"RetryPolicy.{name}"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_retry_must_be_a_policy() -> None:
    from convex_runtime import ConvexClient

    with pytest.raises(TypeError, match="RetryPolicy or None"):
        ConvexClient("https://x.convex.cloud", retry=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("1.5", 1.5),
        ("-4", 0.0),
        ("inf", None),
        ("", None),
        ("Thu, 01 Jan 1970 00:01:00 GMT", 50.0),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(value: str, expected: float | None) -> None:
    assert parse_retry_after({"retry-after": value}, now=10.0) == expected
    assert parse_retry_after({}) is None
