"""`convex-codegen generate --url` against the local backend: the system queries for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from convex_codegen._cli import main
from tests.backend.bridge import ROOT, Backend

COMMITTED = ROOT / "examples" / "chat" / "chat_api"


def _without_header(text: str) -> str:
    # The header names the source (a URL here, the spec file there); the rest must agree.
    return text.split("\n", 1)[1]


def test_generate_from_the_deployment_matches_generating_from_its_spec(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVEX_DEPLOY_KEY", backend.admin_key)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", "--url", backend.url, "--out", "chat_api"])
    assert result.exit_code == 0, result.output
    assert "35 functions" in result.output

    generated = {
        p.relative_to(tmp_path / "chat_api") for p in (tmp_path / "chat_api").rglob("*.py")
    }
    committed = {p.relative_to(COMMITTED) for p in COMMITTED.rglob("*.py")}
    assert generated == committed
    for rel in sorted(committed - {Path("__init__.py")}):
        ours = (tmp_path / "chat_api" / rel).read_text()
        assert _without_header(ours) == _without_header((COMMITTED / rel).read_text()), rel
    # The root docstring names the deployment it came from.
    assert backend.url in (tmp_path / "chat_api" / "__init__.py").read_text()


def test_generate_from_the_deployment_with_a_wrong_key(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVEX_DEPLOY_KEY", "dev:e2e-bridge|not-the-key")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", "--url", backend.url, "--out", "chat_api"])
    assert result.exit_code == 1
    assert "CONVEX_DEPLOY_KEY" in result.output
    assert "not-the-key" not in result.output
    assert not (tmp_path / "chat_api").exists()
