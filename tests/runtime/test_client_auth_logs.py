"""Credentials, debug log lines, and keeping secrets out of reprs, errors and logs."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from convex_runtime import ConvexClient, ConvexConnectionError, ConvexRequestError

from ._client_harness import ADDRESS, MODES, make, success

TOKEN = "eyJhbGciOi.secret-jwt-token.xyz"
ADMIN_KEY = "prod:happy-animal-123|secret-admin-key"
LOGGER = "convex_runtime.logs"


@pytest.fixture
def restore_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger(LOGGER)
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


# -- auth headers --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_bearer_auth_then_clear(mode: str) -> None:
    h = make(mode)
    h.client.set_auth(TOKEN)
    h.query("a:b")
    h.client.clear_auth()
    h.query("a:b")
    first, second = h.deployment.requests
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in second.headers


@pytest.mark.parametrize("mode", MODES)
def test_admin_auth(mode: str) -> None:
    h = make(mode)
    h.client.set_admin_auth(ADMIN_KEY)
    h.mutation("a:b")
    assert h.deployment.requests[0].headers["authorization"] == f"Convex {ADMIN_KEY}"


@pytest.mark.parametrize("mode", MODES)
def test_admin_auth_acting_as_a_user(mode: str) -> None:
    identity = {"subject": "user123", "issuer": "https://auth.example.com", "name": "Zoë"}
    h = make(mode)
    h.client.set_admin_auth(ADMIN_KEY, acting_as=identity)
    h.action("a:b")
    header = h.deployment.requests[0].headers["authorization"]
    scheme, _, credentials = header.partition(" ")
    key, _, encoded = credentials.rpartition(":")
    assert (scheme, key) == ("Convex", ADMIN_KEY)
    assert json.loads(base64.standard_b64decode(encoded)) == identity


def test_later_auth_replaces_earlier() -> None:
    h = make("sync")
    h.client.set_admin_auth(ADMIN_KEY)
    h.client.set_auth(TOKEN)
    h.query("a:b")
    assert h.deployment.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("method", "args", "error", "match"),
    [
        ("set_auth", (None,), TypeError, "token as a str"),
        ("set_auth", ("",), ValueError, "clear_auth"),
        ("set_auth", ("abc\ndef",), ValueError, "line break"),
        ("set_admin_auth", (42,), TypeError, "admin key as a str"),
        ("set_admin_auth", ("key", ["subject"]), TypeError, "acting_as"),
        ("set_admin_auth", ("key", {"x": {1, 2}}), TypeError, "JSON-serializable"),
    ],
)
def test_invalid_credentials(
    method: str, args: tuple[object, ...], error: type[Exception], match: str
) -> None:
    with ConvexClient(ADDRESS) as client, pytest.raises(error, match=match) as info:
        getattr(client, method)(*args)
    assert "abc" not in str(info.value)


# -- secrets stay secret -------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_repr_shows_auth_kind_not_secret(mode: str) -> None:
    h = make(mode)
    name = type(h.client).__name__
    h.client.set_auth(TOKEN)
    assert repr(h.client) == f"{name}('{ADDRESS}', auth='bearer')"
    h.client.set_admin_auth(ADMIN_KEY, acting_as={"subject": "u"})
    assert repr(h.client) == f"{name}('{ADDRESS}', auth='admin')"
    assert "secret" not in repr(vars(h.client))


@pytest.mark.parametrize("mode", MODES)
def test_secrets_absent_from_errors_and_logs(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    unauthorized = httpx.Response(401, json={"code": "InvalidAuthHeader", "message": "Bad token"})
    h = make(
        mode,
        success(1, logLines=["[LOG] 'hello'"]),
        unauthorized,
        httpx.ConnectError("refused"),
        retry=None,
    )
    h.client.set_auth(TOKEN)
    h.client.set_debug(True)
    with caplog.at_level(logging.DEBUG):
        h.query("a:b")
        with pytest.raises(ConvexRequestError) as request_error:
            h.query("a:b")
        with pytest.raises(ConvexConnectionError) as connection_error:
            h.query("a:b")
    assert caplog.records
    for text in (
        str(request_error.value),
        repr(request_error.value),
        str(connection_error.value),
        caplog.text,
    ):
        assert TOKEN not in text and "secret" not in text


# -- debug log lines -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_debug_log_lines_reach_logging(
    mode: str, caplog: pytest.LogCaptureFixture, restore_logger: logging.Logger
) -> None:
    lines = ["[LOG] 'sending'", "[WARN] 'almost full'", "[ERROR] 'oops'", "plain"]
    h = make(mode, success(None, logLines=lines))
    h.client.set_debug(True)
    h.mutation("messages:send")
    records = [r for r in caplog.records if r.name == LOGGER]
    assert [r.getMessage() for r in records] == [f"[messages:send] {line}" for line in lines]
    assert [r.levelno for r in records] == [
        logging.INFO,
        logging.WARNING,
        logging.ERROR,
        logging.INFO,
    ]
    assert {getattr(r, "convex_function", None) for r in records} == {"messages:send"}


@pytest.mark.parametrize("mode", MODES)
def test_no_log_lines_without_debug(
    mode: str, caplog: pytest.LogCaptureFixture, restore_logger: logging.Logger
) -> None:
    h = make(mode, success(None, logLines=["[LOG] 'x'"]))
    with caplog.at_level(logging.DEBUG):
        h.query("a:b")
        h.client.set_debug(True)
        h.client.set_debug(False)
        h.query("a:b")
    assert [r for r in caplog.records if r.name == LOGGER] == []


def test_debug_attaches_stderr_handler_when_logging_is_unconfigured(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logger: logging.Logger,
) -> None:
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    restore_logger.handlers[:] = []
    restore_logger.setLevel(logging.NOTSET)
    h = make("sync", success(None, logLines=["[LOG] 'visible'"]))
    h.client.set_debug(True)
    h.client.set_debug(True)  # a second call adds no second handler
    assert len(restore_logger.handlers) == 1
    handler = restore_logger.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    h.query("a:b")
    assert "[a:b] [LOG] 'visible'" in capsys.readouterr().err


def test_debug_leaves_configured_logging_alone(restore_logger: logging.Logger) -> None:
    restore_logger.setLevel(logging.WARNING)
    with ConvexClient(ADDRESS) as client:
        client.set_debug(True)
    assert restore_logger.level == logging.WARNING
    # pytest's own capture handler sits on the root logger, so none is added here.
    assert restore_logger.handlers == []
