"""Put a generated package on disk without ever destroying something we did not write.

A file belongs to us when its first line starts with `HEADER_MARKER`. Only such files
are replaced or removed. Anything else in the output folder stops the write (unless
forced, and then it is kept as it is). Every new file is first written in full to a
temporary file next to its target, and only then moved over it with `os.replace`, so a
crash can leave old and new files side by side but never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import attrs

from convex_codegen._generate import HEADER_MARKER

__all__ = ["DiffReport", "WriteError", "WriteReport", "diff_package", "write_package"]

_CACHE_DIR = "__pycache__"
_TEMP_PREFIX = ".convex-codegen-tmp-"


class WriteError(Exception):
    """The package cannot be written; nothing was changed on disk when this is raised
    before the first file is moved into place (always, except for OS failures)."""


@attrs.frozen
class WriteReport:
    """What `write_package` did; all paths are relative POSIX paths in the package."""

    written: tuple[str, ...]
    """New or changed files."""
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    """Generated files that are no longer part of the package."""
    kept: tuple[str, ...]
    """Files we did not generate, left in place (only with `force=True`)."""

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"kept {path}: not a generated file" for path in self.kept)


@attrs.frozen
class DiffReport:
    """How the package on disk differs from freshly generated files."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unexpected: tuple[str, ...] = ()
    """Files we did not generate; `write_package` refuses to run next to them unless forced."""

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed)


@attrs.frozen
class _Scan:
    generated: dict[str, Path]
    unexpected: dict[str, Path]
    dirs: frozenset[str]
    leftovers: tuple[Path, ...]
    """Temporary files of an interrupted earlier run."""


def _is_generated(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            first_line = file.readline(4096)
    except OSError:
        return False
    return first_line.startswith(HEADER_MARKER.encode())


def _scan(out_dir: Path) -> _Scan:
    generated: dict[str, Path] = {}
    unexpected: dict[str, Path] = {}
    dirs: set[str] = set()
    leftovers: list[Path] = []
    if not out_dir.exists():
        return _Scan(generated, unexpected, frozenset(), ())
    for root, dir_names, file_names in os.walk(out_dir):
        dir_names[:] = sorted(d for d in dir_names if d != _CACHE_DIR)
        base = Path(root)
        for name in list(dir_names):
            # Never walk into (or later delete through) a symlinked folder.
            if (base / name).is_symlink():
                dir_names.remove(name)
                file_names.append(name)
            else:
                dirs.add((base / name).relative_to(out_dir).as_posix())
        for name in sorted(file_names):
            path = base / name
            relative = path.relative_to(out_dir).as_posix()
            if name.startswith(_TEMP_PREFIX) and not path.is_symlink() and path.is_file():
                leftovers.append(path)
            elif not path.is_symlink() and path.is_file() and _is_generated(path):
                generated[relative] = path
            else:
                unexpected[relative] = path
    return _Scan(generated, unexpected, frozenset(dirs), tuple(leftovers))


def _check_paths(files: Mapping[str, str]) -> None:
    for relative in files:
        pure = PurePosixPath(relative)
        if (
            not relative
            or pure.is_absolute()
            or any(part in ("", ".", "..") for part in relative.split("/"))
        ):
            raise ValueError(f"not a relative path inside the package: {relative!r}")
    for relative in files:
        for parent in PurePosixPath(relative).parents:
            if str(parent) in files:
                raise ValueError(f"{parent} is both a file and a folder")


def _conflicts(out_dir: Path, files: Mapping[str, str], scan: _Scan) -> list[str]:
    """Paths we would have to overwrite or turn into a folder but that are not ours."""
    problems: list[str] = []
    for relative in files:
        if relative in scan.unexpected:
            problems.append(f"{relative} is not a generated file and would be overwritten")
        elif relative in scan.dirs:
            problems.append(f"{relative} is a folder but should be a generated file")
        for parent in PurePosixPath(relative).parents:
            name = str(parent)
            if name != "." and (name in scan.unexpected or name in scan.generated):
                problems.append(f"{name} is a file but should be a folder")
    return sorted(set(problems))


def diff_package(out_dir: Path, files: Mapping[str, str]) -> DiffReport:
    """Compare `files` (relative POSIX path -> text) with the package in `out_dir`."""
    _check_paths(files)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir} is a file, not a folder")
    scan = _scan(out_dir)
    added: list[str] = []
    changed: list[str] = []
    for relative, text in sorted(files.items()):
        path = scan.generated.get(relative)
        if path is None:
            added.append(relative)
        elif path.read_bytes() != text.encode("utf-8"):
            changed.append(relative)
    removed = sorted(set(scan.generated) - set(files))
    unexpected = sorted(set(scan.unexpected) - set(files))
    return DiffReport(tuple(added), tuple(changed), tuple(removed), tuple(unexpected))


