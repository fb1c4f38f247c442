"""Start and stop the local Convex backend (`server.ts`) from Python.

Used by the end-to-end tests, the example's `run_demo.py` and the benchmarks. It needs Node
20+ and the repository's npm packages (`npm ci` at the root).
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
NODE_PACKAGES = ("convex", "convex-test", "tsx")
READY = "listening on "


class BridgeError(RuntimeError):
    """The bridge cannot run here, or did not start; the message says what to do."""


@dataclass(frozen=True)
class Backend:
    """A running bridge: its base URL and the admin key it accepts."""

    url: str
    admin_key: str = field(default="", repr=False)


def node_command(script: str, *args: str) -> list[str]:
    """The command that runs one of this folder's TypeScript scripts from the repo root."""
    node = shutil.which("node")
    if node is None:
        raise BridgeError(f"Node.js 20+ is not on PATH; install it and run `npm ci` in {ROOT}.")
    missing = [p for p in NODE_PACKAGES if not (ROOT / "node_modules" / p).is_dir()]
    if missing:
        raise BridgeError(
            f"npm packages {', '.join(missing)} are not installed; run `npm ci` in {ROOT}."
        )
    return [node, "--import", "tsx", str(ROOT / "tests" / "backend" / script), *args]


def _pump(stream: IO[str], put: Callable[[str], object]) -> None:
    for line in stream:
        put(line)


@contextmanager
def running_bridge(
    app_dir: Path, *, admin_key: str = "", timeout: float = 60.0
) -> Iterator[Backend]:
    """Serve the Convex app in `app_dir` on a free loopback port until the block ends."""
    env = {**os.environ, "CONVEX_BRIDGE_PORT": "0"}
    if admin_key:
        # Through the environment, not argv, so that it stays out of process listings.
        env["CONVEX_BRIDGE_ADMIN_KEY"] = admin_key
    process = subprocess.Popen(
        node_command("server.ts", str(app_dir)),
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
    # Drained on threads so that a chatty server never blocks on a full pipe.
    threading.Thread(target=_pump, args=(process.stdout, stdout.put), daemon=True).start()
    stderr_reader = threading.Thread(
        target=_pump, args=(process.stderr, stderr.append), daemon=True
    )
    stderr_reader.start()
    try:
        url = _wait_until_listening(process, stdout, timeout)
        if url is None:
            stderr_reader.join(timeout=5)
            raise BridgeError(_startup_failure(process, timeout, "".join(stderr)))
        yield Backend(url=url, admin_key=admin_key)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(
    process: subprocess.Popen[str], stdout: queue.Queue[str], timeout: float
) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = stdout.get(timeout=0.1)
        except queue.Empty:
            if process.poll() is not None:
                return None
            continue
        if line.startswith(READY):
            return line[len(READY) :].strip()
    return None


def _startup_failure(process: subprocess.Popen[str], timeout: float, stderr: str) -> str:
    if process.poll() is None:
        problem = f"did not print {READY!r} within {timeout:.0f}s"
        process.kill()
        process.wait()
    else:
        problem = f"exited with status {process.returncode} before printing {READY!r}"
    command = " ".join(str(a) for a in process.args)  # type: ignore[union-attr]
    return f"The Convex bridge {problem}.\nCommand: {command}\nstderr:\n{stderr or '(empty)'}"
