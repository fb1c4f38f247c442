"""Run demo.py against a local backend for the example app, then stop the backend.

    python examples/chat/run_demo.py

Needs Node 20+ and `npm ci` run at the repository root: the backend is the test bridge
(`tests/backend/server.ts`), which serves the app in `convex/` from an in-memory database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
READY = "listening on "


def start_backend() -> tuple[subprocess.Popen[str], str]:
    """Start the bridge on a free port and return it with its URL once it listens."""
    node = shutil.which("node")
    if node is None:
        sys.exit("run_demo.py needs Node.js 20+ on PATH")
    if not (ROOT / "node_modules" / "convex-test").is_dir():
        sys.exit(f"run `npm ci` in {ROOT} first")
    process = subprocess.Popen(
        [node, "--import", "tsx", "tests/backend/server.ts", str(HERE / "convex")],
        cwd=ROOT,
        env={**os.environ, "CONVEX_BRIDGE_PORT": "0"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    # The bridge prints nothing before it listens, so reading line by line cannot hang
    # longer than its start-up; if it dies first, stdout closes and the loop ends.
    for line in process.stdout:
        if line.startswith(READY):
            # Keep draining so that later output can never fill the pipe and block it.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, line[len(READY) :].strip()
    process.wait()
    sys.exit(f"the backend exited with status {process.returncode} before listening")


def main() -> int:
    backend, url = start_backend()
    try:
        # From a checkout convex_runtime is not installed: make the repository importable.
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        demo = subprocess.run(
            [sys.executable, str(HERE / "demo.py"), url],
            cwd=HERE,
            env={**os.environ, "PYTHONPATH": path},
            check=False,
        )
        return demo.returncode
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            backend.kill()
            backend.wait()


if __name__ == "__main__":
    sys.exit(main())
