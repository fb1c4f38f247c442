"""Validators -> Python type expressions, codec expressions and attrs model classes.

One `ModuleTypes` collects the models of one generated module. Model names are built
from the function name and the place in its arguments or result (`SendArgsMeta`,
`ListResultItem`), so they do not depend on any other function of the spec.
"""

from __future__ import annotations

from typing import Literal

import attrs

from convex_codegen import _ir as ir
from convex_codegen._layout import BinUnion, Dict, Expr, Kw, Sub, atom, call, py_str, sub, union
from convex_codegen._naming import pascal_case, snake_case

Position = Literal["arg", "result"]


@attrs.frozen
class ModelField:
    name: str
    wire: str
    type: Expr
    optional: bool
    codec: Expr


@attrs.frozen
class ModelClass:
    name: str
    doc: str
    position: Position
    fields: tuple[ModelField, ...]

    @property
    def codec_var(self) -> str:
        return f"_codec_{self.name}"

    @property
    def dict_name(self) -> str:
        return f"{self.name}Dict"


@attrs.define
class Collision:
    what: str
    first: str
    second: str


@attrs.define
class ModuleTypes:
    """The models of one module, and the names they took (to report collisions)."""

    models: list[ModelClass] = attrs.field(factory=list)
    owners: dict[str, str] = attrs.field(factory=dict)
    collisions: list[Collision] = attrs.field(factory=list)

    def claim(self, name: str, owner: str) -> None:
        if name in self.owners and self.owners[name] != owner:
            self.collisions.append(Collision(f"class name {name}", self.owners[name], owner))
        self.owners.setdefault(name, owner)

    def type_of(self, v: ir.Validator, pos: Position, name: str, owner: str) -> Expr:
        """The annotation for `v`; object validators become models named `name`."""
        if isinstance(v, ir.VNull):
            return atom("None")
        if isinstance(v, ir.VNumber):
            return atom("float")
        if isinstance(v, ir.VBigInt):
            return atom("int")
        if isinstance(v, ir.VBoolean):
            return atom("bool")
        if isinstance(v, ir.VString):
            return atom("str")
        if isinstance(v, ir.VBytes):
            return atom("bytes")
        if isinstance(v, ir.VAny):
            return atom("Any")
        if isinstance(v, ir.VLiteral):
            if isinstance(v.value, float):
                return atom("float")
            return sub("Literal", atom(literal_source(v.value)))
        if isinstance(v, ir.VId):
            return sub("Id", sub("Literal", atom(py_str(v.table))))
        if isinstance(v, ir.VArray):
            item = self.type_of(v.item, pos, name + "Item", owner)
            if pos == "arg":
                return sub("Sequence", item)
            return sub("list", item)
        if isinstance(v, ir.VRecord):
            keys = self.type_of(v.keys, pos, name + "Key", owner)
            values = self.type_of(v.values, pos, name + "Value", owner)
            if pos == "arg":
                return sub("Mapping", keys, values)
            return sub("dict", keys, values)
        if isinstance(v, ir.VSet):
            self.type_of(v.item, pos, name + "Item", owner)
            return atom("ConvexSet")
        if isinstance(v, ir.VMap):
            self.type_of(v.keys, pos, name + "Key", owner)
            self.type_of(v.values, pos, name + "Value", owner)
            return atom("ConvexMap")
        if isinstance(v, ir.VObject):
            model = self.model(v, pos, name, owner)
            if pos == "arg":
                return union([atom(model.name), atom(model.dict_name)])
            return atom(model.name)
        return self._union_type(v, pos, name, owner)

    def _union_type(self, v: ir.VUnion, pos: Position, name: str, owner: str) -> Expr:
        names = member_names(v, name)
        literals: list[Expr] = []
        items: list[Expr] = []
        for member, member_name in zip(v.members, names, strict=True):
            expr = self.type_of(member, pos, member_name, owner)
            if isinstance(member, ir.VLiteral) and not isinstance(member.value, float):
                if not literals:
                    items.append(atom("<literals>"))
                assert isinstance(expr, Sub)
                literals.extend(expr.items)
            else:
                items.append(expr)
        if literals:
            unique = list(dict.fromkeys(literals))
            items[items.index(atom("<literals>"))] = sub("Literal", *unique)
        flat_items: list[Expr] = []
        for item in items:
            if isinstance(item, BinUnion):
                flat_items.extend(item.items)
            else:
                flat_items.append(item)
        # `None` reads best last: `Message | None`.
        flat_items.sort(key=lambda e: e == atom("None"))
        return union(flat_items)

    def codec_of(self, v: ir.Validator, pos: Position, name: str) -> Expr:
        """The codec expression for `v`; models must already exist (see `type_of`)."""
        simple = {
            ir.VNull: "NULL",
            ir.VNumber: "FLOAT64",
            ir.VBigInt: "INT64",
            ir.VBoolean: "BOOLEAN",
            ir.VString: "STRING",
            ir.VBytes: "BYTES",
            ir.VAny: "ANY",
        }
        if type(v) in simple:
            return atom(f"_c.{simple[type(v)]}")
        if isinstance(v, ir.VLiteral):
            return call("_c.LiteralCodec", atom(literal_source(v.value)))
        if isinstance(v, ir.VId):
            return call("_c.IdCodec", atom(py_str(v.table)))
        if isinstance(v, ir.VArray):
            return call("_c.Array", self.codec_of(v.item, pos, name + "Item"))
        if isinstance(v, ir.VRecord):
            return call(
                "_c.Record",
                self.codec_of(v.keys, pos, name + "Key"),
                self.codec_of(v.values, pos, name + "Value"),
            )
        if isinstance(v, ir.VSet):
            return call("_c.SetCodec", self.codec_of(v.item, pos, name + "Item"))
        if isinstance(v, ir.VMap):
            return call(
                "_c.MapCodec",
                self.codec_of(v.keys, pos, name + "Key"),
                self.codec_of(v.values, pos, name + "Value"),
            )
        if isinstance(v, ir.VObject):
            return atom(f"_codec_{name}")
        assert isinstance(v, ir.VUnion)
        names = member_names(v, name)
        members = [self.codec_of(m, pos, n) for m, n in zip(v.members, names, strict=True)]
        tag = union_tag(v)
        if tag is None:
            return call("_c.Union", *members)
        variants = Dict(
            tuple(
                (atom(literal_source(value)), codec)
                for value, codec in zip(tag[1], members, strict=True)
            )
        )
        return call("_c.Union", *members, Kw("tag", atom(py_str(tag[0]))), Kw("variants", variants))

    def model(self, v: ir.VObject, pos: Position, name: str, owner: str) -> ModelClass:
        for existing in self.models:
            if existing.name == name and self.owners.get(name) == owner:
                return existing
        self.claim(name, owner)
        if pos == "arg":
            self.claim(name + "Dict", owner)
        fields = []
        seen: dict[str, str] = {}
        for f in v.fields:
            py = snake_case(f.name)
            if py in seen:
                self.collisions.append(
                    Collision(f"field name {py} in {name}", f"{owner} ({seen[py]})", f.name)
                )
            seen[py] = f.name
            child = name + pascal_case(f.name)
            annotation = self.type_of(f.type, pos, child, owner)
            if f.optional:
                annotation = with_unset(annotation)
            fields.append(
                ModelField(py, f.name, annotation, f.optional, self.codec_of(f.type, pos, child))
            )
        where = "argument" if pos == "arg" else "result"
        model = ModelClass(name, f"Part of the {where} of `{owner}`.", pos, tuple(fields))
        self.models.append(model)
        return model


