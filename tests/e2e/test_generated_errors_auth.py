"""Errors and authentication, through the generated package and the plain client.

Server-side failures come from the example app on the bridge; the result-type check of
generated code is driven by a fake transport, since a real deployment that matches the spec
never returns a value of the wrong type.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from chat_api import Api, AsyncApi, InternalApi
from chat_api.users import WhoamiResult

from convex_runtime import (
    UNSET,
    AsyncConvexClient,
    ConvexClient,
    ConvexError,
    ConvexExecutionError,
    ConvexInt64,
    ConvexRequestError,
    ConvexResultError,
    ConvexValueError,
    Id,
)

if TYPE_CHECKING:
    from tests.backend.bridge import Backend

pytestmark = pytest.mark.usefixtures("fresh_db")

ISSUER = "https://auth.example.com"


@pytest.fixture
def client(backend: Backend) -> Iterator[ConvexClient]:
    with ConvexClient(backend.url) as client:
        yield client


@pytest.fixture
def api(client: ConvexClient) -> Api:
    return Api(client)


def unsigned_jwt(claims: dict[str, Any]) -> str:
    """A JWT the bridge accepts: it reads the claims and does not check the signature."""

    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.not-checked"


# -- errors raised by the deployment -------------------------------------------------------


def test_convex_error_data_through_generated_and_untyped_calls(
    api: Api, client: ConvexClient
) -> None:
    data = {"code": "LIMIT", "max": ConvexInt64(2**62), "ratio": 0.5, "raw": b"\x00"}
    with pytest.raises(ConvexError) as generated:
        api.diagnostics.raise_(data=data)
    with pytest.raises(ConvexError) as untyped:
        client.mutation("diagnostics:raise", {"data": data})
    for error in (generated.value, untyped.value):
        assert error.data == data
        # The error data has no validator, so both paths decode it the untyped way.
        assert type(error.data["max"]) is ConvexInt64 and error.data["max"].value == 2**62
        assert type(error.data["raw"]) is bytes
        assert error.function == "diagnostics:raise"
        assert error.request_id is not None


def test_plain_error_is_an_execution_error_with_the_thrown_text(api: Api) -> None:
    with pytest.raises(ConvexExecutionError) as info:
        api.diagnostics.fail(message="the disk is full")
    assert "the disk is full" in info.value.message
    assert "the disk is full" in str(info.value)
    assert "'diagnostics:fail'" in str(info.value)
    assert not isinstance(info.value, ConvexError)


def test_calling_a_mutation_as_a_query_fails(client: ConvexClient) -> None:
    with pytest.raises(ConvexExecutionError) as info:
        client.query("messages:send", {"channelId": "c", "authorId": "a", "content": {}})
    assert "defined as Mutation" in info.value.message
    assert info.value.function == "messages:send"


def test_the_servers_argument_validator_rejects_a_wrong_type(client: ConvexClient) -> None:
    with pytest.raises(ConvexExecutionError) as info:
        client.mutation("counters:increment", {"name": "n", "by": 5})
    assert "Validator error" in info.value.message
    with pytest.raises(ConvexExecutionError, match="Validator error"):
        client.mutation("users:create", {"name": 42})


def test_bad_function_paths(client: ConvexClient) -> None:
    with pytest.raises(ConvexRequestError) as bad:
        client.query("messages.ts:list", {})
    assert (bad.value.status_code, bad.value.code) == (400, "BadConvexFunctionIdentifier")
    assert "messages.ts:list" in str(bad.value)
    with pytest.raises(ConvexExecutionError, match="Could not find public function"):
        client.query("messages:nope", {})


def test_unauthenticated_call_to_a_function_needing_auth(api: Api) -> None:
    with pytest.raises(ConvexError) as info:
        api.users.store()
    assert info.value.data["code"] == "UNAUTHENTICATED"


# -- errors raised on the client side --------------------------------------------------------


def fake_api(value: Any) -> Api:
    """An ``Api`` whose deployment answers every call with ``value`` (wire form)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "success", "value": value})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Api(ConvexClient("https://fake-deployment-123.convex.cloud", http_client=http))


def message(text: Any) -> dict[str, Any]:
    return {
        "_id": "m1",
        "_creationTime": 1.0,
        "authorId": "u1",
        "channelId": "c1",
        "content": {"kind": "text", "text": text},
    }


def test_result_of_the_wrong_type_names_the_function_and_the_path() -> None:
    page = {"page": [message("ok"), message(5)], "isDone": True, "continueCursor": "x"}
    api = fake_api(page)
    with pytest.raises(ConvexResultError) as info:
        api.messages.list_(
            channel_id=Id("channels", "c1"), pagination_opts={"numItems": 2, "cursor": None}
        )
    error = info.value
    assert error.function == "messages:list"
    assert error.path == "result.page[1].content.text"
    assert "'messages:list'" in str(error) and "result.page[1].content.text" in str(error)
    assert "expected a string, got int 5" in str(error)
    assert isinstance(error, ConvexValueError)


def test_result_missing_a_required_field_or_with_a_wrong_tag() -> None:
    with pytest.raises(ConvexResultError) as missing:
        fake_api({"added": True}).reactions.toggle(
            message_id=Id("messages", "m"), user_id=Id("users", "u"), emoji="x"
        )
    assert "count" in str(missing.value) and missing.value.function == "reactions:toggle"

    odd = message("hi")
    odd["content"] = {"kind": "video", "text": "hi"}
    with pytest.raises(ConvexResultError) as tag:
        fake_api(odd).messages.get(id_=Id("messages", "m1"))
    assert tag.value.path == "result.content"

    with pytest.raises(ConvexResultError) as int64:
        fake_api(5.0).counters.get(name="n")
    assert int64.value.path == "result" and "int64" in str(int64.value)


