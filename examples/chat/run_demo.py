"""Run demo.py against a local backend for the example app, then stop the backend.

    python examples/chat/run_demo.py

Needs Node 20+ and `npm ci` run at the repository root: the backend is the test bridge
(`tests/backend/server.ts`), which serves the app in `convex/` from an in-memory database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))  # the backend launcher lives with the tests, in this checkout

from tests.backend.bridge import BridgeError, running_bridge  # noqa: E402


def main() -> int:
    try:
        with running_bridge(HERE / "convex") as backend:
            # From a checkout convex_runtime may not be installed: make the repo importable.
            path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
            demo = subprocess.run(
                [sys.executable, str(HERE / "demo.py"), backend.url],
                cwd=HERE,
                env={**os.environ, "PYTHONPATH": path},
                check=False,
            )
            return demo.returncode
    except BridgeError as exc:
        sys.exit(str(exc))


if __name__ == "__main__":
    sys.exit(main())
