"""Start-up cost: importing the runtime and building clients defers httpx to the first call."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import convex_runtime
from chat_api import Api, AsyncApi
api = Api(convex_runtime.ConvexClient("http://127.0.0.1:9", retry=None))
aapi = AsyncApi(convex_runtime.AsyncConvexClient("https://happy-animal-123.convex.cloud"))
api.messages, aapi.users
print("httpx" in sys.modules)
try:
    api.counters.get(name="x")  # the first call needs httpx (and fails: nothing listens)
except convex_runtime.ConvexRuntimeError:
    pass
print("httpx" in sys.modules)
"""


def test_httpx_is_imported_on_the_first_call_only() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{ROOT}:{ROOT / 'examples' / 'chat'}"},
        timeout=120,
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
