"""4. Import and type-check cost of the generated 1,000-function packages.

Imports run in a fresh interpreter each time, which times its own statements with
`perf_counter` (interpreter start-up is left out, it is the same for all); warm means
the `.pyc` files exist, as after installation, cold means a fresh
`PYTHONPYCACHEPREFIX`, so every module is compiled. The type-check runs
`mypy --strict` with a fresh cache folder on a small user file calling 20 functions.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import synthetic_spec
from benchmarks._harness import ROOT, Stats, run_measured
from benchmarks._report import DASH, Section, Target, fmt_ratio, fmt_time, table
from benchmarks.bench_generation import OPENAPI_PACKAGE, PACKAGE

__all__ = ["run"]

_URL = "http://127.0.0.1:9"


def _snippets(ours_call: str, opc_module: str) -> dict[str, str]:
    """Program name -> statements whose time is measured in a fresh interpreter."""
    return {
        "bare `import convex_runtime`": "import convex_runtime",
        "convex-codegen: `import` only": f"import {PACKAGE}",
        "convex-codegen: import + `Api(client)`": (
            f"import {PACKAGE}; from convex_runtime import ConvexClient; "
            f"api = {PACKAGE}.Api(ConvexClient({_URL!r}))"
        ),
        "convex-codegen: … + one function ready": (
            f"import {PACKAGE}; from convex_runtime import ConvexClient; "
            f"api = {PACKAGE}.Api(ConvexClient({_URL!r})); f = api.{ours_call}"
        ),
        "openapi-python-client: import + `Client()`": (
            f"import {OPENAPI_PACKAGE}; c = {OPENAPI_PACKAGE}.Client(base_url={_URL!r})"
        ),
        "openapi-python-client: … + one endpoint ready": (
            f"import {OPENAPI_PACKAGE}; c = {OPENAPI_PACKAGE}.Client(base_url={_URL!r}); "
            f"import {opc_module}"
        ),
    }


def _time_snippet(code: str, pkgs: Path, cold: bool) -> float:
    program = (
        "import time as _t\n_s = _t.perf_counter()\n"
        + code
        + "\nprint(repr(_t.perf_counter() - _s))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(pkgs), str(ROOT)])
    with tempfile.TemporaryDirectory() as cache:
        if cold:
            env["PYTHONPYCACHEPREFIX"] = cache
        else:
            env.pop("PYTHONPYCACHEPREFIX", None)
        result = run_measured([sys.executable, "-c", program], cwd=pkgs, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"import benchmark failed: {code}\n{result.output[-2000:]}")
    return float(result.output.strip().splitlines()[-1])


# --- the user files for the type check ---------------------------------------------------


def _our_methods(pkgs: Path) -> dict[str, tuple[str, str, list[tuple[str, str, bool]]]]:
    """Spec identifier -> (attribute chain from Api, method, [(param, wire, optional)])."""
    sys.path.insert(0, str(pkgs))
    try:
        root = importlib.import_module(PACKAGE)
        found: dict[str, tuple[str, str, list[tuple[str, str, bool]]]] = {}
        for path in sorted((pkgs / PACKAGE).rglob("*.py")):
            relative = path.relative_to(pkgs).with_suffix("").parts
            if relative[-1] == "__init__":
                relative = relative[:-1]
            module = importlib.import_module(".".join(relative))
            chain = ".".join(relative[1:])
            functions = {
                value.path: value
                for value in vars(module).values()
                if type(value).__name__ == "Function" and hasattr(value, "path")
            }
            for cls in vars(module).values():
                if not (inspect.isclass(cls) and cls.__module__ == module.__name__):
                    continue
                name = cls.__name__
                if not name.endswith("Api") or name.startswith("Async"):
                    continue
                if name.endswith("InternalApi") or cls is getattr(root, "Api", None):
                    continue
                for method_name, method in vars(cls).items():
                    match = re.search(r"`([^`]+\.js:[^`]+)`", method.__doc__ or "")
                    if not match or method_name.startswith("iter_"):
                        continue
                    identifier = match.group(1)
                    function = functions[identifier.replace(".js:", ":")]
                    fields = [(f.name, f.wire, f.optional) for f in function.args._fields]
                    found[identifier] = (chain, method_name, fields)
        return found
    finally:
        sys.path.remove(str(pkgs))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _opc_endpoints(pkgs: Path) -> dict[str, tuple[str, str]]:
    """Route -> (endpoint module, body class) in the openapi-python-client package."""
    found: dict[str, tuple[str, str]] = {}
    for path in (pkgs / OPENAPI_PACKAGE / "api").rglob("*.py"):
        text = path.read_text()
        route = re.search(r'"url": "([^"]+)"', text)
        body = re.search(r"def sync\(\s*\*,\s*client: [^,]+,\s*body: (\w+),", text)
        if route and body:
            module = ".".join(path.relative_to(pkgs).with_suffix("").parts)
            found[route.group(1)] = (module, body.group(1))
    return found


def user_files(pkgs: Path, spec: dict[str, Any], count: int = 20) -> tuple[str, str, str, str]:
    """The two user files calling `count` functions, and one call path for each package."""
    sampled = synthetic_spec.sample_functions(spec, count)
    methods = _our_methods(pkgs)
    endpoints = _opc_endpoints(pkgs)
    ours = [
        "from convex_runtime import ConvexClient, Id",
        f"from {PACKAGE} import Api",
        "",
        f"api = Api(ConvexClient({_URL!r}))",
        "",
        "",
        "def main() -> None:",
    ]
    theirs_imports = {f"from {OPENAPI_PACKAGE} import Client"}
    theirs = [f"    client = Client(base_url={_URL!r})"]
    for fn in sampled:
        chain, method, fields = methods[fn["identifier"]]
        validators = fn["args"]["value"]
        kwargs = ", ".join(
            f"{name}={synthetic_spec.python_expr(validators[wire]['fieldType'])}"
            for name, wire, optional in fields
            if not optional
        )
        ours.append(f"    api.{chain}.{method}({kwargs})")
        module, name = fn["identifier"].split(":")
        route = "/api/run/" + module.removesuffix(".js") + "/" + name
        endpoint, body = endpoints[route]
        package, leaf = endpoint.rsplit(".", 1)
        theirs_imports.add(f"from {package} import {leaf}")
        theirs_imports.add(f"from {OPENAPI_PACKAGE}.models import {body}")
        args = repr(synthetic_spec.wire_value(fn["args"]))
        theirs.append(f"    {leaf}.sync(client=client, body={body}.from_dict({args}))")
    first = sampled[0]
    chain, method, _ = methods[first["identifier"]]
    module, name = first["identifier"].split(":")
    opc_module = endpoints["/api/run/" + module.removesuffix(".js") + "/" + name][0]
    theirs_text = "\n".join([*sorted(theirs_imports), "", "", "def main() -> None:", *theirs])
    return "\n".join(ours) + "\n", theirs_text + "\n", f"{chain}.{method}", opc_module


def importtime(code: str, pkgs: Path) -> dict[str, int]:
    """Cumulative import time (µs) of each module imported by `code` (`-X importtime`)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(pkgs), str(ROOT)])
    result = run_measured([sys.executable, "-X", "importtime", "-c", code], cwd=pkgs, env=env)
    out: dict[str, int] = {}
    for line in result.output.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, module = line[len("import time:") :].split("|")
        out[module.strip()] = int(cumulative)
    return out


