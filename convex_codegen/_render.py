"""Jinja2 environment over the templates folder, in a checkout or an installed wheel."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

_HERE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """`convex_codegen/templates` in a wheel; the top-level `templates/` in a checkout."""
    for candidate in (_HERE / "templates", _HERE.parent / "templates"):
        if (candidate / "module.py.jinja").is_file():
            return candidate
    raise FileNotFoundError(
        f"convex-codegen templates not found next to {_HERE}; reinstall convex-codegen"
    )


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=False,  # the output is Python source; values are escaped by _layout.py_str
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)
