"""Fixtures for end-to-end tests against the example chat app.

The app runs on the Node bridge in ``tests/backend/server.ts``: real Convex function code on
convex-test's in-memory backend, served over the deployment's public HTTP API. It needs Node
and the packages of the repository's ``package-lock.json`` (``npm ci``).
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "examples" / "chat" / "convex"
# Shaped like a real deploy key (`<kind>:<name>|<secret>`) so clients parse it as one.
ADMIN_KEY = "dev:e2e-bridge|0b5e6f2d9c4a4e1f8a7d3c2b1a0f9e8d"
STARTUP_TIMEOUT_S = 60.0
_NODE_PACKAGES = ("convex", "convex-test", "tsx")


@dataclass(frozen=True)
class Backend:
    """A running bridge: its base URL and the admin key it accepts."""

    url: str
    admin_key: str = field(repr=False)


def _node_command(script: str, *args: str) -> list[str]:
    """The command running one of ``tests/backend``'s TypeScript scripts, from the repo root.

    Fails the test (never skips) when Node or the npm packages are missing: the end-to-end
    suite is part of the project's checks.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js is not on PATH; the end-to-end tests need Node 20+ and `npm ci` "
            f"run in {ROOT}."
        )
    missing = [p for p in _NODE_PACKAGES if not (ROOT / "node_modules" / p).is_dir()]
    if missing:
        pytest.fail(
            f"npm packages {', '.join(missing)} are not installed; run `npm ci` in {ROOT} "
            "before the end-to-end tests."
        )
    return [node, "--import", "tsx", str(ROOT / "tests" / "backend" / script), *args]


def _pump(stream: IO[str], put: Callable[[str], object]) -> None:
    for line in stream:
        put(line)


@pytest.fixture(scope="session")
def backend() -> Iterator[Backend]:
    """Start the bridge for the example chat app once per session."""
    command = _node_command("server.ts", str(APP_DIR))
    # The key goes through the environment, not argv, so it stays out of process listings.
    env = {**os.environ, "CONVEX_BRIDGE_ADMIN_KEY": ADMIN_KEY, "CONVEX_BRIDGE_PORT": "0"}
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdout is not None and process.stderr is not None
    stdout: queue.Queue[str] = queue.Queue()
    stderr: list[str] = []
    # Drained on threads so a chatty server never blocks on a full pipe.
    threading.Thread(target=_pump, args=(process.stdout, stdout.put), daemon=True).start()
    stderr_reader = threading.Thread(
        target=_pump, args=(process.stderr, stderr.append), daemon=True
    )
    stderr_reader.start()
    try:
        url = _wait_until_listening(process, stdout, stderr, stderr_reader)
        yield Backend(url=url, admin_key=ADMIN_KEY)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(
    process: subprocess.Popen[str],
    stdout: queue.Queue[str],
    stderr: list[str],
    stderr_reader: threading.Thread,
) -> str:
    prefix = "listening on "
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            line = stdout.get(timeout=0.1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    if process.poll() is None:
        problem = f"did not print {prefix!r} within {STARTUP_TIMEOUT_S:.0f}s"
        process.kill()
        process.wait()
    else:
        problem = f"exited with status {process.returncode} before printing {prefix!r}"
    stderr_reader.join(timeout=5)
    pytest.fail(
        f"The Convex bridge {problem}.\n"
        f"Command: {' '.join(str(a) for a in process.args)}\n"  # type: ignore[union-attr]
        f"stderr:\n{''.join(stderr) or '(empty)'}"
    )


@pytest.fixture(scope="session")
def node_script() -> Callable[..., list[str]]:
    """Build the command running a ``tests/backend`` script: ``node_script("x.ts", *args)``.

    Fails the test when Node or ``node_modules`` is missing, naming ``npm ci``.
    """
    return _node_command


@pytest.fixture
def fresh_db(backend: Backend) -> None:
    """Give the test an empty database (``pytestmark = pytest.mark.usefixtures("fresh_db")``)."""
    response = httpx.post(f"{backend.url}/_test/reset")
    response.raise_for_status()