def _top(times: dict[str, int], top: int = 10) -> str:
    rows = sorted(times.items(), key=lambda item: -item[1])[:top]
    width = max((len(str(c)) for _, c in rows), default=1)
    return "\n".join(f"{c:>{width}}  {module}" for module, c in rows)


def _mypy_summary(output: str, user_file: str) -> str:
    """mypy's last line, saying whether the errors are in the user file or the package."""
    lines = output.strip().splitlines()
    errors = [line for line in lines if ": error:" in line]
    if not errors:
        return lines[-1] if lines else ""
    in_user = sum(1 for line in errors if line.startswith(user_file))
    places = sorted({line.split(":", 1)[0].rsplit("/pkgs/", 1)[-1] for line in errors})
    return (
        f"{len(errors)} errors, {in_user} in the user file; in: "
        + ", ".join(places[:3])
        + (" …" if len(places) > 3 else "")
    )


def _mypy(file: Path, pkgs: Path) -> tuple[float, int, str]:
    env = dict(os.environ)
    env["MYPYPATH"] = os.pathsep.join([str(pkgs), str(ROOT)])
    with tempfile.TemporaryDirectory() as cache:
        result = run_measured(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache, str(file.name)],
            cwd=file.parent,
            env=env,
        )
    return result.seconds, result.returncode, result.output