def test_async_result_error_names_the_function() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "success", "value": "not an int"})

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncConvexClient("https://fake-1.convex.cloud", http_client=http) as client:
            await AsyncApi(client).counters.increment(name="n")

    with pytest.raises(ConvexResultError) as info:
        asyncio.run(main())
    assert info.value.function == "counters:increment"


def test_bad_arguments_are_refused_before_sending(api: Api) -> None:
    with pytest.raises(ConvexValueError) as wrong_type:
        api.counters.increment(name="n", by="5")  # type: ignore[arg-type]
    assert wrong_type.value.path == "args.by"
    assert "counters:increment" in str(wrong_type.value)

    with pytest.raises(ConvexValueError) as too_big:
        api.counters.increment(name="n", by=2**63)
    assert too_big.value.path == "args.by"

    user = api.users.create(name="ann")
    with pytest.raises(ConvexValueError) as wrong_table:
        api.messages.get(id_=user)  # type: ignore[arg-type]
    assert wrong_table.value.path == "args.id"
    assert "'messages'" in str(wrong_table.value) and "'users'" in str(wrong_table.value)

    with pytest.raises(ConvexValueError) as nested:
        api.messages.send(
            author_id=user,
            channel_id=Id("channels", "c"),
            content={"kind": "text", "text": 5},  # type: ignore[arg-type]
        )
    assert nested.value.path.startswith("args.content")

    with pytest.raises(ConvexValueError) as missing:
        api.users.update_settings(
            id_=user,
            settings={"email": True},  # type: ignore[arg-type]
        )
    assert missing.value.path == "args.settings"
    assert "'mutedChannels'" in str(missing.value)
    # Nothing reached the server.
    assert api.counters.get(name="n") == 0


def test_bad_value_inside_an_any_argument_names_its_path(api: Api) -> None:
    with pytest.raises(ConvexValueError) as info:
        api.diagnostics.raise_(data={"items": ["ok", 2**70]})
    assert info.value.path == "args.data.items[1]"
    assert str(info.value).count("(at ") == 1


def test_bad_value_for_a_function_without_validators_names_its_path(api: Api) -> None:
    with pytest.raises(ConvexValueError) as info:
        api.diagnostics.echo(x=[1, 2**70])
    assert "'diagnostics:echo'" in str(info.value)
    assert info.value.path == "args.x[1]"


# -- authentication --------------------------------------------------------------------------


def test_set_auth_identity_reaches_the_function_and_clear_auth_removes_it(
    client: ConvexClient, api: Api
) -> None:
    assert api.users.whoami() is None
    client.set_auth(
        unsigned_jwt({"sub": "user-7", "iss": ISSUER, "name": "Ann", "email": "ann@example.com"})
    )
    identity = api.users.whoami()
    assert identity == WhoamiResult(
        subject="user-7",
        issuer=ISSUER,
        token_identifier=f"{ISSUER}|user-7",
        name="Ann",
        email="ann@example.com",
    )
    assert identity is not None and identity.email_verified is UNSET
    assert repr(client).count("Bearer") == 0

    stored = api.users.store()
    assert stored.table_name == "users"
    user = api.users.get(id_=stored)
    assert user is not None and (user.name, user.token_identifier) == ("Ann", f"{ISSUER}|user-7")
    assert api.users.store() == stored

    client.clear_auth()
    assert api.users.whoami() is None
    with pytest.raises(ConvexError):
        api.users.store()


def test_internal_functions_refuse_a_non_admin_client(
    backend: Backend, client: ConvexClient
) -> None:
    internal = InternalApi(client)
    with pytest.raises(ConvexExecutionError, match="Could not find public function"):
        internal.users.by_token(token_identifier="local|ann")
    client.set_auth(unsigned_jwt({"sub": "s", "iss": ISSUER}))
    with pytest.raises(ConvexExecutionError, match="Could not find public function"):
        internal.admin.reports.list_open()

    client.set_admin_auth(backend.admin_key)
    assert internal.admin.reports.list_open() == []
    assert internal.users.by_token(token_identifier="local|nobody") is None


def test_wrong_admin_key_is_a_request_error_that_hides_the_key(backend: Backend) -> None:
    with ConvexClient(backend.url) as client:
        client.set_admin_auth("dev:e2e-bridge|wrong-secret-value")
        with pytest.raises(ConvexRequestError) as info:
            InternalApi(client).admin.reports.list_open()
    assert (info.value.status_code, info.value.code) == (403, "BadDeployKey")
    assert "wrong-secret-value" not in str(info.value)
    assert backend.admin_key not in str(info.value)


def test_admin_acting_as_a_user(backend: Backend, client: ConvexClient) -> None:
    api = Api(client)
    client.set_admin_auth(
        backend.admin_key, acting_as={"subject": "mod-1", "issuer": ISSUER, "name": "Mod"}
    )
    identity = api.users.whoami()
    assert identity is not None
    assert (identity.subject, identity.name, identity.token_identifier) == (
        "mod-1",
        "Mod",
        f"{ISSUER}|mod-1",
    )
    # Still an admin: internal functions stay reachable.
    assert InternalApi(client).admin.reports.list_open() == []
    assert backend.admin_key not in repr(client)
