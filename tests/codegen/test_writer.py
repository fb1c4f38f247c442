"""Writing the generated package: only our files are ever replaced or removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from convex_codegen._generate import HEADER_MARKER
from convex_codegen._writer import DiffReport, WriteError, diff_package, write_package

HEADER = f"{HEADER_MARKER} 0.1.0 from spec.json. Do not edit.\n"


def gen(body: str) -> str:
    return HEADER + body


FILES = {
    "__init__.py": gen("from .messages import *\n"),
    "messages.py": gen("X = 1\n"),
    "admin/__init__.py": gen(""),
    "admin/reports.py": gen("Y = 2\n"),
}


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_fresh_write_creates_everything(tmp_path: Path) -> None:
    out = tmp_path / "pkg" / "api"
    report = write_package(out, FILES, force=False)
    assert tree(out) == FILES
    assert sorted(report.written) == sorted(FILES)
    assert report.removed == report.kept == report.unchanged == ()
    assert not [p for p in out.rglob("*") if p.name.startswith(".convex-codegen-tmp")]


def test_rewrite_changes_only_what_differs_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "api"
    write_package(out, FILES, force=False)
    cache = out / "admin" / "__pycache__"
    cache.mkdir()
    (cache / "reports.cpython-311.pyc").write_bytes(b"\0")
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "x.pyc").write_bytes(b"\0")
    new = {"__init__.py": FILES["__init__.py"], "messages.py": gen("X = 3\n")}
    report = write_package(out, new, force=False)
    assert tree(out) == new
    assert report.written == ("messages.py",)
    assert report.unchanged == ("__init__.py",)
    assert report.removed == ("admin/__init__.py", "admin/reports.py")
    assert not (out / "admin").exists()  # emptied folder (and its cache) removed
    assert (out / "__pycache__" / "x.pyc").exists()


def test_unexpected_files_stop_the_write(tmp_path: Path) -> None:
    out = tmp_path / "api"
    write_package(out, FILES, force=False)
    (out / "notes.md").write_text("mine")
    (out / "admin" / "helpers.py").write_text("# my code\n")
    with pytest.raises(WriteError) as info:
        write_package(out, {"__init__.py": gen("changed\n")}, force=False)
    assert "admin/helpers.py, notes.md" in str(info.value)
    assert "--force" in str(info.value)
    assert tree(out) == {**FILES, "notes.md": "mine", "admin/helpers.py": "# my code\n"}


def test_force_keeps_unexpected_files(tmp_path: Path) -> None:
    out = tmp_path / "api"
    write_package(out, FILES, force=False)
    (out / "admin" / "helpers.py").write_text("# my code\n")
    report = write_package(out, {"__init__.py": gen("changed\n")}, force=True)
    assert tree(out) == {"__init__.py": gen("changed\n"), "admin/helpers.py": "# my code\n"}
    assert report.kept == ("admin/helpers.py",)
    assert report.warnings == ("kept admin/helpers.py: not a generated file",)
    assert report.removed == ("admin/__init__.py", "admin/reports.py", "messages.py")


def test_a_file_without_our_header_is_never_overwritten_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "api"
    out.mkdir()
    (out / "messages.py").write_text("# hand-written\n" + HEADER)
    with pytest.raises(WriteError, match=r"messages\.py is not a generated file"):
        write_package(out, FILES, force=True)
    assert tree(out) == {"messages.py": "# hand-written\n" + HEADER}


def test_folder_in_place_of_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "api"
    (out / "messages.py").mkdir(parents=True)
    with pytest.raises(WriteError, match="is a folder"):
        write_package(out, FILES, force=True)
    assert not (out / "__init__.py").exists()


def test_out_dir_that_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "api"
    out.write_text("x")
    with pytest.raises(WriteError, match="is a file"):
        write_package(out, FILES, force=True)
    with pytest.raises(WriteError, match="is a file"):
        diff_package(out, FILES)
    assert out.read_text() == "x"


def test_symlinks_are_not_followed_or_removed(tmp_path: Path) -> None:
    out = tmp_path / "api"
    write_package(out, FILES, force=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "old.py").write_text(HEADER)
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(WriteError, match="linked"):
        write_package(out, {}, force=False)
    write_package(out, {}, force=True)
    assert (elsewhere / "old.py").exists()
    assert (out / "linked").is_symlink()


def test_failure_while_writing_leaves_old_files_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "api"
    write_package(out, FILES, force=False)
    real_open = os.open
    calls = 0

    def failing_open(path: str, flags: int, mode: int = 0o777) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", failing_open)
    new = {name: gen("NEW\n") for name in FILES}
    with pytest.raises(WriteError, match="No space left"):
        write_package(out, new, force=False)
    monkeypatch.undo()
    assert tree(out) == FILES


def test_leftover_temp_files_of_an_interrupted_run_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "api"
    write_package(out, FILES, force=False)
    (out / ".convex-codegen-tmp-0123abcd-messages.py").write_text("half")
    assert diff_package(out, FILES).up_to_date
    write_package(out, FILES, force=False)
    assert tree(out) == FILES


def test_diff(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert diff_package(out, FILES) == DiffReport(tuple(sorted(FILES)), (), ())
    write_package(out, FILES, force=False)
    assert diff_package(out, FILES).up_to_date
    (out / "mine.txt").write_text("x")
    new = {"__init__.py": gen("changed\n"), "messages.py": FILES["messages.py"], "new.py": gen("")}
    diff = diff_package(out, new)
    assert diff == DiffReport(
        added=("new.py",),
        changed=("__init__.py",),
        removed=("admin/__init__.py", "admin/reports.py"),
        unexpected=("mine.txt",),
    )
    assert not diff.up_to_date


@pytest.mark.parametrize("bad", ["/abs.py", "../up.py", "a//b.py", "", "./a.py"])
def test_paths_must_stay_inside_the_package(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="relative path"):
        write_package(tmp_path / "api", {bad: gen("")}, force=False)
    assert not (tmp_path / "api").exists()
