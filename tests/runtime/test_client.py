"""Requests the clients send and how they read every kind of response."""

from __future__ import annotations

import asyncio
import warnings

import httpx
import pytest

from convex_runtime import (
    AsyncConvexClient,
    ConvexClient,
    ConvexConnectionError,
    ConvexDeprecationWarning,
    ConvexError,
    ConvexExecutionError,
    ConvexInt64,
    ConvexProtocolError,
    ConvexRequestError,
    ConvexTimeoutError,
    ConvexValueError,
    Id,
    __version__,
)

from ._client_harness import ADDRESS, MODES, failure, make, success

FORTY_TWO = {"$integer": "KgAAAAAAAAA="}

# -- requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["query", "mutation", "action"])
def test_request_shape(mode: str, kind: str) -> None:
    h = make(mode, success(None))
    h.call(kind, "messages:send", {"body": "hi", "n": ConvexInt64(42), "count": 3})
    (request,) = h.deployment.requests
    assert request.method == "POST"
    assert str(request.url) == f"{ADDRESS}/api/{kind}"
    assert h.deployment.body() == {
        "path": "messages:send",
        "args": {"body": "hi", "count": 3.0, "n": FORTY_TWO},
        "format": "convex_encoded_json",
    }
    assert request.headers["content-type"] == "application/json"
    assert request.headers["convex-client"] == f"convex-py-codegen-{__version__}"
    assert "authorization" not in request.headers


@pytest.mark.parametrize("mode", MODES)
def test_missing_args_are_sent_as_an_empty_object(mode: str) -> None:
    h = make(mode)
    h.query("messages:list")
    h.query("messages:list", None)
    assert [h.deployment.body(i)["args"] for i in (0, 1)] == [{}, {}]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("args", [[1, 2], "text", 3])
def test_args_must_be_a_mapping(mode: str, args: object) -> None:
    h = make(mode)
    with pytest.raises(TypeError, match=r"query\('messages:list', args\): args must be a mapping"):
        h.query("messages:list", args)
    assert h.deployment.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_unencodable_args_name_their_path(mode: str) -> None:
    h = make(mode)
    with pytest.raises(ConvexValueError) as info:
        h.mutation("messages:send", {"items": [1, 2**60]})
    assert info.value.path == "args.items[1]"
    assert h.deployment.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_function_path_must_be_a_string(mode: str) -> None:
    h = make(mode)
    with pytest.raises(TypeError, match="function path"):
        h.query("")
    with pytest.raises(TypeError, match="function path"):
        h.call("call_encoded", "query", None, {})


@pytest.mark.parametrize("mode", MODES)
def test_call_encoded_sends_and_returns_encoded_json(mode: str) -> None:
    h = make(mode, success({"n": FORTY_TWO}))
    assert h.call("call_encoded", "action", "jobs:run", {"n": FORTY_TWO}) == {"n": FORTY_TWO}
    assert str(h.deployment.requests[0].url) == f"{ADDRESS}/api/action"
    assert h.deployment.body()["args"] == {"n": FORTY_TWO}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("args", [{"x": float("nan")}, {"x": {1, 2}}, {"x": ConvexInt64(1)}])
def test_call_encoded_rejects_unencoded_args(mode: str, args: object) -> None:
    h = make(mode)
    with pytest.raises(TypeError, match="'a:b': args must already be Convex-encoded JSON"):
        h.call("call_encoded", "mutation", "a:b", args)
    assert h.deployment.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_call_encoded_rejects_unknown_kind(mode: str) -> None:
    h = make(mode)
    with pytest.raises(ValueError, match="kind must be one of"):
        h.call("call_encoded", "subscription", "messages:list", {})


def test_address_trailing_slash_is_removed() -> None:
    client = ConvexClient(ADDRESS + "/")
    assert client.address == ADDRESS
    client.close()


@pytest.mark.parametrize(
    "address", ["happy-animal-123.convex.cloud", "ftp://host", "https://", "https://h/?a=1", ""]
)
def test_invalid_address(address: str) -> None:
    with pytest.raises(ValueError, match="deployment address"):
        ConvexClient(address)


