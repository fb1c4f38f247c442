"""When and how long to wait before sending a failed request again."""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    import httpx

__all__ = ["FunctionKind", "RetryPolicy", "is_retryable_error", "parse_retry_after"]

FunctionKind = Literal["query", "mutation", "action"]


def _at_least(minimum: float) -> Callable[[object, attrs.Attribute[Any], float], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
        if not value >= minimum:  # written this way so that NaN fails too
            raise ValueError(f"RetryPolicy.{attribute.name} must be >= {minimum}, got {value!r}")

    return check


def _fraction(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"RetryPolicy.{attribute.name} must be between 0 and 1, got {value!r}")


def _statuses(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a client retries requests that failed for a reason worth trying again.

    Queries are read-only, so they are retried after connection errors, timeouts and the
    statuses in ``retry_statuses`` (429 Too Many Requests and 503 Service Unavailable by
    default). Mutations and actions are retried only when the connection could not be
    established at all, since otherwise the server may already have run them.

    The wait before attempt *n + 1* is ``initial_backoff * multiplier ** (n - 1)``, capped at
    ``max_backoff``, then reduced by a random fraction of up to ``jitter`` so that many
    clients do not retry in step. A ``Retry-After`` header from the server replaces the
    computed wait (still capped at ``max_backoff``).

    >>> RetryPolicy().max_attempts
    3
    >>> RetryPolicy(max_attempts=1)  # never retry
    RetryPolicy(max_attempts=1, initial_backoff=0.5, max_backoff=10.0, multiplier=2.0, jitter=0.5, retry_statuses=frozenset({429, 503}))
    """  # noqa: E501

    #: Total number of attempts, the first one included; 1 disables retries.
    max_attempts: int = attrs.field(default=3, validator=_at_least(1))
    #: Seconds to wait after the first failure.
    initial_backoff: float = attrs.field(default=0.5, validator=_at_least(0.0))
    #: Upper bound in seconds for any single wait, ``Retry-After`` included.
    max_backoff: float = attrs.field(default=10.0, validator=_at_least(0.0))
    #: Factor applied to the wait after each further failure.
    multiplier: float = attrs.field(default=2.0, validator=_at_least(1.0))
    #: Largest fraction (0 to 1) randomly taken off each wait.
    jitter: float = attrs.field(default=0.5, validator=_fraction)
    #: HTTP statuses after which a query is retried.
    retry_statuses: frozenset[int] = attrs.field(default=frozenset({429, 503}), converter=_statuses)

    def backoff(self, attempt: int, random_value: float, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based).

        ``random_value`` in [0, 1) picks the jitter; ``retry_after`` is the server's
        ``Retry-After`` in seconds, if it sent one.

        >>> policy = RetryPolicy(initial_backoff=1.0, jitter=0.0)
        >>> [policy.backoff(n, 0.0) for n in (1, 2, 3, 10)]
        [1.0, 2.0, 4.0, 10.0]
        >>> RetryPolicy(initial_backoff=1.0, jitter=0.5).backoff(1, 0.999) > 0.5
        True
        >>> policy.backoff(1, 0.0, retry_after=3.0), policy.backoff(1, 0.0, retry_after=60.0)
        (3.0, 10.0)
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_backoff)
        # Cap the exponent before multiplying: a long streak must not overflow a float.
        exponent = min(attempt - 1, 64)
        delay = min(self.initial_backoff * self.multiplier**exponent, self.max_backoff)
        return delay * (1.0 - self.jitter * random_value)


def is_retryable_error(kind: FunctionKind, error: httpx.HTTPError) -> bool:
    """Whether a request that raised ``error`` may be sent again.

    Only errors raised before the request left this machine are safe for mutations and
    actions: after that the server may have run the function already.
    """
    import httpx  # not at module level: importing convex_runtime stays cheap

    if kind == "query":
        retryable: tuple[type[Exception], ...] = (
            httpx.NetworkError,
            httpx.TimeoutException,
            httpx.RemoteProtocolError,
        )
    else:
        retryable = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    return isinstance(error, retryable)


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds requested by a ``Retry-After`` header (delta-seconds or HTTP date), if any.

    >>> parse_retry_after({"retry-after": "2"}), parse_retry_after({"retry-after": "soon"})
    (2.0, None)
    >>> parse_retry_after({"retry-after": "Thu, 01 Jan 1970 00:00:10 GMT"}, now=4.0)
    6.0
    """
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)