def literal_source(value: ir.LiteralValue) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return py_str(value)
    return repr(value)


def union_tag(v: ir.VUnion) -> tuple[str, list[ir.LiteralValue]] | None:
    """A field that tells the object members of `v` apart: `(name, value per member)`.

    Only when every member is an object with a required string or boolean literal in that
    field, and the values all differ.
    """
    if len(v.members) < 2 or not all(isinstance(m, ir.VObject) for m in v.members):
        return None
    objects = [m for m in v.members if isinstance(m, ir.VObject)]
    for candidate in objects[0].fields:
        values: list[ir.LiteralValue] = []
        for obj in objects:
            match = [f for f in obj.fields if f.name == candidate.name and not f.optional]
            if not match or not isinstance(match[0].type, ir.VLiteral):
                break
            value = match[0].type.value
            if not isinstance(value, (str, bool)):
                break
            values.append(value)
        else:
            if len(set(values)) == len(values):
                return candidate.name, values
    return None


def member_names(v: ir.VUnion, name: str) -> list[str]:
    """Model names for the members of a union: by tag value, else by position."""
    objects = [m for m in v.members if isinstance(m, ir.VObject)]
    if len(objects) < 2:
        return [name] * len(v.members)
    tag = union_tag(v)
    if tag is not None:
        return [name + pascal_case(str(value), fallback="Variant") for value in tag[1]]
    return [name + f"Variant{i}" for i in range(len(v.members))]


def with_unset(annotation: Expr) -> Expr:
    """`annotation | Unset`, keeping `None` last (`str | Unset | None`)."""
    items = list(annotation.items) if isinstance(annotation, BinUnion) else [annotation]
    rest = [i for i in items if i != atom("None")]
    return union([*rest, atom("Unset"), *([atom("None")] if len(rest) < len(items) else [])])


def without_unset(annotation: Expr) -> Expr:
    """`annotation` without its `Unset` member (the inverse of `with_unset`)."""
    if not isinstance(annotation, BinUnion):
        return annotation
    return union([item for item in annotation.items if item != atom("Unset")])
