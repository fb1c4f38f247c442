"""The client examples of the old convex-py README, run as doctests against a fake deployment.

The examples must keep working (and printing exactly what the README shows) with
convex_runtime's ConvexClient. The deployment answers like the 2022 backend the README was
written against: ids in the legacy ``{"$id": "table|id"}`` form.
"""

from __future__ import annotations

import doctest
import json
import logging
from typing import Any

import httpx
import pytest

from convex_runtime import ConvexClient

# The README's examples, minus `from convex import ConvexClient` (the globs provide it).
README_EXAMPLES = """
>>> client = ConvexClient('https://example-lion-123.convex.cloud')
>>> messages = client.query("listMessages")
>>> from pprint import pprint
>>> pprint(messages)
[{'_creationTime': 1668107495676.2854,
'_id': Id(table_name='messages', id='c09S884lW4kTLdQMtu2ravf'),
'author': 'Tom',
'body': 'Have you tried Convex?'},
{'_creationTime': 1668107497732.2295,
'_id': Id(table_name='messages', id='G3m0cCQp65GQDfUjUDnTPEj'),
'author': 'Sarah',
'body': "Yeah, it's working pretty well for me."}]
>>> client.mutation("sendMessage", dict(author="Me", body="Hello!"))
>>> client.set_debug(True)
>>> client.set_auth("token-from-authetication-flow")
"""

SEED_MESSAGES: list[dict[str, Any]] = [
    {
        "body": "Have you tried Convex?",
        "author": "Tom",
        "_id": {"$id": "messages|c09S884lW4kTLdQMtu2ravf"},
        "_creationTime": 1668107495676.2854,
    },
    {
        "_id": {"$id": "messages|G3m0cCQp65GQDfUjUDnTPEj"},
        "_creationTime": 1668107497732.2295,
        "author": "Sarah",
        "body": "Yeah, it's working pretty well for me.",
    },
]


class SeedDeployment:
    """Serves listMessages and sendMessage, and remembers every request."""

    def __init__(self) -> None:
        self.messages = [dict(m) for m in SEED_MESSAGES]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = json.loads(request.content)
        route = (request.url.path, body["path"])
        if route == ("/api/query", "listMessages"):
            return self._success(self.messages)
        if route == ("/api/mutation", "sendMessage"):
            self.messages.append(dict(body["args"]))
            return self._success(None)
        return httpx.Response(
            200, json={"status": "error", "errorMessage": f"Could not find {body['path']!r}"}
        )

    def _success(self, value: Any) -> httpx.Response:
        payload = {"status": "success", "value": value, "logLines": ["[LOG] 'served'"]}
        return httpx.Response(200, json=payload)


def test_readme_client_examples(caplog: pytest.LogCaptureFixture) -> None:
    deployment = SeedDeployment()
    created: list[ConvexClient] = []

    class DeploymentClient(ConvexClient):
        def __init__(self, address: str) -> None:
            transport = httpx.MockTransport(deployment)
            super().__init__(address, http_client=httpx.Client(transport=transport))
            created.append(self)

    test = doctest.DocTestParser().get_doctest(
        README_EXAMPLES, {"ConvexClient": DeploymentClient}, "seed README", None, 0
    )
    runner = doctest.DocTestRunner(
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False
    )
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
    assert result.attempted == 7

    (client,) = created
    assert [str(r.url) for r in deployment.requests] == [
        "https://example-lion-123.convex.cloud/api/query",
        "https://example-lion-123.convex.cloud/api/mutation",
    ]
    assert json.loads(deployment.requests[1].content)["args"] == {"author": "Me", "body": "Hello!"}
    assert "authorization" not in deployment.requests[1].headers
    # No log lines before set_debug(True)
    assert not [r for r in caplog.records if r.name == "convex_runtime.logs"]

    # After the README's set_debug and set_auth: logs show up and the token is sent.
    with caplog.at_level(logging.INFO, logger="convex_runtime.logs"):
        messages = client.query("listMessages")
    assert messages[-1] == {"author": "Me", "body": "Hello!"}
    assert deployment.requests[-1].headers["authorization"] == (
        "Bearer token-from-authetication-flow"
    )
    assert "[listMessages] [LOG] 'served'" in [r.getMessage() for r in caplog.records]


def test_readme_output_mismatch_is_detected() -> None:
    # Guards the test above: a wrong expected output must count as a doctest failure.
    deployment = SeedDeployment()

    class DeploymentClient(ConvexClient):
        def __init__(self, address: str) -> None:
            transport = httpx.MockTransport(deployment)
            super().__init__(address, http_client=httpx.Client(transport=transport))

    wrong = README_EXAMPLES.replace("'Tom'", "'Tim'")
    test = doctest.DocTestParser().get_doctest(
        wrong, {"ConvexClient": DeploymentClient}, "seed README (altered)", None, 0
    )
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    assert runner.run(test, out=lambda _: None).failed == 1
