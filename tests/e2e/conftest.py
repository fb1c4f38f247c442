"""Fixtures for end-to-end tests against the example chat app.

The app runs on the Node bridge in ``tests/backend/server.ts``: real Convex function code on
convex-test's in-memory backend, served over the deployment's public HTTP API. It needs Node
and the packages of the repository's ``package-lock.json`` (``npm ci``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.backend.bridge import ROOT, Backend, BridgeError, node_command, running_bridge

APP_DIR = ROOT / "examples" / "chat" / "convex"
# Shaped like a real deploy key (`<kind>:<name>|<secret>`) so clients parse it as one.
ADMIN_KEY = "dev:e2e-bridge|0b5e6f2d9c4a4e1f8a7d3c2b1a0f9e8d"

__all__ = ["ADMIN_KEY", "APP_DIR", "Backend"]


@pytest.fixture(scope="session")
def backend() -> Iterator[Backend]:
    """Start the bridge for the example chat app once per session.

    Fails (never skips) when Node or the npm packages are missing: the end-to-end suite is
    part of the project's checks.
    """
    try:
        with running_bridge(APP_DIR, admin_key=ADMIN_KEY) as running:
            yield running
    except BridgeError as exc:
        pytest.fail(str(exc))


def _node_script(script: str, *args: str) -> list[str]:
    try:
        return node_command(script, *args)
    except BridgeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def node_script() -> Callable[..., list[str]]:
    """Build the command running a ``tests/backend`` script: ``node_script("x.ts", *args)``.

    Fails the test when Node or ``node_modules`` is missing, naming ``npm ci``.
    """
    return _node_script


@pytest.fixture
def fresh_db(backend: Backend) -> None:
    """Give the test an empty database (``pytestmark = pytest.mark.usefixtures("fresh_db")``)."""
    response = httpx.post(f"{backend.url}/_test/reset")
    response.raise_for_status()
