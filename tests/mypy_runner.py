"""Run `mypy --strict` the way a user runs it on generated code: no project config."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)$")


def mypy_strict(
    targets: list[str], tmp_path: Path, *, cwd: Path = ROOT, path: tuple[Path, ...] = ()
) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n")
    args = ["--strict", "--config-file", str(config), "--cache-dir", str(tmp_path / "cache")]
    mypypath = os.pathsep.join(str(p) for p in [*path, ROOT])
    return subprocess.run(
        [sys.executable, "-m", "mypy", *args, *targets],
        cwd=cwd,
        env={**os.environ, "MYPYPATH": mypypath},
        capture_output=True,
        text=True,
    )


def errors(output: str) -> list[tuple[str, int, str]]:
    """(file name, line, message) of each error in mypy's output."""
    found = []
    for line in output.splitlines():
        if match := _LINE.match(line):
            found.append((Path(match["file"]).name, int(match["line"]), match["message"]))
    return found
