"""Generated code is already formatted, whatever the lengths of the names in the spec.

The golden packages pin a few layouts; this walks many seeded random specs with short and
long names (as long as real apps use), deep nesting and long literal unions, and asks ruff
about all of them at once.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from convex_codegen._generate import generate
from convex_codegen._spec import parse_spec

SPECS = 80


def _name(rng: random.Random) -> str:
    words = ["message", "channel", "Author", "reaction", "X", "veryLongDescriptive", "id", "at"]
    return rng.choice("abcdefgh") + "".join(rng.choice(words) for _ in range(rng.randint(0, 4)))


def _validator(rng: random.Random, depth: int) -> dict[str, Any]:
    leaves: list[dict[str, Any]] = [
        {"type": "string"},
        {"type": "number"},
        {"type": "bigint"},
        {"type": "bytes"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": "any"},
        {"type": "id", "tableName": _name(rng)},
        {"type": "literal", "value": _name(rng) * rng.randint(1, 3)},
    ]
    if depth >= 3 or rng.random() < 0.4:
        return rng.choice(leaves)
    kind = rng.choice(["array", "record", "object", "union", "object"])
    if kind == "array":
        return {"type": "array", "value": _validator(rng, depth + 1)}
    if kind == "record":
        values = {"fieldType": _validator(rng, depth + 1), "optional": False}
        return {"type": "record", "keys": {"type": "string"}, "values": values}
    if kind == "union":
        members = [_validator(rng, depth + 1) for _ in range(rng.randint(2, 6))]
        return {"type": "union", "value": members}
    return _object(rng, depth + 1)


def _object(rng: random.Random, depth: int) -> dict[str, Any]:
    fields = {
        _name(rng): {"fieldType": _validator(rng, depth), "optional": rng.random() < 0.3}
        for _ in range(rng.randint(0, 5))
    }
    return {"type": "object", "value": fields}


def _spec(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    functions = []
    for index in range(8):
        module = "/".join(_name(rng) for _ in range(rng.randint(1, 3)))
        functions.append(
            {
                "identifier": f"{module}.js:{_name(rng)}{index}",
                "functionType": rng.choice(["Query", "Mutation", "Action"]),
                "visibility": {"kind": rng.choice(["public", "internal"])},
                "args": _object(rng, 1),
                "returns": _validator(rng, 0),
            }
        )
    return {"url": None, "functions": functions}


def test_random_specs_generate_formatted_code(tmp_path: Path) -> None:
    written = 0
    for seed in range(SPECS):
        spec = parse_spec(_spec(seed))
        files = generate(spec, f"pkg{seed}", f"seed {seed}").files
        for rel, text in files.items():
            path = tmp_path / f"pkg{seed}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            written += 1
    assert written > SPECS * 5
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--check", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
