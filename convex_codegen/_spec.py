"""Function spec JSON (what `npx convex function-spec` prints) -> the `_ir` model.

The loader never stops at the first mistake: it walks the whole document, collects every
problem with the JSON path it was found at, and raises one `SpecError` holding all of them.
Things a real deployment may print but that carry no type information (unknown validator
kinds, `commitTs`) become `VAny` plus a warning instead of an error.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import struct
from collections.abc import Mapping

from convex_codegen._ir import (
    Field,
    Function,
    FunctionKind,
    HttpRoute,
    LiteralValue,
    Problem,
    Spec,
    Validator,
    VAny,
    VArray,
    VBigInt,
    VBoolean,
    VBytes,
    VId,
    Visibility,
    VLiteral,
    VMap,
    VNull,
    VNumber,
    VObject,
    VRecord,
    VSet,
    VString,
    VUnion,
)

__all__ = ["SpecError", "load_spec", "parse_spec"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_MODULE_COMPONENT = re.compile(r"[A-Za-z0-9_.]+\Z")
_KINDS: dict[str, FunctionKind] = {"Query": "query", "Mutation": "mutation", "Action": "action"}
_VISIBILITIES: tuple[Visibility, ...] = ("public", "internal")
_SIMPLE: dict[str, Validator] = {
    "null": VNull(),
    "number": VNumber(),
    "bigint": VBigInt(),
    "boolean": VBoolean(),
    "string": VString(),
    "bytes": VBytes(),
    "any": VAny(),
    # A commit timestamp has no Python counterpart worth a type of its own.
    "commitTs": VAny(),
}
# Real validators nest a handful of levels; the limit keeps hostile input from
# exhausting the interpreter stack.
_MAX_DEPTH = 64


class SpecError(Exception):
    """The spec cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_spec(text: str) -> Spec:
    """Parse the text of a function spec (JSON) into a `Spec`.

    Raises `SpecError` with every problem found, including invalid JSON.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "<input>",
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}; "
            "expected the output of `npx convex function-spec`",
        )
        raise SpecError([problem]) from None
    except RecursionError:
        raise SpecError([Problem("<input>", "JSON is nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer with too many digits
        raise SpecError([Problem("<input>", f"not valid JSON: {exc}")]) from None
    return parse_spec(data)


def parse_spec(data: object) -> Spec:
    """Turn already-decoded spec JSON into a `Spec`.

    Accepts `{"url": ..., "functions": [...]}` as printed by `npx convex function-spec`,
    or the bare list of functions returned by the `_system/cli/modules:apiSpec` query.
    Raises `SpecError` with every problem found.
    """
    return _Parser().parse(data)


def _describe(value: object) -> str:
    """Name the JSON type of `value` for messages (never the value itself, which may be huge)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _quote(text: str) -> str:
    """Quote a string from the input for a one-line message (escapes newlines, non-ASCII)."""
    shown = text if len(text) <= 80 else text[:77] + "..."
    return json.dumps(shown)


def _member(location: str, key: str) -> str:
    if _IDENTIFIER.match(key):
        return f"{location}.{key}" if location else key
    return f"{location}[{json.dumps(key)}]"


