"""The example program `examples/chat/demo.py` and its launcher `run_demo.py` run cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from tests.backend.bridge import Backend

ROOT = Path(__file__).resolve().parents[2]
CHAT = ROOT / "examples" / "chat"
EXPECTED = [
    "newest three:",
    "  hello #12",
    "  hello #11",
    "  hello #10",
    "walked 13 messages in pages of 5",
    "caught ConvexError: CONFLICT",
    "async increments: [1, 2, 3, 4, 5]",
    "visits: 5",
]


def python_env() -> dict[str, str]:
    # convex_runtime is importable from the repository root; it is not installed.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def check_output(stdout: str) -> None:
    lines = stdout.splitlines()
    assert lines[0].startswith("created users/") and " and channels/" in lines[0]
    assert lines[1:] == EXPECTED


def test_demo_against_the_backend(backend: Backend) -> None:
    httpx.post(f"{backend.url}/_test/reset").raise_for_status()
    result = subprocess.run(
        [sys.executable, "demo.py", backend.url],
        cwd=CHAT,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    check_output(result.stdout)


def test_demo_reads_the_url_from_the_environment(backend: Backend) -> None:
    httpx.post(f"{backend.url}/_test/reset").raise_for_status()
    result = subprocess.run(
        [sys.executable, "demo.py"],
        cwd=CHAT,
        env={**python_env(), "CONVEX_URL": backend.url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    check_output(result.stdout)


def test_demo_without_a_url_prints_usage() -> None:
    env = python_env()
    env.pop("CONVEX_URL", None)
    result = subprocess.run(
        [sys.executable, "demo.py"],
        cwd=CHAT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "usage: python demo.py" in result.stderr


def test_run_demo_starts_a_backend_runs_the_demo_and_stops(backend: Backend) -> None:
    # `backend` only makes sure Node and node_modules are there (failing otherwise).
    result = subprocess.run(
        [sys.executable, str(CHAT / "run_demo.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    check_output(result.stdout)
