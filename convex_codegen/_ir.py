"""The plain intermediate model between the spec loader and the renderer.

`_spec.load_spec` turns the JSON that `npx convex function-spec` prints into these
classes; `_generate.generate` turns them into source files. Nothing here knows about
JSON paths in the input or about Python source in the output.
"""

from __future__ import annotations

from typing import Literal

import attrs

FunctionKind = Literal["query", "mutation", "action"]
Visibility = Literal["public", "internal"]
LiteralValue = str | float | int | bool
"""A literal's value: `int` only for a bigint (`$integer`) literal, `float` for a number."""


@attrs.frozen
class VNull:
    pass


@attrs.frozen
class VNumber:
    pass


@attrs.frozen
class VBigInt:
    pass


@attrs.frozen
class VBoolean:
    pass


@attrs.frozen
class VString:
    pass


@attrs.frozen
class VBytes:
    pass


@attrs.frozen
class VAny:
    pass


@attrs.frozen
class VLiteral:
    value: LiteralValue


@attrs.frozen
class VId:
    table: str


@attrs.frozen
class VArray:
    item: Validator


@attrs.frozen
class VRecord:
    keys: Validator
    values: Validator


@attrs.frozen
class Field:
    name: str
    type: Validator
    optional: bool


@attrs.frozen
class VObject:
    fields: tuple[Field, ...]


@attrs.frozen
class VUnion:
    members: tuple[Validator, ...]


@attrs.frozen
class VSet:
    """Legacy (Convex < 0.19) set validator."""

    item: Validator


@attrs.frozen
class VMap:
    """Legacy (Convex < 0.19) map validator."""

    keys: Validator
    values: Validator


Validator = (
    VNull
    | VNumber
    | VBigInt
    | VBoolean
    | VString
    | VBytes
    | VAny
    | VLiteral
    | VId
    | VArray
    | VRecord
    | VObject
    | VUnion
    | VSet
    | VMap
)


@attrs.frozen
class Function:
    identifier: str
    """Exactly as in the spec, e.g. `"admin/reports.js:daily"`."""
    module: str
    """Module path without `.js`: `"admin/reports"`."""
    name: str
    """Export name: `"daily"`, or `"default"` for a default export."""
    kind: FunctionKind
    visibility: Visibility
    args: VObject | None
    """`None` when the function declares no args validator (`{"type": "any"}`)."""
    returns: Validator
    """`VAny()` when the spec has no returns validator (missing, `null` or any)."""

    @property
    def path(self) -> str:
        """The path to send over the wire: `"admin/reports:daily"`."""
        return f"{self.module}:{self.name}"


@attrs.frozen
class HttpRoute:
    method: str
    path: str


@attrs.frozen
class Problem:
    """Something wrong (or worth a warning) in the input, with the place it comes from."""

    location: str
    """JSON path in the spec, e.g. `functions[3].args.value.author`."""
    message: str
    function: str | None = None
    """The function identifier, when the problem is inside one."""

    def __str__(self) -> str:
        where = f"{self.function} ({self.location})" if self.function else self.location
        return f"{where}: {self.message}"


@attrs.frozen
class Spec:
    url: str | None
    functions: tuple[Function, ...]
    http_routes: tuple[HttpRoute, ...] = ()
    warnings: tuple[Problem, ...] = ()