def _is_valid_text(text: str) -> bool:
    # JSON may carry lone surrogates ("\ud800"), which cannot be written to a UTF-8 file.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.function: str | None = None

    def problem(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message, self.function))

    def warn(self, location: str, message: str) -> None:
        self.warnings.append(Problem(location, message, self.function))

    def parse(self, data: object) -> Spec:
        url: str | None = None
        prefix = ""
        entries: object
        if isinstance(data, list):
            entries = data
        elif isinstance(data, dict):
            raw_url = data.get("url")
            if raw_url is None or (isinstance(raw_url, str) and _is_valid_text(raw_url)):
                url = raw_url
            else:
                self.problem("url", f"expected a string or null, got {_describe(raw_url)}")
            if "functions" not in data:
                self.problem("functions", "missing; expected the list of functions")
                entries = []
            else:
                entries = data["functions"]
            prefix = "functions"
        else:
            self.problem(
                "<input>",
                f"expected an object with `url` and `functions` (or a list of functions), "
                f"got {_describe(data)}",
            )
            raise SpecError(self.problems)

        functions: list[Function] = []
        routes: list[HttpRoute] = []
        if not isinstance(entries, list):
            self.problem(prefix, f"expected a list of functions, got {_describe(entries)}")
            entries = []
        first_seen: dict[str, str] = {}
        for index, entry in enumerate(entries):
            location = f"{prefix}[{index}]"
            self.function = None
            parsed = self.entry(entry, location)
            if isinstance(parsed, HttpRoute):
                routes.append(parsed)
            elif isinstance(parsed, Function):
                previous = first_seen.setdefault(parsed.path, location)
                if previous != location:
                    self.problems.append(
                        Problem(
                            f"{location}.identifier",
                            f"duplicate function: {parsed.path} is also defined at {previous}",
                            parsed.identifier,
                        )
                    )
                else:
                    functions.append(parsed)
        self.function = None
        if self.problems:
            raise SpecError(self.problems)
        return Spec(url, tuple(functions), tuple(routes), tuple(self.warnings))

    def entry(self, entry: object, location: str) -> Function | HttpRoute | None:
        if not isinstance(entry, dict):
            self.problem(location, f"expected a function object, got {_describe(entry)}")
            return None
        identifier = entry.get("identifier")
        if isinstance(identifier, str) and _is_valid_text(identifier):
            self.function = identifier
        function_type = entry.get("functionType")
        if function_type == "HttpAction":
            return self.http_route(entry, location)
        kind = _KINDS.get(function_type) if isinstance(function_type, str) else None
        if kind is None:
            shown = _quote(function_type) if isinstance(function_type, str) else None
            self.problem(
                f"{location}.functionType",
                f"expected one of Query, Mutation, Action, HttpAction, got "
                f"{shown or _describe(function_type)}",
            )
        names = self.identifier(identifier, f"{location}.identifier")
        visibility = self.visibility(entry.get("visibility"), f"{location}.visibility")
        args_ok, args = self.args(entry.get("args"), f"{location}.args")
        returns = self.returns(entry.get("returns"), f"{location}.returns")
        if kind is None or names is None or visibility is None or not args_ok:
            return None
        assert isinstance(identifier, str)
        module, name = names
        return Function(identifier, module, name, kind, visibility, args, returns)

    def http_route(self, entry: Mapping[str, object], location: str) -> HttpRoute | None:
        method = entry.get("method")
        path = entry.get("path")
        ok = True
        for key, value in (("method", method), ("path", path)):
            if not isinstance(value, str) or not _is_valid_text(value):
                self.problem(f"{location}.{key}", f"expected a string, got {_describe(value)}")
                ok = False
        if not ok:
            return None
        assert isinstance(method, str) and isinstance(path, str)
        return HttpRoute(method, path)

    def identifier(self, identifier: object, location: str) -> tuple[str, str] | None:
        if not isinstance(identifier, str):
            self.problem(
                location, f'expected a string like "messages.js:list", got {_describe(identifier)}'
            )
            return None
        if not _is_valid_text(identifier):
            self.problem(location, "contains invalid Unicode (a lone surrogate)")
            return None
        if ":" not in identifier:
            self.problem(
                location,
                f"{_quote(identifier)} has no ':'; expected <module path>:<export name>, "
                'like "messages.js:list"',
            )
            return None
        module, name = identifier.rsplit(":", 1)
        ok = True
        if module.endswith(".js"):
            module = module[: -len(".js")]
        parts = module.split("/")
        bad = [p for p in parts if not _MODULE_COMPONENT.match(p) or p in (".", "..")]
        if not module or bad:
            self.problem(
                location,
                f"bad module path {_quote(module)}: expected '/'-separated non-empty names "
                "made of letters, digits, '_' and '.' (not '.' or '..')",
            )
            ok = False
        if not _IDENTIFIER.match(name):
            self.problem(
                location,
                f"bad export name {_quote(name)}: expected an identifier "
                "(letters, digits and '_', not starting with a digit)",
            )
            ok = False
        return (module, name) if ok else None

    def visibility(self, visibility: object, location: str) -> Visibility | None:
        if visibility is None:
            return "public"
        kind = visibility.get("kind") if isinstance(visibility, dict) else None
        for known in _VISIBILITIES:
            if kind == known:
                return known
        if isinstance(visibility, dict):
            shown = _quote(kind) if isinstance(kind, str) else _describe(kind)
            self.problem(f"{location}.kind", f'expected "public" or "internal", got {shown}')
        else:
            self.problem(
                location,
                f'expected {{"kind": "public"}} or {{"kind": "internal"}}, '
                f"got {_describe(visibility)}",
            )
        return None

    def args(self, args: object, location: str) -> tuple[bool, VObject | None]:
        """The args validator as `(ok, validator)`; `None` stands for "any"."""
        kind = args.get("type") if isinstance(args, dict) else None
        if args is None or kind == "any":
            return True, None
        if isinstance(kind, str) and kind != "object":
            self.problem(
                f"{location}.type",
                f'args must be an "object" or "any" validator, got {_quote(kind)}',
            )
            return False, None
        validator = self.validator(args, location, 0)
        return isinstance(validator, VObject), validator if isinstance(validator, VObject) else None

    def returns(self, returns: object, location: str) -> Validator:
        if returns is None:
            return VAny()
        return self.validator(returns, location, 0)

    def validator(self, node: object, location: str, depth: int) -> Validator:
        """Parse one validator; on a problem, record it and stand in `VAny()`."""
        if depth > _MAX_DEPTH:
            self.problem(location, f"validators nested more than {_MAX_DEPTH} levels deep")
            return VAny()
        if not isinstance(node, dict):
            self.problem(
                location,
                f'expected a validator object like {{"type": "string"}}, got {_describe(node)}',
            )
            return VAny()
        kind = node.get("type")
        if not isinstance(kind, str):
            self.problem(
                f"{location}.type", f"expected the validator kind (a string), got {_describe(kind)}"
            )
            return VAny()
        simple = _SIMPLE.get(kind)
        if simple is not None:
            return simple
        depth += 1
        if kind == "literal":
            return self.literal(node, location)
        if kind == "id":
            return self.id_(node, location)
        if kind == "array":
            return VArray(self.child(node, "value", location, depth))
        if kind == "set":
            return VSet(self.child(node, "value", location, depth))
        if kind == "map":
            keys = self.child(node, "keys", location, depth)
            return VMap(keys, self.child(node, "values", location, depth))
        if kind == "record":
            return self.record(node, location, depth)
        if kind == "object":
            return self.object_(node, location, depth)
        if kind == "union":
            return self.union(node, location, depth)
        self.warn(
            f"{location}.type",
            f"unknown validator kind {_quote(kind)}; treating it as any "
            "(a newer Convex version? please report it)",
        )
        return VAny()

    def child(self, node: Mapping[str, object], key: str, location: str, depth: int) -> Validator:
        if key not in node:
            self.problem(f"{location}.{key}", "missing; expected a validator")
            return VAny()
        return self.validator(node[key], f"{location}.{key}", depth)

    def literal(self, node: Mapping[str, object], location: str) -> Validator:
        location = f"{location}.value"
        if "value" not in node:
            self.problem(location, "missing; expected the literal's value")
            return VAny()
        value = self.literal_value(node["value"], location)
        return VAny() if value is None else VLiteral(value)

    def literal_value(self, value: object, location: str) -> LiteralValue | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
            return self.finite(number, location)
        if isinstance(value, str):
            if not _is_valid_text(value):
                self.problem(location, "contains invalid Unicode (a lone surrogate)")
                return None
            return value
        if isinstance(value, dict) and len(value) == 1:
            ((key, encoded),) = value.items()
            if key in ("$integer", "$float"):
                raw = self.base64_8(encoded, f"{location}.{key}")
                if raw is None:
                    return None
                if key == "$integer":
                    return int.from_bytes(raw, "little", signed=True)
                return self.finite(struct.unpack("<d", raw)[0], f"{location}.{key}")
        self.problem(
            location,
            'expected a string, number, boolean, {"$integer": ...} or {"$float": ...}, '
            f"got {_describe(value)}",
        )
        return None

    def finite(self, number: float, location: str) -> float | None:
        if math.isfinite(number):
            return number
        self.problem(location, f"literal {number} is not supported; expected a finite number")
        return None

    def base64_8(self, encoded: object, location: str) -> bytes | None:
        if isinstance(encoded, str):
            try:
                raw = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            if len(raw) == 8:
                return raw
        self.problem(location, "expected base64 of 8 bytes (little-endian)")
        return None

    def id_(self, node: Mapping[str, object], location: str) -> Validator:
        table = node.get("tableName")
        if isinstance(table, str) and _IDENTIFIER.match(table):
            return VId(table)
        shown = _quote(table) if isinstance(table, str) else _describe(table)
        self.problem(
            f"{location}.tableName",
            f"expected a table name (letters, digits and '_', not starting with a digit), "
            f"got {shown}",
        )
        return VAny()

    def field_type(self, node: object, location: str, depth: int) -> tuple[Validator, bool]:
        """Parse `{fieldType, optional}`; a bare validator (older specs) is not optional."""
        if isinstance(node, dict) and "fieldType" not in node and "type" in node:
            return self.validator(node, location, depth), False
        if not isinstance(node, dict):
            self.problem(
                location,
                f'expected {{"fieldType": <validator>, "optional": <boolean>}}, '
                f"got {_describe(node)}",
            )
            return VAny(), False
        optional = node.get("optional", False)
        if not isinstance(optional, bool):
            self.problem(f"{location}.optional", f"expected a boolean, got {_describe(optional)}")
            optional = False
        if "fieldType" not in node:
            self.problem(f"{location}.fieldType", "missing; expected a validator")
            return VAny(), optional
        return self.validator(node["fieldType"], f"{location}.fieldType", depth), optional

    def record(self, node: Mapping[str, object], location: str, depth: int) -> Validator:
        keys = self.child(node, "keys", location, depth)
        if "values" not in node:
            self.problem(f"{location}.values", 'missing; expected {"fieldType": <validator>}')
            return VAny()
        values, optional = self.field_type(node["values"], f"{location}.values", depth)
        if optional:
            self.problem(f"{location}.values.optional", "record values cannot be optional")
        return VRecord(keys, values)

    def object_(self, node: Mapping[str, object], location: str, depth: int) -> Validator:
        fields_node = node.get("value")
        location = f"{location}.value"
        if not isinstance(fields_node, dict):
            self.problem(location, f"expected an object of fields, got {_describe(fields_node)}")
            return VAny()
        fields: list[Field] = []
        for name, field_node in fields_node.items():
            field_location = _member(location, name)
            if not _is_valid_text(name):
                self.problem(field_location, "field name contains invalid Unicode")
                continue
            field_type, optional = self.field_type(field_node, field_location, depth)
            fields.append(Field(name, field_type, optional))
        return VObject(tuple(fields))

    def union(self, node: Mapping[str, object], location: str, depth: int) -> Validator:
        members_node = node.get("value")
        location = f"{location}.value"
        if not isinstance(members_node, list):
            self.problem(location, f"expected a list of validators, got {_describe(members_node)}")
            return VAny()
        if not members_node:
            self.warn(location, "union without members; treating it as any")
            return VAny()
        members = tuple(
            self.validator(member, f"{location}[{index}]", depth)
            for index, member in enumerate(members_node)
        )
        return VUnion(members)
