"""Raw HTTP checks of the bridge: it must answer like a Convex deployment's public API.

These pin the wire shapes the SDK's own end-to-end tests rely on, without going through the
SDK, so that a failure here points at the bridge rather than at the client.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from tests.backend.bridge import Backend

pytestmark = pytest.mark.usefixtures("fresh_db")

ENCODED = "convex_encoded_json"
ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "examples" / "chat" / "function_spec.json"
SPEC_COMMAND = (
    "node --import tsx tests/backend/function_spec.ts examples/chat/convex"
    " > examples/chat/function_spec.json"
)
ERROR_PREFIX = re.compile(r"^\[Request ID: [0-9a-f]+\] Server Error\n")


@pytest.fixture
def http(backend: Backend) -> httpx.Client:
    return httpx.Client(base_url=backend.url, timeout=30)


def call(
    http: httpx.Client,
    kind: str,
    path: str,
    args: Any = None,
    *,
    format: str | None = ENCODED,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"path": path, "args": {} if args is None else args}
    if format is not None:
        body["format"] = format
    response = http.post(f"/api/{kind}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def value_of(envelope: dict[str, Any]) -> Any:
    assert envelope["status"] == "success", envelope
    return envelope["value"]


def int64(n: int) -> dict[str, str]:
    return {"$integer": base64.b64encode(struct.pack("<q", n)).decode()}


def jwt(claims: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.signature"


def admin(backend: Backend, acting_as: dict[str, Any] | None = None) -> dict[str, str]:
    key = backend.admin_key
    if acting_as is not None:
        key += ":" + base64.b64encode(json.dumps(acting_as).encode()).decode()
    return {"Authorization": f"Convex {key}"}


def make_message(http: httpx.Client) -> tuple[str, str, str]:
    user = value_of(call(http, "mutation", "users:create", {"name": "ann"}))
    channel = value_of(
        call(http, "mutation", "channels:create", {"name": "general", "createdBy": user})
    )
    content = {"kind": "text", "text": "hello"}
    message = value_of(
        call(
            http,
            "mutation",
            "messages:send",
            {"channelId": channel, "authorId": user, "content": content},
        )
    )
    return user, channel, message


def test_success_envelope_has_sorted_document_and_no_log_lines(http: httpx.Client) -> None:
    user = value_of(call(http, "mutation", "users:create", {"name": "ann", "role": "admin"}))
    envelope = call(http, "query", "users:get", {"id": user})
    assert set(envelope) == {"status", "value"}
    doc = envelope["value"]
    assert list(doc) == sorted(doc)
    assert doc["_id"] == user
    assert isinstance(doc["_creationTime"], float)
    assert {k: doc[k] for k in ("name", "role", "tokenIdentifier")} == {
        "name": "ann",
        "role": "admin",
        "tokenIdentifier": "local|ann",
    }


def test_int64_round_trips_in_encoded_form_and_is_a_string_in_clean_json(
    http: httpx.Client,
) -> None:
    big = 2**62 + 1
    assert value_of(
        call(http, "mutation", "counters:increment", {"name": "n", "by": int64(big)})
    ) == int64(big)
    assert value_of(call(http, "query", "counters:get", {"name": "n"}, format="json")) == str(big)
    # No format: clean JSON, like the real backend for unknown clients.
    assert value_of(call(http, "query", "counters:get", {"name": "n"}, format=None)) == str(big)


def test_special_floats_and_bytes(http: httpx.Client) -> None:
    floats = value_of(call(http, "query", "diagnostics:specialFloats"))
    assert floats["nan"] == {"$float": "AAAAAAAA+H8="}
    assert floats["infinity"] == {"$float": "AAAAAAAA8H8="}
    assert floats["negativeInfinity"] == {"$float": "AAAAAAAA8P8="}
    assert floats["negativeZero"] == {"$float": "AAAAAAAAAIA="}
    assert floats["whole"] == 3.0
    clean = value_of(call(http, "query", "diagnostics:specialFloats", format="json"))
    assert (clean["nan"], clean["infinity"], clean["negativeInfinity"]) == (
        "NaN",
        "Infinity",
        "-Infinity",
    )
    echoed = value_of(call(http, "query", "diagnostics:echo", {"blob": {"$bytes": "aGk="}}))
    assert echoed == {"blob": {"$bytes": "aGk="}}
    assert value_of(
        call(http, "query", "diagnostics:echo", {"blob": {"$bytes": "aGk="}}, format="json")
    ) == {"blob": "aGk="}


def test_convex_error_carries_error_data(http: httpx.Client) -> None:
    _, _, message = make_message(http)
    value_of(call(http, "mutation", "messages:remove", {"id": message}))
    envelope = call(http, "query", "messages:get", {"id": message})
    assert envelope["status"] == "error"
    assert envelope["errorData"] == {"code": "NOT_FOUND", "id": message, "status": int64(404)}
    assert ERROR_PREFIX.match(envelope["errorMessage"])
    assert "\nUncaught ConvexError: " in envelope["errorMessage"]
    clean = call(http, "query", "messages:get", {"id": message}, format="json")
    assert clean["errorData"]["status"] == "404"


def test_plain_error_has_message_and_no_error_data(http: httpx.Client) -> None:
    envelope = call(http, "query", "diagnostics:fail", {"message": "boom"})
    assert envelope["status"] == "error"
    assert "errorData" not in envelope
    assert ERROR_PREFIX.match(envelope["errorMessage"])
    assert "\nUncaught Error: boom" in envelope["errorMessage"]


def test_console_output_becomes_log_lines(http: httpx.Client) -> None:
    envelope = call(http, "query", "diagnostics:logs", {"message": "hello"})
    assert envelope["logLines"] == [
        "[LOG] 'hello'",
        "[INFO] 'info' { count: 1 }",
        "[WARN] 'warn' [ 1, 2 ]",
        "[ERROR] 'error' 42",
    ]
    assert envelope["value"] == 4.0


def test_function_lookup_errors_are_200_envelopes(http: httpx.Client) -> None:
    wrong_kind = call(http, "query", "messages:send", {})
    assert wrong_kind["status"] == "error"
    assert wrong_kind["errorMessage"].endswith(
        "Trying to execute messages:send as Query, but it is defined as Mutation."
    )
    missing = call(http, "query", "messages:nope")
    assert "Could not find public function for 'messages:nope'." in missing["errorMessage"]


def test_paths_are_normalised_and_run_endpoint_defaults_to_clean_json(http: httpx.Client) -> None:
    assert value_of(call(http, "query", "admin/reports")) == {
        "dismissed": 0.0,
        "open": 0.0,
        "resolved": 0.0,
    }
    assert value_of(call(http, "query", "admin/reports.js:default")) == value_of(
        call(http, "query", "admin/reports:default")
    )
    value_of(call(http, "mutation", "counters:increment", {"name": "n"}))
    response = http.post("/api/run/counters/get", json={"args": {"name": "n"}})
    assert response.json() == {"status": "success", "value": "1"}


WHOAMI = {"path": "users:whoami", "args": {}}
JSON_HEADER = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("url", "request_kwargs", "status", "code"),
    [
        ("/api/query", {"content": b"{not json", "headers": JSON_HEADER}, 400, "BadJsonBody"),
        ("/api/query", {"content": json.dumps(WHOAMI).encode()}, 400, "BadJsonBody"),
        (
            "/api/query",
            {"json": {**WHOAMI, "path": "../users:whoami"}},
            400,
            "BadConvexFunctionIdentifier",
        ),
        (
            "/api/query",
            {"json": {**WHOAMI, "path": "users.ts:whoami"}},
            400,
            "BadConvexFunctionIdentifier",
        ),
        ("/api/query", {"json": {**WHOAMI, "format": "xml"}}, 400, "BadFormat"),
        ("/api/run/users", {"json": {"args": {}}}, 400, "MissingIdentifier"),
        (
            "/api/query",
            {"json": WHOAMI, "headers": {"Authorization": "Bearer nope"}},
            401,
            "InvalidAuthHeader",
        ),
        (
            "/api/query",
            {"json": WHOAMI, "headers": {"Authorization": "Convex wrong-key"}},
            403,
            "BadDeployKey",
        ),
    ],
)
def test_request_errors_have_code_and_message(
    http: httpx.Client, request_kwargs: dict[str, Any], url: str, status: int, code: str
) -> None:
    response = http.post(url, **request_kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message"}
    assert body["code"] == code
    assert "wrong-key" not in body["message"]


def test_bearer_token_claims_become_the_identity(http: httpx.Client) -> None:
    assert value_of(call(http, "query", "users:whoami")) is None
    token = jwt(
        {"sub": "user-1", "iss": "https://auth.example.com", "name": "Ann", "email_verified": True}
    )
    identity = value_of(
        call(http, "query", "users:whoami", headers={"Authorization": f"Bearer {token}"})
    )
    assert identity == {
        "subject": "user-1",
        "issuer": "https://auth.example.com",
        "tokenIdentifier": "https://auth.example.com|user-1",
        "name": "Ann",
        "emailVerified": True,
    }


def test_internal_functions_need_the_admin_key(http: httpx.Client, backend: Backend) -> None:
    value_of(call(http, "mutation", "users:create", {"name": "bob"}))
    args = {"tokenIdentifier": "local|bob"}
    anonymous = call(http, "query", "users:byToken", args)
    assert "Could not find public function for 'users:byToken'." in anonymous["errorMessage"]
    assert (
        value_of(call(http, "query", "users:byToken", args, headers=admin(backend)))["name"]
        == "bob"
    )
    acting = admin(backend, {"subject": "s-9", "issuer": "https://i.example", "name": "Mod"})
    assert (
        value_of(call(http, "query", "users:whoami", headers=acting))["tokenIdentifier"]
        == "https://i.example|s-9"
    )


def test_reset_empties_the_database(http: httpx.Client, backend: Backend) -> None:
    value_of(call(http, "mutation", "counters:increment", {"name": "n"}))
    assert value_of(call(http, "query", "counters:get", {"name": "n"})) == int64(1)
    httpx.post(f"{backend.url}/_test/reset").raise_for_status()
    assert value_of(call(http, "query", "counters:get", {"name": "n"})) == int64(0)


def test_committed_function_spec_is_up_to_date(node_script: Callable[..., list[str]]) -> None:
    command = node_script("function_spec.ts", "examples/chat/convex")
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == SPEC_FILE.read_text(encoding="utf-8"), (
        f"{SPEC_FILE.relative_to(ROOT)} is stale; regenerate it from the repository root with:\n"
        f"  {SPEC_COMMAND}"
    )
