"""Settings from [tool.convex-codegen] in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from convex_codegen._config import Config, ConfigError, find_pyproject, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_settings_resolved_against_the_pyproject_folder(tmp_path: Path) -> None:
    file = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.convex-codegen]\n'
        'spec = "convex/spec.json"\nout = "src/api"\nforce = true\ntypecheck = false\n',
    )
    below = tmp_path / "src" / "deep"
    below.mkdir(parents=True)
    config = load_config(below)
    assert config == Config(
        file=file,
        spec=tmp_path / "convex/spec.json",
        spec_text="convex/spec.json",
        url=None,
        out=tmp_path / "src/api",
        out_text="src/api",
        force=True,
        typecheck=False,
    )


def test_url_setting(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.convex-codegen]\nurl = "https://a.convex.cloud"\n')
    assert load_config(tmp_path).url == "https://a.convex.cloud"


def test_no_file_or_no_section_is_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert load_config(tmp_path) == Config()
    file = write(tmp_path / "pyproject.toml", "[tool.other]\nx = 1\n")
    assert load_config(tmp_path) == Config(file=file)


def test_nearest_pyproject_wins_and_search_stops_at_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.convex-codegen]\nout = "outer"\n')
    inner = tmp_path / "inner"
    write(inner / "pyproject.toml", '[tool.convex-codegen]\nout = "x"\n')
    (inner / "a").mkdir()
    assert load_config(inner / "a").out_text == "x"
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_pyproject(repo) is None
    assert find_pyproject(tmp_path / "inner") == inner / "pyproject.toml"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('spec = "a"\nouts = "b"\n', "unknown key(s) in [tool.convex-codegen]: outs"),
        ("force = 1\n", "force must be true or false"),
        ('typecheck = "yes"\n', "typecheck must be true or false"),
        ("spec = 3\n", "spec must be a string"),
        ('url = ""\n', "url must not be empty"),
    ],
)
def test_wrong_keys_and_types_name_the_key_and_file(
    tmp_path: Path, body: str, expected: str
) -> None:
    file = write(tmp_path / "pyproject.toml", "[tool.convex-codegen]\n" + body)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert expected in str(info.value)
    assert str(file) in str(info.value)


def test_section_must_be_a_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool]\nconvex-codegen = "x"\n')
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(tmp_path)


def test_invalid_toml(tmp_path: Path) -> None:
    file = write(tmp_path / "pyproject.toml", "[tool.convex-codegen\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert f"{file} is not valid TOML" in str(info.value)
