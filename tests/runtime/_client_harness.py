"""A fake Convex deployment on httpx.MockTransport, and one way to drive both clients."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx

from convex_runtime import AsyncConvexClient, ConvexClient

ADDRESS = "https://happy-animal-123.convex.cloud"
MODES = ["sync", "async"]

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def success(value: Any, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"status": "success", "value": value, **extra})


def failure(message: str, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"status": "error", "errorMessage": message, **extra})


class Deployment:
    """Records each request and answers with the next queued answer (the last one repeats).

    An exception answer is raised inside the transport, as httpx would for a network error.
    """

    def __init__(self, *answers: Answer) -> None:
        self.requests: list[httpx.Request] = []
        self._answers = list(answers) or [success(None)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self._answers.pop(0) if len(self._answers) > 1 else self._answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        # A fresh copy each time: httpx consumes a response's stream when it is sent.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


class Harness:
    """A client of either flavour on a fake deployment; ``call`` runs a method to completion."""

    def __init__(self, mode: str, deployment: Deployment, **kwargs: Any) -> None:
        self.mode = mode
        self.deployment = deployment
        self.sleeps: list[float] = []
        transport = httpx.MockTransport(deployment)
        self.client: ConvexClient | AsyncConvexClient
        if mode == "sync":
            self.http: httpx.Client | httpx.AsyncClient = httpx.Client(transport=transport)
            self.client = ConvexClient(
                kwargs.pop("address", ADDRESS), http_client=self.http, **kwargs
            )
            self.client._sleep = self.sleeps.append
        else:
            self.http = httpx.AsyncClient(transport=transport)
            self.client = AsyncConvexClient(
                kwargs.pop("address", ADDRESS), http_client=self.http, **kwargs
            )

            async def sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            self.client._sleep = sleep

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        result = getattr(self.client, method)(*args, **kwargs)
        if self.mode == "async":
            return asyncio.run(result)
        return result

    def query(self, *args: Any, **kwargs: Any) -> Any:
        return self.call("query", *args, **kwargs)

    def mutation(self, *args: Any, **kwargs: Any) -> Any:
        return self.call("mutation", *args, **kwargs)

    def action(self, *args: Any, **kwargs: Any) -> Any:
        return self.call("action", *args, **kwargs)


def make(mode: str, *answers: Answer, **kwargs: Any) -> Harness:
    return Harness(mode, Deployment(*answers), **kwargs)