def run(workdir: Path, quick: bool = False) -> Section:
    """Needs the packages `bench_generation.run` left in `workdir/pkgs`."""
    section = Section("4. Import and type-check cost")
    pkgs = workdir / "pkgs"
    functions = 100 if quick else 1000
    spec = synthetic_spec.make_spec(functions)
    ours_file, theirs_file, ours_call, opc_module = user_files(pkgs, spec)
    users = workdir / "users"
    users.mkdir(parents=True, exist_ok=True)
    (users / "use_convex_codegen.py").write_text(ours_file)
    (users / "use_openapi_client.py").write_text(theirs_file)
    (users / "use_runtime_only.py").write_text(
        f"from convex_runtime import ConvexClient\n\nclient = ConvexClient({_URL!r})\n"
    )

    snippets = _snippets(ours_call, opc_module)
    for code in snippets.values():
        _time_snippet(code, pkgs, cold=False)  # writes the .pyc files for the warm runs
    warm_rounds, cold_rounds = (3, 2) if quick else (9, 3)
    warm: dict[str, list[float]] = {name: [] for name in snippets}
    cold: dict[str, list[float]] = {name: [] for name in snippets}
    names = list(snippets)
    for index in range(warm_rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            warm[name].append(_time_snippet(snippets[name], pkgs, cold=False))
            if index < cold_rounds:
                cold[name].append(_time_snippet(snippets[name], pkgs, cold=True))
    warm_stats = {n: Stats(tuple(v)) for n, v in warm.items()}
    cold_stats = {n: Stats(tuple(v)) for n, v in cold.items()}
    ours_ready = "convex-codegen: import + `Api(client)`"
    ours_one = "convex-codegen: … + one function ready"
    theirs_ready = "openapi-python-client: … + one endpoint ready"
    base = warm_stats[ours_ready].median
    section.add(
        f"Packages generated from the {functions:,}-function spec of point 3. Time of the "
        f"statements in a fresh interpreter: warm median of {warm_rounds} runs (IQR), cold "
        f"(no `.pyc`) median of {cold_rounds}; programs interleaved. *One function ready* "
        f"also resolves `api.{ours_call}` (imports that module); *one endpoint ready* "
        f"imports `{opc_module}`, which imports the package's `models`, and with it "
        "every model.",
        "",
        *table(
            ["program", "warm median", "IQR", "vs convex-codegen import + Api", "cold median"],
            [
                [
                    name,
                    fmt_time(s.median),
                    f"{fmt_time(s.q1)} {DASH} {fmt_time(s.q3)}",
                    fmt_ratio(s.median / base),
                    fmt_time(cold_stats[name].median),
                ]
                for name, s in warm_stats.items()
            ],
        ),
    )
    speedup = warm_stats[theirs_ready].median / base
    note = profile = ""
    if speedup < 20.0:
        import_times = importtime(snippets[ours_ready], pkgs)
        profile = _top(import_times)
        httpx_us, package_us = import_times.get("httpx", 0), import_times.get(PACKAGE, 1)
        import_only = warm_stats["convex-codegen: `import` only"].median
        building = max(base - import_only, 0.0)
        note = (
            f"Of the {fmt_time(base)}, building the client takes {fmt_time(building)}: "
            "`ConvexClient(url)` creates its `httpx.Client` at once (a transport, an SSL "
            "context loading the CA bundle, and the modules they import), while "
            "openapi-python-client's `Client()` creates its httpx client on the first "
            "request. The import itself "
            f"({fmt_time(import_only)}) is mostly httpx: in the profile below `import "
            f"{PACKAGE}` takes {package_us / 1e3:.0f} ms, of which `httpx` takes "
            f"{httpx_us / 1e3:.0f} ms (httpx imports its command-line module, and with it "
            "`rich` and `click` when they are installed, as openapi-python-client installs "
            "them); the generated package's own part is small. What would close it: create "
            "the httpx client on the first call instead of in `ConvexClient.__init__` "
            f"(the import alone is already {warm_stats[theirs_ready].median / import_only:.0f}x "
            "faster than the openapi-python-client package), and import httpx lazily in "
            "`convex_runtime`."
        )
    like_for_like = warm_stats[theirs_ready].median / warm_stats[ours_one].median
    section.targets.append(
        Target(
            f"Importing the {functions:,}-function package and building `Api(client)` at "
            "least 20x faster than importing the openapi-python-client package",
            f"{speedup:.1f}x faster ({fmt_time(base)} vs "
            f"{fmt_time(warm_stats[theirs_ready].median)}, warm); {like_for_like:.1f}x when "
            "both have one function ready to call",
            speedup >= 20.0,
            note=note,
        )
    )
    if profile:
        section.data["importtime"] = profile

    mypy_rounds = 2 if quick else 3
    files = {
        "convex_runtime only (baseline)": users / "use_runtime_only.py",
        "convex-codegen package, 20 calls": users / "use_convex_codegen.py",
        "openapi-python-client package, 20 calls": users / "use_openapi_client.py",
    }
    times: dict[str, list[float]] = {name: [] for name in files}
    status: dict[str, tuple[int, str]] = {}
    for index in range(mypy_rounds):
        order = list(files)[index % 3 :] + list(files)[: index % 3]
        for name in order:
            seconds, exit_code, output = _mypy(files[name], pkgs)
            times[name].append(seconds)
            status[name] = (exit_code, _mypy_summary(output, files[name].name))
    mypy_stats = {n: Stats(tuple(v)) for n, v in times.items()}
    ours_mypy = mypy_stats["convex-codegen package, 20 calls"].median
    section.add(
        f"**Cold `mypy --strict` of a user file calling 20 functions** (fresh cache folder "
        f"each run, median of {mypy_rounds}, programs interleaved; mypy "
        "also checks the parts of the package the file reaches)",
        "",
        *table(
            ["user file", "median", f"min {DASH} max", "vs convex-codegen", "mypy says"],
            [
                [
                    name,
                    fmt_time(s.median),
                    f"{fmt_time(min(s.values))} {DASH} {fmt_time(max(s.values))}",
                    fmt_ratio(s.median / ours_mypy),
                    status[name][1].replace("|", "\\|"),
                ]
                for name, s in mypy_stats.items()
            ],
        ),
        "The user files are written by `benchmarks/bench_imports.py` (`user_files`).",
        "",
    )
    section.data["mypy_ok"] = all(c == 0 for c, _ in status.values())
    return section
