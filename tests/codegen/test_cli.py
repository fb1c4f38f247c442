"""The command line, end to end through click's CliRunner: every exit path."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from convex_codegen import _cli, _fetch
from convex_codegen._cli import main
from convex_codegen._generate import HEADER_MARKER, GeneratedPackage, GenerationError, generate
from convex_codegen._ir import Problem, Spec
from convex_codegen._spec import load_spec
from convex_runtime import __version__

SPEC_TEXT = (Path(__file__).parents[1] / "golden" / "specs" / "cli_output.json").read_text()
KEY = "prod:happy-animal-123|secretsecretsecret"
URL = "https://happy-animal-123.convex.cloud"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as cwd; `.git` keeps the config search inside it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "spec.json").write_text(SPEC_TEXT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONVEX_DEPLOY_KEY", raising=False)
    return tmp_path


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Spec, str, str]]:
    """Record what the CLI passes to `generate`."""
    calls: list[tuple[Spec, str, str]] = []

    def recording(spec: Spec, package_name: str, source: str) -> GeneratedPackage:
        calls.append((spec, package_name, source))
        return generate(spec, package_name, source)

    monkeypatch.setattr(_cli, "generate", recording)
    return calls


# -- generate: sources -------------------------------------------------------------------


def test_generate_from_file(project: Path, captured: list[tuple[Spec, str, str]]) -> None:
    result = run("generate", "--spec", "spec.json", "--out", "src/my_api")
    assert result.exit_code == 0, result.output
    summary = generate(load_spec(SPEC_TEXT), "my_api", "spec.json").summary
    assert "2 functions" in str(summary)
    assert "1 HTTP actions skipped" in str(summary)
    assert result.stdout == f"Generated src/my_api from spec.json: {summary}\n"
    assert result.stderr == ""
    files = tree(project / "src" / "my_api")
    assert files
    assert all(text.startswith(HEADER_MARKER) for text in files.values())
    ((spec, package, source),) = captured
    assert (package, source) == ("my_api", "spec.json")
    assert [f.identifier for f in spec.functions] == ["messages.js:list", "messages.js:send"]


def test_generate_from_stdin(project: Path, captured: list[tuple[Spec, str, str]]) -> None:
    result = run("generate", "--spec", "-", "--out", "api", input=SPEC_TEXT)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Generated api from <stdin>: ")
    assert captured[0][2] == "<stdin>"
    assert (project / "api" / "__init__.py").exists()


def test_generate_from_utf16_file_with_bom(project: Path) -> None:
    (project / "spec16.json").write_bytes(SPEC_TEXT.encode("utf-16"))
    result = run("generate", "--spec", "spec16.json", "--out", "api")
    assert result.exit_code == 0, result.output


def test_generate_from_config_only(
    project: Path, monkeypatch: pytest.MonkeyPatch, captured: list[tuple[Spec, str, str]]
) -> None:
    (project / "convex").mkdir()
    (project / "convex" / "spec.json").write_text(SPEC_TEXT)
    (project / "pyproject.toml").write_text(
        '[tool.convex-codegen]\nspec = "convex/spec.json"\nout = "gen/convex_api"\n'
    )
    sub = project / "somewhere" / "below"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)  # paths stay relative to the pyproject's folder
    result = run("generate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Generated gen/convex_api from convex/spec.json: ")
    assert (project / "gen" / "convex_api" / "__init__.py").exists()
    assert captured[0][1:] == ("convex_api", "convex/spec.json")


def test_cli_options_override_config(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.convex-codegen]\nurl = "https://x.convex.cloud"\nout = "cfg_out"\n'
    )
    result = run("generate", "--spec", "spec.json", "--out", "cli_out")
    assert result.exit_code == 0, result.output
    assert (project / "cli_out").is_dir()
    assert not (project / "cfg_out").exists()


class FakeDeployment:
    """An httpx MockTransport standing in for a Convex deployment."""

    def __init__(self, respond: Callable[[str], httpx.Response] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.respond = respond

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = json.loads(request.content)
        if self.respond is not None:
            return self.respond(body["path"])
        assert request.url.path == "/api/query"
        if request.headers.get("authorization") != f"Convex {KEY}":
            return httpx.Response(403, json={"code": "BadDeployKey", "message": "bad"})
        if body["path"] == _fetch.API_SPEC:
            value: Any = json.loads(SPEC_TEXT)["functions"]
        else:
            value = "https://canonical.example.com"
        return httpx.Response(200, json={"status": "success", "value": value})


@pytest.fixture
def deployment(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeployment]:
    fake = FakeDeployment()
    client = httpx.Client(transport=httpx.MockTransport(fake))
    monkeypatch.setattr(_fetch, "_default_http_client", lambda: client)
    monkeypatch.setattr(_fetch, "_RETRY", None)
    yield fake
    client.close()


def test_generate_from_url(
    project: Path, deployment: FakeDeployment, captured: list[tuple[Spec, str, str]]
) -> None:
    result = run("generate", "--url", URL, "--out", "api", env={"CONVEX_DEPLOY_KEY": KEY})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Generated api from {URL}: 1 modules, 2 functions")
    ((spec, _, source),) = captured
    assert source == URL
    assert spec.url == "https://canonical.example.com"
    assert [json.loads(r.content)["path"] for r in deployment.requests] == [
        "_system/cli/modules:apiSpec",
        "_system/cli/convexUrl:cloudUrl",
    ]
    assert KEY not in result.output


def test_url_without_canonical_url_uses_the_given_one(
    project: Path, deployment: FakeDeployment, captured: list[tuple[Spec, str, str]]
) -> None:
    def respond(path: str) -> httpx.Response:
        if path == _fetch.API_SPEC:
            return httpx.Response(200, json={"status": "success", "value": []})
        return httpx.Response(200, json={"status": "error", "errorMessage": "no such function"})

    deployment.respond = respond
    result = run("generate", "--url", URL, "--out", "api", env={"CONVEX_DEPLOY_KEY": KEY})
    assert result.exit_code == 0, result.output
    assert captured[0][0].url == URL


def test_url_without_deploy_key(project: Path, deployment: FakeDeployment) -> None:
    result = run("generate", "--url", URL, "--out", "api")
    assert result.exit_code == 2
    assert "set the CONVEX_DEPLOY_KEY environment variable" in result.stderr
    assert deployment.requests == []


def test_url_with_wrong_key(project: Path, deployment: FakeDeployment) -> None:
    wrong = "prod:happy-animal-123|wrongwrongwrong"
    result = run("generate", "--url", URL, "--out", "api", env={"CONVEX_DEPLOY_KEY": wrong})
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "HTTP 403 BadDeployKey" in result.stderr
    assert "check CONVEX_DEPLOY_KEY" in result.stderr
    assert "wrongwrong" not in result.output
    assert not (project / "api").exists()


@pytest.mark.parametrize(
    ("respond", "expected"),
    [
        (None, "cannot reach https://happy-animal-123.convex.cloud"),
        (
            lambda path: httpx.Response(200, text="<html>hello</html>"),
            "does not answer like a Convex deployment (HTTP 200); check --url",
        ),
        (
            lambda path: httpx.Response(404, json={"code": "NotFound", "message": "x"}),
            "HTTP 404 NotFound: not a Convex deployment",
        ),
        (
            lambda path: httpx.Response(
                200, json={"status": "error", "errorMessage": "Server Error\nUncaught"}
            ),
            "the deployment failed to list its functions",
        ),
    ],
)
def test_url_failures(
    project: Path,
    deployment: FakeDeployment,
    respond: Callable[[str], httpx.Response] | None,
    expected: str,
) -> None:
    def unreachable(path: str) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused")

    deployment.respond = respond or unreachable
    result = run("generate", "--url", URL, "--out", "api", env={"CONVEX_DEPLOY_KEY": KEY})
    assert result.exit_code == 1
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert KEY not in result.output


def test_invalid_url(project: Path) -> None:
    result = run("generate", "--url", "ftp://x", "--out", "api", env={"CONVEX_DEPLOY_KEY": KEY})
    assert result.exit_code == 1
    assert "check --url" in result.stderr


# -- usage errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--spec", "spec.json", "--url", URL, "--out", "api"], "either --spec or --url"),
        (["--out", "api"], "nothing to generate from"),
        (["--spec", "spec.json"], "missing --out DIR"),
        (["--spec", "spec.json", "--out", "gen/my-api"], "try --out gen/my_api"),
        (["--spec", "spec.json", "--out", "class"], "try --out class_"),
        (["--spec", "spec.json", "--out", "2fast"], "try --out _2fast"),
        (["--spec", "spec.json", "--out", "convex_runtime"], "hide the module"),
    ],
)
def test_usage_errors(project: Path, args: list[str], expected: str) -> None:
    result = run("generate", *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Usage:" in result.stderr


def test_config_with_both_sources(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.convex-codegen]\nspec = "spec.json"\nurl = "https://x.convex.cloud"\n'
    )
    result = run("generate", "--out", "api")
    assert result.exit_code == 2
    assert "both `spec` and `url`" in result.stderr
    assert run("generate", "--spec", "spec.json", "--out", "api").exit_code == 0


def test_config_errors(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.convex-codegen]\nforce = "yes"\n')
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    assert "force must be true or false" in result.stderr
    assert "pyproject.toml" in result.stderr


# -- bad input -------------------------------------------------------------------------


def test_missing_spec_file(project: Path) -> None:
    result = run("generate", "--spec", "nope.json", "--out", "api")
    assert result.exit_code == 1
    assert (
        result.stderr == "error: cannot read the spec file nope.json: No such file or directory\n"
    )


def test_not_json(project: Path) -> None:
    result = run("generate", "--spec", "-", "--out", "api", input='{"functions": [\n}')
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: <stdin> is not a usable function spec:",
        "error: <input>: not valid JSON: Expecting value at line 2, column 1; "
        "expected the output of `npx convex function-spec`",
    ]
    assert not (project / "api").exists()


def test_wrong_shapes_list_every_problem_with_function_and_path(project: Path) -> None:
    data = json.loads(SPEC_TEXT)
    data["functions"][0]["returns"]["value"]["value"]["_id"]["fieldType"]["tableName"] = 7
    data["functions"][1]["args"]["value"]["author"]["fieldType"] = {"type": "set"}
    data["functions"].append({"identifier": 'evil.js:x"\nerror: fake', "functionType": "Query"})
    (project / "spec.json").write_text(json.dumps(data))
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: spec.json is not a usable function spec:"
    assert lines[1] == (
        "error: messages.js:list (functions[0].returns.value.value._id.fieldType.tableName): "
        "expected a table name (letters, digits and '_', not starting with a digit), got a number"
    )
    assert lines[2] == (
        "error: messages.js:send (functions[1].args.value.author.fieldType.value): "
        "missing; expected a validator"
    )
    # The newline in the hostile identifier is escaped: it cannot forge a line of its own.
    assert [line[:47] for line in lines[3:]] == [
        'error: evil.js:x"\\nerror: fake (functions[3].identifier)'[:47]
    ] * 2
    assert not (project / "api").exists()


def test_unknown_validator_kind_warns_and_succeeds(project: Path) -> None:
    data = json.loads(SPEC_TEXT)
    data["functions"][1]["returns"] = {"type": "vector", "dimensions": 3}
    (project / "spec.json").write_text(json.dumps(data))
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        'warning: messages.js:send (functions[1].returns.type): unknown validator kind "vector"; '
        "treating it as any (a newer Convex version? please report it)\n"
    )
    assert result.stdout.startswith("Generated api from spec.json")


# -- the output folder -------------------------------------------------------------------


def test_unexpected_file_stops_generation_and_force_keeps_it(project: Path) -> None:
    assert run("generate", "--spec", "spec.json", "--out", "api").exit_code == 0
    before = tree(project / "api")
    (project / "api" / "mine.py").write_text("# mine\n")
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    assert "did not generate: mine.py" in result.stderr
    assert "--force" in result.stderr
    assert tree(project / "api") == {**before, "mine.py": "# mine\n"}

    result = run("generate", "--spec", "spec.json", "--out", "api", "--force")
    assert result.exit_code == 0, result.output
    assert "warning: kept mine.py: not a generated file" in result.stderr
    assert (project / "api" / "mine.py").read_text() == "# mine\n"


def test_force_from_config(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.convex-codegen]\nforce = true\n")
    (project / "api").mkdir()
    (project / "api" / "mine.py").write_text("# mine\n")
    assert run("generate", "--spec", "spec.json", "--out", "api").exit_code == 0
    assert run("generate", "--spec", "spec.json", "--out", "api", "--no-force").exit_code == 1
    assert (project / "api" / "mine.py").exists()


def test_stale_generated_file_is_removed(project: Path) -> None:
    assert run("generate", "--spec", "spec.json", "--out", "api").exit_code == 0
    stale = project / "api" / "old_module.py"
    stale.write_text(f"{HEADER_MARKER} 0.0.1 from spec.json. Do not edit.\n")
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 0, result.output
    assert not stale.exists()


def test_previous_output_intact_when_generation_fails(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("generate", "--spec", "spec.json", "--out", "api").exit_code == 0
    before = tree(project / "api")

    def failing(spec: Spec, package_name: str, source: str) -> GeneratedPackage:
        raise GenerationError(
            [
                Problem("functions[0]", "collides with functions[1]", "a.js:x"),
                Problem("functions[1]", "collides with functions[0]", "a.js:X"),
            ]
        )

    monkeypatch.setattr(_cli, "generate", failing)
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: cannot generate the package:",
        "error: a.js:x (functions[0]): collides with functions[1]",
        "error: a.js:X (functions[1]): collides with functions[0]",
    ]
    assert tree(project / "api") == before


def test_out_is_a_file(project: Path) -> None:
    (project / "api").write_text("x")
    result = run("generate", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    assert "api is a file, not a folder" in result.stderr


# -- check -----------------------------------------------------------------------------


def test_check_up_to_date_and_stale(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("check", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    assert "error: api is out of date with spec.json" in result.stderr

    assert run("generate", "--spec", "spec.json", "--out", "api").exit_code == 0
    result = run("check", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 0, result.output
    assert result.stdout == "api is up to date\n"

    def changed(spec: Spec, package_name: str, source: str) -> GeneratedPackage:
        package = generate(spec, package_name, source)
        files = dict(package.files)
        files["__init__.py"] += "# more\n"
        files["extra.py"] = files.pop(removed)
        return GeneratedPackage(files, package.summary)

    before = tree(project / "api")
    removed = max(before)  # any generated file other than __init__.py
    assert removed != "__init__.py"
    monkeypatch.setattr(_cli, "generate", changed)
    result = run("check", "--spec", "spec.json", "--out", "api")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: api is out of date with spec.json",
        "error: added: extra.py",
        "error: changed: __init__.py",
        f"error: removed: {removed}",
        "error: run: convex-codegen generate --spec spec.json --out api",
    ]
    assert tree(project / "api") == before  # check never writes


def test_check_from_config_suggests_bare_generate(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.convex-codegen]\nspec = "spec.json"\nout = "api"\n'
    )
    result = run("check")
    assert result.exit_code == 1
    assert "error: run: convex-codegen generate\n" in result.stderr


def test_check_bad_spec(project: Path) -> None:
    result = run("check", "--spec", "-", "--out", "api", input="[1]")
    assert result.exit_code == 1
    assert "expected a function object, got a number" in result.stderr


# -- typecheck, version, python -m -------------------------------------------------------


def test_typecheck_passes(project: Path) -> None:
    result = run("generate", "--spec", "spec.json", "--out", "api", "--typecheck")
    assert result.exit_code == 0, result.output


def test_typecheck_failure_prints_mypy_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(spec: Spec, package_name: str, source: str) -> GeneratedPackage:
        package = generate(spec, package_name, source)
        files = dict(package.files)
        files["__init__.py"] += 'x: int = "not an int"\n'
        return GeneratedPackage(files, package.summary)

    monkeypatch.setattr(_cli, "generate", broken)
    result = run("generate", "--spec", "spec.json", "--out", "api", "--typecheck")
    assert result.exit_code == 1
    assert "Incompatible types in assignment" in result.stderr
    assert "does not pass `mypy --strict`" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"convex-codegen, version {__version__}\n"


def test_python_dash_m(project: Path) -> None:
    root = Path(_cli.__file__).resolve().parent.parent
    completed = subprocess.run(
        [sys.executable, "-m", "convex_codegen", "generate", "--spec", "spec.json", "--out", "x"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Generated x from spec.json")


def test_fetch_spec_with_an_injected_http_client() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        value: Any = [] if b"apiSpec" in request.content else None
        return httpx.Response(200, json={"status": "success", "value": value})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        spec = _fetch.fetch_spec(URL + "/", KEY, http_client=client)
        assert not client.is_closed  # the caller's client stays usable
    assert spec == {"url": URL, "functions": []}  # cloudUrl null: the given URL
    assert [r.headers["authorization"] for r in seen] == [f"Convex {KEY}"] * 2
    assert [json.loads(r.content)["format"] for r in seen] == ["convex_encoded_json"] * 2