def write_package(out_dir: Path, files: Mapping[str, str], *, force: bool) -> WriteReport:
    """Make `out_dir` hold exactly `files` (relative POSIX path -> text), plus kept files.

    Raises `WriteError`, before touching anything, when `out_dir` is a file, when files we
    did not generate are in the way (always, if a new file would overwrite one) or are
    merely present (unless `force`).
    """
    _check_paths(files)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir} is a file, not a folder; choose another --out")
    try:
        encoded = {relative: text.encode("utf-8") for relative, text in files.items()}
    except UnicodeEncodeError as exc:
        raise WriteError(f"generated text cannot be written as UTF-8: {exc}") from None
    scan = _scan(out_dir)
    conflicts = _conflicts(out_dir, files, scan)
    if conflicts:
        raise WriteError(
            f"cannot write {out_dir}: " + "; ".join(conflicts) + "; move these files away"
        )
    kept = sorted(scan.unexpected)
    if kept and not force:
        listed = ", ".join(kept[:10]) + (f" and {len(kept) - 10} more" if len(kept) > 10 else "")
        raise WriteError(
            f"{out_dir} holds files that convex-codegen did not generate: {listed}; "
            "move them away, choose another --out, or pass --force to keep them in place"
        )

    to_write: dict[str, bytes] = {}
    unchanged: list[str] = []
    for relative, data in sorted(encoded.items()):
        existing = scan.generated.get(relative)
        if existing is not None and existing.read_bytes() == data:
            unchanged.append(relative)
        else:
            to_write[relative] = data
    stale = sorted(set(scan.generated) - set(files))

    temps = _write_temps(out_dir, to_write)
    try:
        for relative, temp in temps.items():
            os.replace(temp, out_dir / relative)
        for relative in stale:
            scan.generated[relative].unlink()
        for leftover in scan.leftovers:
            leftover.unlink(missing_ok=True)
    except OSError as exc:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise WriteError(f"writing {out_dir} failed part-way: {exc}") from exc
    in_use = {str(p) for relative in files for p in PurePosixPath(relative).parents}
    _remove_empty_dirs(out_dir, stale, keep=in_use)
    return WriteReport(tuple(to_write), tuple(unchanged), tuple(stale), tuple(kept))


def _write_temps(out_dir: Path, to_write: Mapping[str, bytes]) -> dict[str, Path]:
    """Write every file to a temporary name next to its target; undo all of it on failure."""
    temps: dict[str, Path] = {}
    created_dirs: list[Path] = []
    try:
        for relative, data in to_write.items():
            target = out_dir / relative
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                created_dirs.append(folder)
            temp = target.with_name(f"{_TEMP_PREFIX}{secrets.token_hex(4)}-{target.name}")
            # O_EXCL: never follow or clobber something that appeared under the temp name.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            temps[relative] = temp
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
    except OSError as exc:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        for folder in reversed(created_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise WriteError(f"cannot write {out_dir}: {exc}") from exc
    return temps


def _remove_empty_dirs(out_dir: Path, stale: list[str], keep: set[str]) -> None:
    """Remove folders emptied by removing `stale` files (their caches do not count)."""
    candidates: set[str] = set()
    for relative in stale:
        candidates.update(str(p) for p in PurePosixPath(relative).parents if str(p) != ".")
    for relative in sorted(candidates, key=lambda p: p.count("/"), reverse=True):
        if relative in keep:
            continue
        folder = out_dir / relative
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        if all(e.name == _CACHE_DIR and e.is_dir() and not e.is_symlink() for e in entries):
            for cache in entries:
                for item in cache.iterdir():
                    if item.is_file() or item.is_symlink():
                        item.unlink()
                try:
                    cache.rmdir()
                except OSError:
                    break
            with contextlib.suppress(OSError):
                folder.rmdir()
