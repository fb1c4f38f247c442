"""Typing tests: what users write against a generated package must type-check, misuse must not.

`ok_usage.py` must pass `mypy --strict`; every line of `bad_usage.py` marked `# E: <text>`
must fail with an error containing that text, and no other line may fail.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.mypy_runner import ROOT, errors, mypy_strict

HERE = Path(__file__).resolve().parent
EXPECTED = re.compile(r"#\s*E:\s*(?P<text>.+)$")


def _expected(path: Path) -> dict[int, str]:
    out = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if match := EXPECTED.search(line):
            out[number] = match["text"].strip()
    return out


def test_generated_package_types_user_code(tmp_path: Path) -> None:
    ok, bad = HERE / "ok_usage.py", HERE / "bad_usage.py"
    result = mypy_strict([str(ok), str(bad)], tmp_path, path=(ROOT / "examples" / "chat",))
    found = errors(result.stdout)
    assert [e for e in found if e[0] == ok.name] == [], result.stdout

    expected = _expected(bad)
    assert len(expected) >= 10
    by_line: dict[int, list[str]] = {}
    for name, line, message in found:
        if name == bad.name:
            by_line.setdefault(line, []).append(message)
    unexpected = {line: msgs for line, msgs in by_line.items() if line not in expected}
    assert unexpected == {}, result.stdout
    for line, text in expected.items():
        messages = by_line.get(line, [])
        assert any(text in m for m in messages), f"line {line}: want {text!r}, got {messages}"
