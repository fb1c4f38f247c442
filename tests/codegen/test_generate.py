"""Generator properties that the golden packages alone do not pin down."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convex_codegen._generate import GenerationError, generate
from convex_codegen._spec import parse_spec

ROOT = Path(__file__).resolve().parents[2]


def _fn(identifier: str, args: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    fields = {
        name: {"fieldType": validator, "optional": False}
        for name, validator in (args or {}).items()
    }
    return {
        "identifier": identifier,
        "functionType": extra.get("kind", "Query"),
        "visibility": {"kind": extra.get("visibility", "public")},
        "args": {"type": "object", "value": fields},
        "returns": extra.get("returns", {"type": "null"}),
    }


def _files(functions: list[dict[str, Any]]) -> dict[str, str]:
    return generate(parse_spec({"url": None, "functions": functions}), "app_api", "spec.json").files


def _class_names(text: str) -> list[str]:
    return [n.name for n in ast.parse(text).body if isinstance(n, ast.ClassDef)]


OBJ = {
    "type": "object",
    "value": {"a": {"fieldType": {"type": "string"}, "optional": False}},
}

PAGE = {
    "type": "object",
    "value": {
        "page": {"fieldType": {"type": "array", "value": OBJ}, "optional": False},
        "isDone": {"fieldType": {"type": "boolean"}, "optional": False},
        "continueCursor": {"fieldType": {"type": "string"}, "optional": False},
    },
}


def test_model_names_do_not_depend_on_other_functions() -> None:
    alone = _files([_fn("messages.js:send", {"meta": OBJ}, returns=OBJ)])
    crowded = _files(
        [
            _fn("messages.js:archive", {"meta": OBJ}, returns=OBJ),
            _fn("messages.js:send", {"meta": OBJ}, returns=OBJ),
            _fn("other.js:send", {"meta": OBJ}, returns=OBJ),
        ]
    )
    send_models = [n for n in _class_names(alone["messages.py"]) if n.startswith("Send")]
    assert send_models == ["SendArgsMeta", "SendArgsMetaDict", "SendResult"]
    assert set(send_models) <= set(_class_names(crowded["messages.py"]))


@pytest.mark.parametrize(
    ("functions", "names"),
    [
        ([_fn("a.js:getItem"), _fn("a.js:get_item")], ["a.js:getItem", "a.js:get_item"]),
        (
            [_fn("a.js:x", {"userId": {"type": "string"}, "user_id": {"type": "number"}})],
            ["a.js:x"],
        ),
        ([_fn("my_mod.js:f"), _fn("myMod.js:g")], ["my_mod.js:f", "myMod.js:g"]),
        ([_fn("a.js:reports"), _fn("a/reports.js:daily")], ["a.js:reports", "a/reports.js:daily"]),
        (
            [_fn("a.js:list", {"paginationOpts": OBJ}, returns=PAGE), _fn("a.js:iterList")],
            ["a.js:iterList"],
        ),
    ],
    ids=["functions", "arguments", "modules", "module-vs-function", "iterator"],
)
def test_colliding_python_names_fail_and_name_both(
    functions: list[dict[str, Any]], names: list[str]
) -> None:
    with pytest.raises(GenerationError) as raised:
        _files(functions)
    message = str(raised.value)
    for name in names:
        assert name in message


def test_importing_the_package_imports_no_module_of_the_app(tmp_path: Path) -> None:
    files = _files([_fn("messages.js:send", {"meta": OBJ}), _fn("admin/reports.js:daily")])
    for rel, text in files.items():
        path = tmp_path / "app_api" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    script = (
        "import sys, app_api\n"
        "from convex_runtime import ConvexClient\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('app_api.'))\n"
        "api = app_api.Api(ConvexClient('http://127.0.0.1:1'))\n"
        "api.messages\n"
        "after = sorted(m for m in sys.modules if m.startswith('app_api.'))\n"
        "print(loaded, after)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert result.stdout.strip() == "[] ['app_api.messages']", result.stderr


_ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=_ANY_TEXT, literal=_ANY_TEXT, url=_ANY_TEXT, route=_ANY_TEXT)
def test_strings_from_the_spec_cannot_inject_code(
    field: str, literal: str, url: str, route: str
) -> None:
    validator = {"type": "literal", "value": literal}
    spec = {
        "url": url,
        "functions": [
            _fn("evil.js:f", {field: validator}, returns=validator),
            {"functionType": "HttpAction", "method": "GET", "path": route},
        ],
    }
    try:
        files = generate(parse_spec(json.loads(json.dumps(spec))), "app_api", url).files
    except GenerationError:
        return  # a name that cannot be used is refused, which is also safe
    for text in files.values():
        tree = ast.parse(text)  # still valid Python
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert not any(
            isinstance(c.func, ast.Name) and c.func.id in {"eval", "exec"} for c in calls
        )
        assert all(
            isinstance(node, (ast.ImportFrom, ast.Import, ast.Expr, ast.ClassDef, ast.If))
            or (
                isinstance(node, (ast.Assign, ast.AnnAssign))
                and all(isinstance(t, ast.Name) for t in getattr(node, "targets", [node.target]))
            )
            for node in tree.body
        )
    evil = ast.parse(files["evil.py"])
    strings = {n.value for n in ast.walk(evil) if isinstance(n, ast.Constant)}
    assert literal in strings
    assert field in strings
    first_line = files["__init__.py"].splitlines()[0]
    assert first_line.startswith("# Generated by convex-codegen") and "\n" not in first_line


@pytest.mark.timeout(600)
def test_templates_ship_in_the_wheel_and_are_found_there(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    (wheel,) = tmp_path.glob("convex_codegen-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-t", str(target), str(wheel)],
        check=True,
    )
    assert (target / "convex_codegen" / "templates" / "module.py.jinja").is_file()
    spec = ROOT / "tests" / "golden" / "specs" / "basic.json"
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "convex_codegen", "generate", "--spec", str(spec), "--out", "pkg"],
        cwd=work,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (work / "pkg" / "messages.py").is_file()
    probe = "import convex_codegen._render as r; print(r.templates_dir())"
    where = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=work,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target)},
    )
    assert where.stdout.strip() == str(target / "convex_codegen" / "templates")
