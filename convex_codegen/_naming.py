"""Python names for Convex names: snake_case for members, PascalCase for classes.

The rules are fixed here (not read from the running interpreter) so that the same spec
gives the same names on every Python version.
"""

from __future__ import annotations

import keyword
import re

# Lower-case builtins of Python 3.10-3.13; a name that would shadow one gets a trailing `_`.
BUILTINS = frozenset(
    [
        "abs",
        "aiter",
        "all",
        "anext",
        "any",
        "ascii",
        "bin",
        "bool",
        "breakpoint",
        "bytearray",
        "bytes",
        "callable",
        "chr",
        "classmethod",
        "compile",
        "complex",
        "copyright",
        "credits",
        "delattr",
        "dict",
        "dir",
        "divmod",
        "enumerate",
        "eval",
        "exec",
        "exit",
        "filter",
        "float",
        "format",
        "frozenset",
        "getattr",
        "globals",
        "hasattr",
        "hash",
        "help",
        "hex",
        "id",
        "input",
        "int",
        "isinstance",
        "issubclass",
        "iter",
        "len",
        "license",
        "list",
        "locals",
        "map",
        "max",
        "memoryview",
        "min",
        "next",
        "object",
        "oct",
        "open",
        "ord",
        "pow",
        "print",
        "property",
        "quit",
        "range",
        "repr",
        "reversed",
        "round",
        "set",
        "setattr",
        "slice",
        "sorted",
        "staticmethod",
        "str",
        "sum",
        "super",
        "tuple",
        "type",
        "vars",
        "zip",
    ]
)
KEYWORDS = frozenset(keyword.kwlist) | {"match", "case", "type", "_"}
# Names generated code itself uses in the scopes where member names land.
RESERVED = frozenset({"self", "cls", "attrs", "annotations"})

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")


def _words(name: str) -> list[str]:
    spaced = _WORD_BOUNDARY.sub("_", name)
    return [w.lower() for w in _NOT_WORD.sub("_", spaced).split("_") if w]


def snake_case(name: str, *, fallback: str = "field") -> str:
    """`_creationTime` -> `creation_time`, `_id` -> `id_`, `class` -> `class_`."""
    words = _words(name)
    result = "_".join(words) or fallback
    if result[0].isdigit():
        result = f"{fallback}_{result}"
    if result in KEYWORDS or result in BUILTINS or result in RESERVED:
        result += "_"
    return result


def pascal_case(name: str, *, fallback: str = "Field") -> str:
    """`list_paginated` / `listPaginated` -> `ListPaginated`; digits first get a prefix."""
    result = "".join(w[:1].upper() + w[1:] for w in _words(name)) or fallback
    if result[0].isdigit():
        result = f"{fallback}{result}"
    return result


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