def test_address_with_credentials_is_rejected_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="set_auth") as info:
        ConvexClient("https://user:hunter2@happy-animal-123.convex.cloud")
    assert "hunter2" not in str(info.value)


def test_address_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="must be a str"):
        ConvexClient(None)  # type: ignore[arg-type]


def test_wrong_http_client_flavour() -> None:
    with pytest.raises(TypeError, match="use AsyncConvexClient"):
        ConvexClient(ADDRESS, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with httpx.Client() as sync_http, pytest.raises(TypeError, match="use ConvexClient"):
        AsyncConvexClient(ADDRESS, http_client=sync_http)  # type: ignore[arg-type]


# -- successful responses ------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_success_value_is_decoded(mode: str) -> None:
    value = {"n": FORTY_TWO, "author": {"$id": "users|abc"}, "score": 1.5, "tags": ["a"]}
    h = make(mode, success(value))
    assert h.query("messages:get") == {
        "n": ConvexInt64(42),
        "author": Id("users", "abc"),
        "score": 1.5,
        "tags": ["a"],
    }


@pytest.mark.parametrize("mode", MODES)
def test_status_560_is_read_like_200(mode: str) -> None:
    h = make(
        mode,
        httpx.Response(560, json={"status": "success", "value": "ok"}),
        httpx.Response(560, json={"status": "error", "errorMessage": "Uncaught Error: boom"}),
    )
    assert h.query("a:b") == "ok"
    with pytest.raises(ConvexExecutionError, match="boom"):
        h.query("a:b")


@pytest.mark.parametrize("mode", MODES)
def test_undecodable_value_names_function_and_path(mode: str) -> None:
    h = make(mode, success({"x": {"$nonsense": 1}}))
    with pytest.raises(ConvexValueError) as info:
        h.query("a:b")
    assert info.value.path.startswith("value")
    assert info.value.function == "a:b"


# -- function failures ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_convex_error_data_is_decoded(mode: str) -> None:
    h = make(
        mode,
        failure(
            "[Request ID: 1a2b] Server Error\nUncaught ConvexError: {...}",
            errorData={"code": "NOT_FOUND", "n": FORTY_TWO},
        ),
    )
    with pytest.raises(ConvexError) as info:
        h.mutation("messages:remove", {"id": "x"})
    err = info.value
    assert err.data == {"code": "NOT_FOUND", "n": ConvexInt64(42)}
    assert isinstance(err.data["n"], ConvexInt64)
    assert err.function == "messages:remove"
    assert err.request_id == "1a2b"
    assert str(err) == '{"code": "NOT_FOUND", "n": 42}'


@pytest.mark.parametrize("mode", MODES)
def test_convex_error_string_data(mode: str) -> None:
    h = make(mode, failure("Uncaught ConvexError: Out of stock", errorData="Out of stock"))
    with pytest.raises(ConvexError) as info:
        h.action("shop:buy")
    assert info.value.data == "Out of stock"
    assert str(info.value) == "Out of stock"


@pytest.mark.parametrize("mode", MODES)
def test_convex_error_data_decoded_by_call_encoded(mode: str) -> None:
    h = make(mode, failure("err", errorData={"n": FORTY_TWO}))
    with pytest.raises(ConvexError) as info:
        h.call("call_encoded", "query", "a:b", {})
    assert info.value.data == {"n": ConvexInt64(42)}


@pytest.mark.parametrize("mode", MODES)
def test_convex_error_with_null_data(mode: str) -> None:
    h = make(mode, failure("err", errorData=None))
    with pytest.raises(ConvexError) as info:
        h.query("a:b")
    assert info.value.data is None


@pytest.mark.parametrize("mode", MODES)
def test_execution_error(mode: str) -> None:
    message = "[Request ID: 9f] Server Error\nUncaught Error: kaboom\n    at handler (x.js:3)"
    h = make(mode, failure(message))
    with pytest.raises(ConvexExecutionError) as info:
        h.query("messages:list")
    err = info.value
    assert err.function == "messages:list"
    assert err.message == message
    assert err.request_id == "9f"
    assert "'messages:list'" in str(err) and "kaboom" in str(err)


@pytest.mark.parametrize("mode", MODES)
def test_execution_error_without_request_id(mode: str) -> None:
    h = make(mode, failure("Could not find public function for 'nope:x'."))
    with pytest.raises(ConvexExecutionError) as info:
        h.query("nope:x")
    assert info.value.request_id is None


@pytest.mark.parametrize("mode", MODES)
def test_log_lines_of_failed_calls_are_not_an_error(mode: str) -> None:
    h = make(mode, failure("boom", logLines=["[LOG] 'x'"]))
    with pytest.raises(ConvexExecutionError):
        h.query("a:b")


# -- request failures ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "BadConvexFunctionIdentifier"),
        (401, "Unauthenticated"),
        (403, "BadDeployKey"),
        (404, "FunctionPathNotFound"),
        (429, "RateLimited"),
        (500, "InternalServerError"),
        (503, "Overloaded"),
    ],
)
def test_request_error(mode: str, status: int, code: str) -> None:
    h = make(mode, httpx.Response(status, json={"code": code, "message": "Nope."}), retry=None)
    with pytest.raises(ConvexRequestError) as info:
        h.query("messages:list")
    err = info.value
    assert (err.status_code, err.code, err.message, err.function) == (
        status,
        code,
        "Nope.",
        "messages:list",
    )
    assert f"'messages:list' failed with HTTP {status} {code}: Nope." in str(err)


