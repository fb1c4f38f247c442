"""Hypothesis strategies for wire values (convex_encoded_json) that match a validator."""

from __future__ import annotations

import base64
import struct
from typing import Any

from hypothesis import strategies as st

from convex_codegen import _ir as ir

_FIELD_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def _b64(raw: bytes) -> str:
    return base64.standard_b64encode(raw).decode("ascii")


def _float_wire(value: float) -> Any:
    if (
        value != value
        or value in (float("inf"), float("-inf"))
        or (value == 0.0 and struct.pack("<d", value)[7] & 0x80)
    ):
        return {"$float": _b64(struct.pack("<d", value))}
    return value


def _literal_wire(value: ir.LiteralValue) -> Any:
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"$integer": _b64(struct.pack("<q", value))}
    return _float_wire(value)


def wire(v: ir.Validator) -> st.SearchStrategy[Any]:
    if isinstance(v, ir.VNull):
        return st.none()
    if isinstance(v, ir.VNumber):
        return st.floats(allow_nan=True, allow_infinity=True).map(_float_wire)
    if isinstance(v, ir.VBigInt):
        return st.integers(-(2**63), 2**63 - 1).map(lambda i: _literal_wire(i))
    if isinstance(v, ir.VBoolean):
        return st.booleans()
    if isinstance(v, ir.VString):
        return st.text(max_size=20)
    if isinstance(v, ir.VBytes):
        return st.binary(max_size=20).map(lambda b: {"$bytes": _b64(b)})
    if isinstance(v, ir.VAny):
        return st.one_of(
            st.none(), st.booleans(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3)
        )
    if isinstance(v, ir.VLiteral):
        return st.just(_literal_wire(v.value))
    if isinstance(v, ir.VId):
        return st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=32)
    if isinstance(v, ir.VArray):
        return st.lists(wire(v.item), max_size=4)
    if isinstance(v, ir.VRecord):
        return st.dictionaries(
            wire(v.keys).filter(lambda k: isinstance(k, str)), wire(v.values), max_size=3
        )
    if isinstance(v, ir.VObject):
        required = {f.name: wire(f.type) for f in v.fields if not f.optional}
        optional = {f.name: wire(f.type) for f in v.fields if f.optional}
        return st.fixed_dictionaries(required, optional=optional)
    if isinstance(v, ir.VUnion):
        return st.one_of(*[wire(m) for m in v.members])
    if isinstance(v, ir.VSet):
        return st.lists(wire(v.item), max_size=3, unique_by=repr).map(lambda items: {"$set": items})
    assert isinstance(v, ir.VMap)
    pairs = st.lists(
        st.tuples(wire(v.keys), wire(v.values)), max_size=3, unique_by=lambda p: repr(p[0])
    )
    return pairs.map(lambda ps: {"$map": [list(p) for p in ps]})
