"""Settings from `[tool.convex-codegen]` in the nearest `pyproject.toml`.

Command-line options override these; paths are relative to the folder holding the
`pyproject.toml`, so the same settings work from any sub-folder of the project.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, before it joined the standard library
    import tomli as tomllib

from pathlib import Path
from typing import Any

import attrs

__all__ = ["SECTION", "Config", "ConfigError", "find_pyproject", "load_config"]

SECTION = "tool.convex-codegen"
_KEYS: dict[str, type] = {"spec": str, "url": str, "out": str, "force": bool, "typecheck": bool}


class ConfigError(Exception):
    """The configuration cannot be read or holds a wrong key or value."""


@attrs.frozen
class Config:
    """Settings found in a `pyproject.toml`; `None` means "not set"."""

    file: Path | None = None
    """The `pyproject.toml` the settings come from (`None`: no file found)."""
    spec: Path | None = None
    """Resolved against the pyproject's folder."""
    spec_text: str | None = None
    """The spec path as written in the file, for messages and generated headers."""
    url: str | None = None
    out: Path | None = None
    out_text: str | None = None
    force: bool | None = None
    typecheck: bool | None = None


def find_pyproject(start: Path) -> Path | None:
    """The nearest `pyproject.toml` in `start` or above, stopping at a repository root."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        # A repository root is the edge of the project: a pyproject.toml above it
        # belongs to something else.
        if (folder / ".git").exists() or (folder / ".hg").exists():
            return None
    return None


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{file} is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from None


def load_config(start: Path | None = None) -> Config:
    """Read `[tool.convex-codegen]` from the nearest `pyproject.toml` above `start` (cwd).

    Returns an empty `Config` when there is no file or no such table. Raises
    `ConfigError` for unreadable files, unknown keys and values of the wrong type.
    """
    folder = (start or Path.cwd()).absolute()
    file = find_pyproject(folder)
    if file is None:
        return Config()
    data = _read_toml(file)
    table: object = data.get("tool", {})
    table = table.get("convex-codegen") if isinstance(table, dict) else None
    if table is None:
        return Config(file=file)
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: [{SECTION}] must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"{file}: unknown key(s) in [{SECTION}]: {', '.join(unknown)}; "
            f"expected some of {', '.join(_KEYS)}"
        )
    for key, expected in _KEYS.items():
        if key in table and not isinstance(table[key], expected):
            kind = "a string" if expected is str else "true or false"
            raise ConfigError(f"{file}: [{SECTION}] {key} must be {kind}")
    for key in ("spec", "url", "out"):
        if table.get(key) == "":
            raise ConfigError(f"{file}: [{SECTION}] {key} must not be empty")
    base = file.parent
    spec_text: str | None = table.get("spec")
    out_text: str | None = table.get("out")
    return Config(
        file=file,
        spec=base / spec_text if spec_text is not None else None,
        spec_text=spec_text,
        url=table.get("url"),
        out=base / out_text if out_text is not None else None,
        out_text=out_text,
        force=table.get("force"),
        typecheck=table.get("typecheck"),
    )