@pytest.mark.parametrize("mode", MODES)
def test_non_json_error_body(mode: str) -> None:
    html = "<html><body>" + "Bad gateway " * 100 + "</body></html>"
    h = make(mode, httpx.Response(502, text=html, headers={"content-type": "text/html"}))
    with pytest.raises(ConvexProtocolError) as info:
        h.mutation("messages:send")
    err = info.value
    assert err.status_code == 502
    assert err.function == "messages:send"
    assert err.excerpt.startswith("<html><body>Bad gateway")
    assert len(err.excerpt) <= 203
    assert "HTTP 502" in str(err) and "'messages:send'" in str(err)
    assert len(str(err)) < 400


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "body", [b"not json", b"", b"[1, 2]", b'{"status": "success"}', b'{"status": "pending"}']
)
def test_garbled_success_body(mode: str, body: bytes) -> None:
    h = make(mode, httpx.Response(200, content=body))
    with pytest.raises(ConvexProtocolError) as info:
        h.query("a:b")
    assert info.value.status_code == 200
    assert info.value.excerpt == body.decode()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("body", [b'{"code": 1, "message": "x"}', b'{"error": "x"}'])
def test_error_body_of_the_wrong_shape(mode: str, body: bytes) -> None:
    h = make(mode, httpx.Response(400, content=body))
    with pytest.raises(ConvexProtocolError, match="HTTP 400"):
        h.query("a:b")


# -- transport failures --------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("error", [httpx.ReadTimeout("timed out"), httpx.ConnectTimeout("slow")])
def test_timeout(mode: str, error: Exception) -> None:
    h = make(mode, error, retry=None)
    with pytest.raises(ConvexTimeoutError) as info:
        h.mutation("messages:send")
    err = info.value
    assert isinstance(err, TimeoutError)
    assert err.function == "messages:send"
    assert "'messages:send'" in str(err) and ADDRESS in str(err)
    assert err.__cause__ is error


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError("refused"), httpx.ReadError("reset"), httpx.RemoteProtocolError("x")],
)
def test_connection_error(mode: str, error: Exception) -> None:
    h = make(mode, error, retry=None)
    with pytest.raises(ConvexConnectionError) as info:
        h.action("jobs:run")
    err = info.value
    assert isinstance(err, ConnectionError)
    assert err.function == "jobs:run"
    assert "'jobs:run'" in str(err) and ADDRESS in str(err)


