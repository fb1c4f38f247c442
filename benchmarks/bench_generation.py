"""3. Generation at scale: convex-codegen against openapi-python-client.

Both tools run as child processes on the same synthetic API (`synthetic_spec`): the
Convex function spec for convex-codegen, the equivalent OpenAPI document for
openapi-python-client (with its default settings, which include its `ruff` post-hooks).
Wall time includes interpreter start-up for both; peak memory is the child's maximum
resident set size.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import synthetic_spec
from benchmarks._harness import ROOT, Measured, Stats, profile_excerpt, run_measured
from benchmarks._report import DASH, Section, Target, fmt_bytes, fmt_ratio, fmt_time, table

__all__ = ["CODEGEN", "OPENAPI", "codegen_command", "openapi_command", "run", "write_inputs"]

CODEGEN = "convex-codegen"
OPENAPI = "openapi-python-client"
PACKAGE = "synth_api"
OPENAPI_PACKAGE = "opc_api"


def write_inputs(folder: Path, functions: int) -> tuple[Path, Path]:
    """Write the spec and the OpenAPI document for `functions` functions into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = synthetic_spec.make_spec(functions)
    spec_path = folder / f"spec-{functions}.json"
    openapi_path = folder / f"openapi-{functions}.json"
    spec_path.write_text(json.dumps(spec))
    openapi_path.write_text(json.dumps(synthetic_spec.make_openapi(spec)))
    return spec_path, openapi_path


def codegen_command(spec: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "convex_codegen",
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
    ]


