"""Golden generated packages: up to date, formatted, type-checked, and lossless."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convex_codegen import _ir as ir
from convex_codegen._naming import snake_case
from convex_codegen._spec import load_spec
from tests.codegen.wire import wire
from tests.golden.golden import NAMES, PACKAGES, SPECS, generate_golden, package_name
from tests.mypy_runner import mypy_strict

ROOT = Path(__file__).resolve().parents[2]


def _on_disk(name: str) -> dict[str, str]:
    base = PACKAGES / package_name(name)
    return {
        p.relative_to(base).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(base.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("name", NAMES)
def test_golden_package_is_up_to_date(name: str) -> None:
    generated = generate_golden(name).files
    on_disk = _on_disk(name)
    assert sorted(generated) == sorted(on_disk), "run: python -m tests.golden.golden"
    for rel, text in generated.items():
        assert on_disk[rel] == text, f"{rel} is stale; run: python -m tests.golden.golden"


@pytest.mark.parametrize("name", NAMES)
def test_generation_is_deterministic(name: str) -> None:
    assert generate_golden(name).files == generate_golden(name).files


def test_golden_packages_are_ruff_formatted() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--check", str(PACKAGES)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_golden_packages_pass_mypy_strict(tmp_path: Path) -> None:
    targets = [arg for n in NAMES for arg in ("-p", package_name(n))]
    result = mypy_strict(targets, tmp_path, cwd=PACKAGES)
    assert result.returncode == 0, result.stdout + result.stderr


def _functions(name: str) -> list[tuple[ir.Function, Any]]:
    spec = load_spec((SPECS / f"{name}.json").read_text(encoding="utf-8"))
    out = []
    for fn in spec.functions:
        module = ".".join(
            snake_case(p.replace(".", "_"), fallback="module") for p in fn.module.split("/")
        )
        mod = importlib.import_module(f"{package_name(name)}.{module}")
        var = getattr(mod, f"_fn_{snake_case(fn.name, fallback='function')}")
        out.append((fn, var))
    return out


ROUND_TRIP_CASES = [(name, fn.identifier) for name in NAMES for fn, _ in _functions(name)]


@pytest.mark.parametrize(("name", "identifier"), ROUND_TRIP_CASES)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_values_round_trip_through_generated_codecs(
    name: str, identifier: str, data: st.DataObject
) -> None:
    fn, function = next((f, v) for f, v in _functions(name) if f.identifier == identifier)
    result = data.draw(wire(fn.returns), label="result")
    decoded = function.decode_result(result)
    assert function.returns.encode(decoded) == result
    if fn.args is not None:
        for field, codec_field in zip(fn.args.fields, function.args._fields, strict=True):
            value = data.draw(wire(field.type), label=field.name)
            assert codec_field.codec.encode(codec_field.codec.decode(value)) == value


def test_committed_example_package_matches_its_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from convex_codegen._cli import main

    monkeypatch.chdir(ROOT)
    spec, out = "examples/chat/function_spec.json", "examples/chat/chat_api"
    result = CliRunner().invoke(main, ["check", "--spec", spec, "--out", out])
    assert result.exit_code == 0, result.output