# -- timeouts ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_timeouts_reach_httpx(mode: str) -> None:
    h = make(mode, timeout=5.0)
    h.query("a:b")
    h.query("a:b", timeout=1.5)
    h.query("a:b", timeout=httpx.Timeout(2.0, connect=0.5))
    seen = [r.extensions["timeout"] for r in h.deployment.requests]
    assert seen == [
        {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0},
        {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5},
        {"connect": 0.5, "read": 2.0, "write": 2.0, "pool": 2.0},
    ]


@pytest.mark.parametrize("mode", MODES)
def test_injected_http_client_keeps_its_timeout(mode: str) -> None:
    h = make(mode)  # the harness's httpx client has httpx's default of 5 s
    assert h.client.timeout == httpx.Timeout(5.0)
    h.query("a:b")
    assert h.deployment.requests[-1].extensions["timeout"]["read"] == 5.0


@pytest.mark.parametrize("mode", MODES)
def test_timeout_argument_beats_injected_http_client(mode: str) -> None:
    h = make(mode, timeout=None)
    assert h.client.timeout == httpx.Timeout(None)
    h.query("a:b")
    assert h.deployment.requests[-1].extensions["timeout"]["read"] is None


def test_default_timeout_is_finite() -> None:
    with ConvexClient(ADDRESS) as client:
        assert client.timeout == httpx.Timeout(30.0)
        assert client._http.timeout == httpx.Timeout(30.0)


# -- deprecation headers -------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_deprecation_header_warns_once_per_message(mode: str) -> None:
    headers = {
        "x-convex-deprecation-state": "UpgradeRequired",
        "x-convex-deprecation-message": "Please upgrade.",
    }
    other = {"x-convex-deprecation-message": "Something else."}
    response = httpx.Response(200, json={"status": "success", "value": 1}, headers=headers)
    h = make(
        mode,
        response,
        response,
        httpx.Response(200, json={"status": "success", "value": 2}, headers=other),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h.query("a:b")
        h.query("a:b")
        h.query("a:b")
    assert [(w.category, str(w.message)) for w in caught] == [
        (ConvexDeprecationWarning, "UpgradeRequired: Please upgrade."),
        (ConvexDeprecationWarning, "Something else."),
    ]
    if mode == "sync":  # the warning points at the caller, outside convex_runtime
        assert caught[0].filename.endswith("_client_harness.py")


def test_async_deprecation_warning_points_at_the_awaiting_code() -> None:
    headers = {"x-convex-deprecation-message": "Please upgrade."}
    h = make("async", httpx.Response(200, json={"status": "success", "value": 1}, headers=headers))
    client = h.client
    assert isinstance(client, AsyncConvexClient)

    async def application() -> None:
        await client.query("a:b")

    with pytest.warns(ConvexDeprecationWarning, match="Please upgrade.") as caught:
        asyncio.run(application())
    assert caught[0].filename == __file__


# -- lifecycle -----------------------------------------------------------------------------


def test_context_manager_closes_its_own_http_client() -> None:
    with ConvexClient(ADDRESS) as client:
        http = client._http
        assert not http.is_closed
    assert http.is_closed


def test_async_context_manager_closes_its_own_http_client() -> None:
    async def main() -> httpx.AsyncClient:
        async with AsyncConvexClient(ADDRESS) as client:
            assert not client._http.is_closed
            return client._http

    assert asyncio.run(main()).is_closed


@pytest.mark.parametrize("mode", MODES)
def test_injected_http_client_is_left_open(mode: str) -> None:
    h = make(mode)
    if mode == "sync":
        assert isinstance(h.client, ConvexClient)
        with h.client:
            pass
        h.client.close()
    else:
        assert isinstance(h.client, AsyncConvexClient)

        async def main(client: AsyncConvexClient) -> None:
            async with client:
                pass
            await client.aclose()

        asyncio.run(main(h.client))
    assert not h.http.is_closed
    h.query("a:b")  # still usable


def test_repr() -> None:
    with ConvexClient(ADDRESS) as client:
        assert repr(client) == f"ConvexClient('{ADDRESS}', auth=None)"
    client2 = AsyncConvexClient(ADDRESS)
    assert repr(client2) == f"AsyncConvexClient('{ADDRESS}', auth=None)"
    asyncio.run(client2.aclose())
