"""Seeded synthetic Convex function specs, and the equivalent OpenAPI documents.

The specs look like a real app's `npx convex function-spec` output: modules of about
eight functions (some in folders), queries returning documents or pages of them,
mutations taking ids, optional fields, literal unions, arrays and nested objects.
The same seed always gives the same spec, so runs on different machines compare.

The OpenAPI document has one POST endpoint per function, whose request body schema is
the function's argument validator and whose 200 response schema is its return
validator, converted to JSON Schema (what a hand-written OpenAPI description of the
Convex HTTP API would say).

    python -m benchmarks.synthetic_spec 100 --out spec.json --openapi openapi.json
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

__all__ = ["make_openapi", "make_spec", "python_expr", "sample_functions", "wire_value"]

Validator = dict[str, Any]

_TABLES = ("users", "channels", "messages", "projects", "tasks", "comments", "files", "teams")
_NOUNS = (
    "account", "order", "invoice", "project", "task", "comment", "ticket", "channel",
    "message", "report", "team", "member", "file", "event", "note", "label",
)  # fmt: skip
_VERBS_QUERY = ("get", "list", "search", "count", "byOwner", "recent", "stats")
_VERBS_MUTATION = ("create", "update", "remove", "archive", "assign", "rename")
_VERBS_ACTION = ("sync", "export", "notify")
_FUNCTIONS_PER_MODULE = 8


def _field(validator: Validator, optional: bool = False) -> dict[str, Any]:
    return {"fieldType": validator, "optional": optional}


def _obj(fields: dict[str, dict[str, Any]]) -> Validator:
    return {"type": "object", "value": fields}


def _literals(*values: str) -> Validator:
    return {"type": "union", "value": [{"type": "literal", "value": v} for v in values]}


def _document(rng: random.Random, table: str) -> Validator:
    """A stored document of `table`: system fields plus 3 to 8 user fields."""
    fields: dict[str, dict[str, Any]] = {
        "_id": _field({"type": "id", "tableName": table}),
        "_creationTime": _field({"type": "number"}),
    }
    choices = [
        ("name", {"type": "string"}),
        ("title", {"type": "string"}),
        ("ownerId", {"type": "id", "tableName": rng.choice(_TABLES)}),
        ("count", {"type": "number"}),
        ("sequence", {"type": "bigint"}),
        ("archived", {"type": "boolean"}),
        ("status", _literals("draft", "active", "closed")),
        ("tags", {"type": "array", "value": {"type": "string"}}),
        ("meta", _obj({"source": _field({"type": "string"}), "score": _field({"type": "number"})})),
        ("note", {"type": "union", "value": [{"type": "string"}, {"type": "null"}]}),
    ]
    for name, validator in rng.sample(choices, rng.randint(3, 8)):
        fields[name] = _field(validator, optional=rng.random() < 0.2)
    return _obj(fields)


def _args(rng: random.Random, kind: str, table: str) -> Validator:
    fields: dict[str, dict[str, Any]] = {}
    if kind == "Mutation" or rng.random() < 0.5:
        fields["id"] = _field({"type": "id", "tableName": table})
    pool = [
        ("name", {"type": "string"}),
        ("limit", {"type": "number"}),
        ("includeArchived", {"type": "boolean"}),
        ("status", _literals("draft", "active", "closed")),
        ("tags", {"type": "array", "value": {"type": "string"}}),
        ("amount", {"type": "bigint"}),
        ("filter", _obj({"text": _field({"type": "string"}), "max": _field({"type": "number"})})),
    ]
    for name, validator in rng.sample(pool, rng.randint(0, 4)):
        fields[name] = _field(validator, optional=rng.random() < 0.3)
    return _obj(fields)


def _returns(rng: random.Random, kind: str, table: str) -> Validator:
    if kind == "Mutation":
        return rng.choice([{"type": "null"}, {"type": "id", "tableName": table}])
    if kind == "Action":
        return rng.choice([{"type": "null"}, {"type": "string"}, {"type": "number"}])
    doc = _document(rng, table)
    return rng.choice(
        [
            doc,
            {"type": "array", "value": doc},
            {"type": "union", "value": [doc, {"type": "null"}]},
            {"type": "number"},
        ]
    )


def make_spec(functions: int, seed: int = 1) -> dict[str, Any]:
    """A function spec with `functions` public functions, the same for the same seed."""
    rng = random.Random(f"convex-codegen-bench-{seed}")
    entries: list[dict[str, Any]] = []
    modules = max(1, -(-functions // _FUNCTIONS_PER_MODULE))
    index = 0
    for m in range(modules):
        noun = _NOUNS[m % len(_NOUNS)]
        module = f"{noun}s{m // len(_NOUNS) or ''}"
        if m % 5 == 4:
            module = f"admin/{module}"
        table = rng.choice(_TABLES)
        used: set[str] = set()
        for _ in range(min(_FUNCTIONS_PER_MODULE, functions - index)):
            kind = rng.choices(("Query", "Mutation", "Action"), (5, 4, 1))[0]
            verbs = {
                "Query": _VERBS_QUERY,
                "Mutation": _VERBS_MUTATION,
                "Action": _VERBS_ACTION,
            }[kind]
            name = rng.choice(verbs)
            while name in used:
                name = f"{rng.choice(verbs)}{rng.randint(2, 99)}"
            used.add(name)
            entries.append(
                {
                    "identifier": f"{module}.js:{name}",
                    "functionType": kind,
                    "visibility": {"kind": "public"},
                    "args": _args(rng, kind, table),
                    "returns": _returns(rng, kind, table),
                }
            )
            index += 1
    return {"url": "https://benchmark-synthetic-123.convex.cloud", "functions": entries}


# --- OpenAPI ------------------------------------------------------------------------------


def _schema(validator: Validator) -> dict[str, Any]:
    """JSON Schema (OpenAPI 3.1) for a Convex validator, as it travels on the wire."""
    kind = validator["type"]
    if kind == "string":
        return {"type": "string"}
    if kind == "id":
        return {"type": "string", "description": f"Id of table {validator['tableName']}"}
    if kind == "number":
        return {"type": "number"}
    if kind == "bigint":
        # On the wire an int64 is {"$integer": base64}.
        return {
            "type": "object",
            "properties": {"$integer": {"type": "string", "format": "byte"}},
            "required": ["$integer"],
        }
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "null":
        return {"type": "null"}
    if kind == "literal":
        return {"enum": [validator["value"]], "type": "string"}
    if kind == "array":
        return {"type": "array", "items": _schema(validator["value"])}
    if kind == "object":
        fields = validator["value"]
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: _schema(f["fieldType"]) for name, f in fields.items()},
        }
        required = [name for name, f in fields.items() if not f["optional"]]
        if required:
            schema["required"] = required
        return schema
    if kind == "union":
        members = validator["value"]
        if all(m["type"] == "literal" for m in members):
            return {"type": "string", "enum": [m["value"] for m in members]}
        return {"anyOf": [_schema(m) for m in members]}
    return {}


def _operation_id(identifier: str) -> str:
    module, name = identifier.split(":")
    parts = module.removesuffix(".js").replace("/", "_")
    return f"{parts}_{name}"


def make_openapi(spec: dict[str, Any]) -> dict[str, Any]:
    """One POST endpoint per function of `spec`, with the same argument and return shapes."""
    paths: dict[str, Any] = {}
    for fn in spec["functions"]:
        identifier = fn["identifier"]
        module, name = identifier.split(":")
        route = "/api/run/" + module.removesuffix(".js") + "/" + name
        paths[route] = {
            "post": {
                "operationId": _operation_id(identifier),
                "tags": [module.removesuffix(".js").replace("/", "_")],
                "summary": f"{fn['functionType']} {identifier}",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _schema(fn["args"])}},
                },
                "responses": {
                    "200": {
                        "description": "The function's result",
                        "content": {"application/json": {"schema": _schema(fn["returns"])}},
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic Convex API", "version": "1.0.0"},
        "paths": paths,
    }


# --- calls for the type-check benchmark -------------------------------------------------


def wire_value(validator: Validator) -> Any:
    """A valid wire (JSON) value for `validator`; optional object fields are left out."""
    kind = validator["type"]
    if kind in ("string", "id"):
        return "x"
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if kind == "bigint":
        return {"$integer": "AQAAAAAAAAA="}
    if kind == "array":
        return []
    if kind == "union":
        return wire_value(validator["value"][0])
    if kind == "literal":
        return validator["value"]
    if kind == "object":
        return {
            n: wire_value(f["fieldType"])
            for n, f in validator["value"].items()
            if not f["optional"]
        }
    return None


def python_expr(validator: Validator) -> str:
    """Python source of a value for `validator` that a generated method accepts."""
    kind = validator["type"]
    if kind == "string":
        return '"x"'
    if kind == "id":
        return f'Id("{validator["tableName"]}", "x")'
    if kind == "number":
        return "1.0"
    if kind == "boolean":
        return "True"
    if kind == "bigint":
        return "1"
    if kind == "array":
        return "[]"
    if kind == "union":
        return python_expr(validator["value"][0])
    if kind == "literal":
        return json.dumps(validator["value"])
    if kind == "object":
        # Generated methods take the ...Dict TypedDict, keyed by wire names.
        items = ", ".join(
            f'"{n}": {python_expr(f["fieldType"])}'
            for n, f in validator["value"].items()
            if not f["optional"]
        )
        return "{" + items + "}"
    return "None"


def sample_functions(spec: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """`count` functions spread evenly over the spec (for the type-check benchmark)."""
    functions: list[dict[str, Any]] = spec["functions"]
    step = max(1, len(functions) // count)
    return functions[::step][:count]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("functions", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--openapi", type=Path)
    options = parser.parse_args(argv)
    spec = make_spec(options.functions, options.seed)
    options.out.write_text(json.dumps(spec, indent=1))
    if options.openapi is not None:
        options.openapi.write_text(json.dumps(make_openapi(spec), indent=1))


if __name__ == "__main__":
    main()
