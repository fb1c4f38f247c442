"""Smoke test of `benchmarks/`: its modules import and its inputs are valid.

Needs only the project's own dependencies (the peers compared against are imported
inside the functions that time them). Nothing here is timed.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable

import convex_runtime
from benchmarks import payloads, synthetic_spec
from benchmarks._harness import Stats, interleave
from benchmarks._report import table
from convex_codegen._generate import generate
from convex_codegen._spec import load_spec

MODULES = (
    "benchmarks.__main__",
    "benchmarks.bench_calls",
    "benchmarks.bench_codec",
    "benchmarks.bench_generation",
    "benchmarks.bench_imports",
)


def test_benchmark_modules_import() -> None:
    for name in MODULES:
        module = importlib.import_module(name)
        assert module.__doc__, name


def test_synthetic_spec_is_seeded_and_generates() -> None:
    spec = synthetic_spec.make_spec(10)
    assert spec == synthetic_spec.make_spec(10)
    assert spec != synthetic_spec.make_spec(10, seed=2)
    assert len(spec["functions"]) == 10
    parsed = load_spec(json.dumps(spec))
    package = generate(parsed, "synth_api", "spec-10.json")
    assert package.summary.functions == 10
    assert "__init__.py" in package.files


def test_openapi_document_has_one_post_per_function() -> None:
    spec = synthetic_spec.make_spec(10)
    document = synthetic_spec.make_openapi(spec)
    assert document["openapi"].startswith("3.1")
    operations = [path["post"] for path in document["paths"].values()]
    assert len(operations) == 10
    first = spec["functions"][0]
    schema = operations[0]["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema.get("properties", {})) == set(first["args"]["value"])


def test_sample_calls_have_valid_wire_arguments() -> None:
    spec = synthetic_spec.make_spec(100)
    sampled = synthetic_spec.sample_functions(spec, 20)
    assert len(sampled) == 20
    for fn in sampled:
        args = synthetic_spec.wire_value(fn["args"])
        required = {name for name, f in fn["args"]["value"].items() if not f["optional"]}
        assert set(args) == required
        compile(synthetic_spec.python_expr(fn["args"]), fn["identifier"], "eval")


def test_payloads_round_trip_through_convex_runtime() -> None:
    for key, (description, build) in payloads.PAYLOADS.items():
        value = build(convex_runtime.ConvexInt64)
        wire = convex_runtime.convex_to_json(value)
        text = json.dumps(wire)
        back = convex_runtime.json_to_convex(json.loads(text))
        assert convex_runtime.convex_to_json(back) == wire, description
        assert key


def test_chat_page_has_the_list_result_shape() -> None:
    page = payloads.chat_page(1000)
    assert len(page["page"]) == 1000
    kinds = {doc["content"]["kind"] for doc in page["page"]}
    assert kinds == {"text", "image", "system"}


def test_interleave_alternates_and_summarizes() -> None:
    calls: list[str] = []

    def program(name: str, value: float) -> Callable[[], float]:
        def run() -> float:
            calls.append(name)
            return value

        return run

    stats = interleave({"a": program("a", 1.0), "b": program("b", 2.0)}, rounds=3, warmup=1)
    # One sample of each program per round, warm-up round included.
    rounds = [sorted(calls[i : i + 2]) for i in range(0, len(calls), 2)]
    assert rounds == [["a", "b"]] * 4
    assert stats["a"].values == (1.0, 1.0, 1.0)
    assert stats["b"].values == (2.0, 2.0, 2.0)
    assert Stats((1.0, 2.0, 3.0, 4.0)).median == 2.5
    assert table(["x", "y"], [["1", "2"]])[1] == "| --- | ---: |"
