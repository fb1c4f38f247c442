"""Expressions of generated code, laid out the way `ruff format` lays them out.

Generated code must pass `ruff format --check` as written. Rather than format after the
fact, every bracketed expression is written flat when it fits the line and otherwise
exploded one item per line with a trailing comma, which ruff keeps as it is (the "magic
trailing comma"). A `|` union that does not fit becomes `Union[...]`, which can explode.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

LINE_LENGTH = 88


@attrs.frozen
class Atom:
    text: str


@attrs.frozen
class Sub:
    """`base[items]`; a single item cannot take a trailing comma (it would be a tuple)."""

    base: str
    items: tuple[Expr, ...]


@attrs.frozen
class Call:
    func: str
    items: tuple[Expr, ...]


@attrs.frozen
class Kw:
    name: str
    value: Expr


@attrs.frozen
class Dict:
    items: tuple[tuple[Expr, Expr], ...]


@attrs.frozen
class BinUnion:
    items: tuple[Expr, ...]


Expr = Atom | Sub | Call | Kw | Dict | BinUnion


def atom(text: str) -> Atom:
    return Atom(text)


def sub(base: str, *items: Expr) -> Sub:
    return Sub(base, items)


def call(func: str, *items: Expr) -> Call:
    return Call(func, items)


def union(items: Sequence[Expr]) -> Expr:
    unique: list[Expr] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique[0] if len(unique) == 1 else BinUnion(tuple(unique))


def flat(expr: Expr) -> str:
    if isinstance(expr, Atom):
        return expr.text
    if isinstance(expr, Sub):
        return f"{expr.base}[{', '.join(flat(i) for i in expr.items)}]"
    if isinstance(expr, Call):
        return f"{expr.func}({', '.join(flat(i) for i in expr.items)})"
    if isinstance(expr, Kw):
        return f"{expr.name}={flat(expr.value)}"
    if isinstance(expr, Dict):
        return "{" + ", ".join(f"{flat(k)}: {flat(v)}" for k, v in expr.items) + "}"
    return " | ".join(flat(i) for i in expr.items)


def layout(expr: Expr, indent: int, head: int, tail: int = 0) -> str:
    """Text of `expr` starting at column `head` on a line indented by `indent`.

    `tail` counts the characters that follow the expression on its last line.
    """
    text = flat(expr)
    if head + len(text) + tail <= LINE_LENGTH or isinstance(expr, Atom):
        return text
    if isinstance(expr, BinUnion):
        expr = Sub("Union", expr.items)
    if isinstance(expr, Kw):
        prefix = f"{expr.name}="
        return prefix + layout(expr.value, indent, head + len(prefix), tail)
    inner = indent + 4
    pad = " " * inner
    if isinstance(expr, Dict):
        lines = [
            f"{pad}{flat(k)}: {layout(v, inner, inner + len(flat(k)) + 2, 1)},"
            for k, v in expr.items
        ]
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
    assert isinstance(expr, (Sub, Call))
    opener, closer = ("[", "]") if isinstance(expr, Sub) else ("(", ")")
    start = (expr.base if isinstance(expr, Sub) else expr.func) + opener
    if isinstance(expr, Sub) and len(expr.items) == 1:
        body = pad + layout(expr.items[0], inner, inner, 0)
    else:
        body = "\n".join(pad + layout(item, inner, inner, 1) + "," for item in expr.items)
    return start + "\n" + body + "\n" + " " * indent + closer


def py_str(value: str) -> str:
    """A Python string literal for any text, safe to place in source.

    Double-quoted unless the text holds more double than single quotes: the same choice
    `ruff format` makes, so the literal is already formatted.
    """
    quote = "'" if value.count('"') > value.count("'") else '"'
    return quote + escape(value, quote) + quote


def escape(value: str, quote: str = '"') -> str:
    """`value` for inside a `quote`-quoted literal, docstring or comment: printable ASCII."""
    out = []
    for char in value:
        code = ord(char)
        if char == "\\" or char == quote:
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code == 0x0A:
            out.append("\\n")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def field(name: str, annotation: Expr, indent: int, tail: str = "") -> str:
    """A class-body annotation `name: annotation<tail>` (without the leading indent).

    An annotation that does not fit is split at its brackets or, where that cannot start on
    this line, wrapped in parentheses.
    """
    head = f"{name}: "
    text = flat(annotation)
    if indent + len(head) + len(text) + len(tail) <= LINE_LENGTH:
        return head + text + tail
    # Ruff splits the subscript when its first line fits (and always when it has a magic
    # trailing comma); otherwise it tries parentheses around the whole annotation.
    if isinstance(annotation, Atom):
        splits = False
    elif isinstance(annotation, Sub) and len(annotation.items) == 1:
        splits = indent + len(head) + len(annotation.base) + 1 <= LINE_LENGTH
    else:
        splits = True
    fits = indent + 4 + len(text) <= LINE_LENGTH and indent + len(head) + 1 <= LINE_LENGTH
    if not splits and fits:
        return f"{head}(\n{' ' * (indent + 4)}{text}\n{' ' * indent}){tail}"
    return head + layout(annotation, indent, indent + len(head), len(tail)) + tail


def _all_fit(text: str) -> bool:
    return all(len(line) <= LINE_LENGTH for line in text.split("\n"))


def statement(keyword: str, value: Expr, indent: int) -> str:
    """`return value` (or `return await value`) at `indent`, as ruff lays it out."""
    prefix = f"{keyword} "
    text = prefix + flat(value)
    if indent + len(text) <= LINE_LENGTH:
        return text
    exploded = layout(value, indent, LINE_LENGTH + 1)
    if indent + len(prefix) + len(exploded.split("\n", 1)[0]) <= LINE_LENGTH:
        return prefix + exploded
    pad = " " * (indent + 4)
    wrapped = f"{prefix}(\n{pad}{layout(value, indent + 4, indent + 4)}\n{' ' * indent})"
    if _all_fit(" " * indent + wrapped):
        return wrapped
    return prefix + exploded


def assignment(target: str, annotation: Expr | None, value: Expr) -> str:
    """`target[: annotation] = value` as ruff lays it out."""
    lhs = target if annotation is None else f"{target}: {flat(annotation)}"
    text = f"{lhs} = {flat(value)}"
    if len(text) <= LINE_LENGTH:
        return text
    exploded = layout(value, 0, LINE_LENGTH + 1)
    opener = exploded.split("\n", 1)[0]
    if len(f"{lhs} = {opener}") <= LINE_LENGTH:
        return f"{lhs} = {exploded}"
    wrapped = f"{lhs} = (\n    {layout(value, 4, 4)}\n)"
    # Ruff wraps the value of an annotated assignment whenever `= (` fits; a plain one only
    # when the wrapped value then fits too (found by comparing with ruff's own output).
    if len(f"{lhs} = (") <= LINE_LENGTH and (annotation is not None or _all_fit(wrapped)):
        return wrapped
    if annotation is None:
        return f"{lhs} = {exploded}"
    head = f"{target}: "
    split = layout(annotation, 0, len(head), len(" = ") + len(opener))
    return f"{head}{split} = {exploded}"