def openapi_command(document: Path, out: Path) -> list[str]:
    script = Path(sys.executable).parent / OPENAPI
    executable = str(script) if script.exists() else (shutil.which(OPENAPI) or OPENAPI)
    options = ["--output-path", str(out), "--meta", "none"]
    return [executable, "generate", "--path", str(document), *options]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*.py") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _generate(tool: str, spec: Path, document: Path, out: Path, timeout: float) -> Measured:
    if out.exists():
        shutil.rmtree(out)
    command = codegen_command(spec, out) if tool == CODEGEN else openapi_command(document, out)
    result = run_measured(command, cwd=out.parent, env=_env(), timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{tool} failed on {spec.name}:\n{result.output[-2000:]}")
    return result


def _profile_generation(functions: int) -> tuple[str, float]:
    """cProfile excerpt of `generate` in-process, and the share of `_imports` in it."""
    import cProfile
    import pstats

    from convex_codegen._generate import generate
    from convex_codegen._spec import load_spec

    spec = load_spec(json.dumps(synthetic_spec.make_spec(functions)))
    excerpt = profile_excerpt(lambda: generate(spec, PACKAGE, "spec.json"), repeat=1, top=8)
    profiler = cProfile.Profile()
    profiler.runcall(generate, spec, PACKAGE, "spec.json")
    stats = pstats.Stats(profiler)
    entries: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    total = max((ct for _, _, _, ct, _ in entries.values()), default=1.0)
    imports = sum(ct for (_, _, name), (_, _, _, ct, _) in entries.items() if name == "_imports")
    return excerpt, imports / total


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) over log(functions): 1.0 is linear growth."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def run(workdir: Path, quick: bool = False, openapi_cap_s: float = 240.0) -> Section:
    """Run the generation benchmark; leaves the 1,000-function packages in `workdir/pkgs`.

    openapi-python-client runs once at 5,000 functions (it takes over a minute), and
    at most `openapi_cap_s` seconds; past that its point is left out and said so.
    """
    section = Section("3. Generation at scale")
    sizes = [10, 100] if quick else [10, 100, 1000, 5000]
    runs = {10: 5, 100: 5, 1000: 5, 5000: 3}
    openapi_runs = {10: 5, 100: 5, 1000: 3, 5000: 1}
    if quick:
        runs = {10: 2, 100: 2}
        openapi_runs = {10: 2, 100: 2}
    rows: list[list[str]] = []
    curve: dict[str, list[tuple[int, float]]] = {CODEGEN: [], OPENAPI: []}
    skipped: list[str] = []
    medians: dict[tuple[str, int], float] = {}
    for functions in sizes:
        spec, document = write_inputs(workdir / "inputs", functions)
        out_root = workdir / "gen" / str(functions)
        out_root.mkdir(parents=True, exist_ok=True)
        outs = {CODEGEN: out_root / PACKAGE, OPENAPI: out_root / OPENAPI_PACKAGE}
        samples: dict[str, list[Measured]] = {CODEGEN: [], OPENAPI: []}
        for index in range(max(runs[functions], openapi_runs[functions])):
            order = [CODEGEN, OPENAPI] if index % 2 == 0 else [OPENAPI, CODEGEN]
            for tool in order:
                wanted = runs[functions] if tool == CODEGEN else openapi_runs[functions]
                if len(samples[tool]) >= wanted:
                    continue
                try:
                    samples[tool].append(
                        _generate(tool, spec, document, outs[tool], timeout=openapi_cap_s)
                    )
                except subprocess.TimeoutExpired:
                    skipped.append(
                        f"{tool} at {functions:,} functions (over {openapi_cap_s:.0f} s)"
                    )
                    samples[tool] = []
                    if tool == CODEGEN:
                        raise
                    openapi_runs[functions] = 0
        base = Stats(tuple(m.seconds for m in samples[CODEGEN])).median
        for tool in (CODEGEN, OPENAPI):
            if not samples[tool]:
                continue
            wall = Stats(tuple(m.seconds for m in samples[tool]))
            rss = Stats(tuple(float(m.max_rss_kib) for m in samples[tool]))
            files, size = _size(outs[tool])
            medians[(tool, functions)] = wall.median
            curve[tool].append((functions, wall.median))
            rows.append(
                [
                    f"{functions:,}",
                    tool,
                    str(wall.n),
                    fmt_time(wall.median),
                    f"{fmt_time(min(wall.values))} {DASH} {fmt_time(max(wall.values))}",
                    fmt_ratio(wall.median / base),
                    fmt_bytes(rss.median * 1024),
                    f"{files:,}",
                    fmt_bytes(size),
                    f"{wall.median / functions * 1e3:.2f} ms",
                ]
            )
        if functions == 1000 or (quick and functions == sizes[-1]):
            keep = workdir / "pkgs"
            keep.mkdir(parents=True, exist_ok=True)
            for tool, name in ((CODEGEN, PACKAGE), (OPENAPI, OPENAPI_PACKAGE)):
                if outs[tool].exists():
                    shutil.rmtree(keep / name, ignore_errors=True)
                    shutil.copytree(outs[tool], keep / name)
            section.data["package_functions"] = functions
        shutil.rmtree(out_root, ignore_errors=True)

    runs_note = (
        ""
        if quick
        else " Fewer runs at the large sizes keep the whole benchmark near ten minutes: "
        f"openapi-python-client runs {openapi_runs[1000]} times at 1,000 functions and "
        f"{openapi_runs[5000]} time at 5,000 (about a minute each)."
    )
    section.add(
        "Wall time of the command (a child process, interpreter start-up included), "
        "median over n runs with the two tools alternating; spread is min to max. "
        "Peak memory is the child's maximum RSS. Output counts the `.py` files written. "
        "openapi-python-client runs with its defaults (`--meta none`), which include its "
        "`ruff check --fix` and `ruff format` post-hooks." + runs_note,
        "",
        *table(
            [
                "functions",
                "tool",
                "n",
                "median",
                f"min {DASH} max",
                "vs convex-codegen",
                "peak RSS",
                "files",
                "output",
                "per function",
            ],
            rows,
        ),
    )
    if skipped:
        section.add("Left out (too slow for this run): " + "; ".join(skipped) + ".", "")
    section.data["curve"] = curve

    if (CODEGEN, 1000) in medians and (OPENAPI, 1000) in medians:
        speedup = medians[(OPENAPI, 1000)] / medians[(CODEGEN, 1000)]
        note = ""
        if speedup < 10.0:
            profile, share = _profile_generation(1000)
            section.data["profile"] = profile
            section.data["profile_title"] = (
                "Profile excerpt for generating 1,000 functions in-process (cProfile, "
                "`convex_codegen._generate.generate`, top functions by own time):"
            )
            note = (
                f"`_imports` in `convex_codegen/_generate.py` takes {share:.0%} of the "
                "profiled in-process generation time: for each name it may import, it runs "
                "`re.search` with a look-behind over the whole module text. What would close "
                "it: collect the identifiers of the module text once (one `re.findall`, "
                "then set membership) instead of one search per name; the rest of the time "
                "is interpreter start-up and the layout engine."
            )
        section.targets.append(
            Target(
                "Generating 1,000 functions at least 10x faster than openapi-python-client",
                f"{speedup:.1f}x faster ({fmt_time(medians[(CODEGEN, 1000)])} vs "
                f"{fmt_time(medians[(OPENAPI, 1000)])})",
                speedup >= 10.0,
                note=note,
            )
        )
    # Start-up dominates below 1,000 functions, so the slope is taken above it.
    points = [(n, t) for n, t in curve[CODEGEN] if n >= (100 if quick else 1000)]
    if len(points) >= 2:
        slope = _slope(points)
        section.targets.append(
            Target(
                "convex-codegen generation time grows linearly with the number of functions",
                f"log-log slope {slope:.2f} over {points[0][0]:,} to {points[-1][0]:,} functions "
                "(1.00 = linear)",
                slope <= 1.10,
            )
        )
    return section
