"""Measuring: interleaved runs, robust statistics, child processes, the machine.

Shared machines are noisy, so every comparison here runs the compared programs in
alternation (one sample of each per round, in a shuffled order) within one process,
and reports medians, with the interquartile range as the spread, and ratios between
medians (or paired samples) of the same run.
"""

from __future__ import annotations

import cProfile
import gc
import io
import os
import platform
import pstats
import random
import signal
import statistics
import subprocess
import sysconfig
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = [
    "ROOT",
    "Measured",
    "Stats",
    "interleave",
    "machine",
    "paired_ratio",
    "per_op",
    "profile_excerpt",
    "run_measured",
    "versions",
]

ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
"""GNU time, for the peak memory of child processes (Debian package `time`)."""


@dataclass(frozen=True)
class Stats:
    """Summary of repeated measurements of one quantity."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def q1(self) -> float:
        return self._quantiles()[0]

    @property
    def q3(self) -> float:
        return self._quantiles()[2]

    def _quantiles(self) -> list[float]:
        if len(self.values) < 2:
            v = self.values[0]
            return [v, v, v]
        return statistics.quantiles(self.values, n=4, method="inclusive")

    @property
    def n(self) -> int:
        return len(self.values)


def interleave(
    programs: Mapping[str, Callable[[], float]], rounds: int, warmup: int = 1
) -> dict[str, Stats]:
    """Run each program once per round, in a shuffled order; each call returns one sample.

    The order is shuffled (with a fixed seed) rather than rotated so that no program
    keeps following the same neighbour, whose after-effects (closed sockets, a full
    cache) would otherwise always land on it. `warmup` rounds are run first and thrown
    away (imports, caches, connections).
    """
    names = list(programs)
    samples: dict[str, list[float]] = {name: [] for name in names}
    order = random.Random(len(names) * 1000 + rounds)
    for round_index in range(warmup + rounds):
        shuffled = names[:]
        order.shuffle(shuffled)
        for name in shuffled:
            gc.collect()
            value = programs[name]()
            if round_index >= warmup:
                samples[name].append(value)
    return {name: Stats(tuple(values)) for name, values in samples.items()}


def paired_ratio(a: Stats, b: Stats) -> Stats:
    """Ratios of the samples of `a` to those of `b` from the same rounds of `interleave`.

    Their median cancels slow drifts of the machine that a ratio of medians keeps.
    """
    return Stats(tuple(x / y for x, y in zip(a.values, b.values, strict=True)))


def per_op(function: Callable[[], object], number: int) -> Callable[[], float]:
    """A program for `interleave`: seconds per call of `function`, over `number` calls."""

    def run() -> float:
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(number):
                function()
            return (time.perf_counter() - start) / number
        finally:
            if gc_was_enabled:
                gc.enable()

    return run


@dataclass(frozen=True)
class Measured:
    """One run of a child process."""

    seconds: float
    max_rss_kib: int
    returncode: int
    output: str


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Measured:
    """Run `command`, returning its wall time and peak resident memory.

    Linux carries a process's peak RSS over `fork` and `exec`, so a child forked from
    this (large) process would report at least our own size. GNU time, a tiny process,
    forks the command itself and reports its peak alone; without it the `wait4` figure
    is used, an upper bound.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        wrapped = list(command)
        if GNU_TIME is not None:
            wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *wrapped]
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # Its own process group, so a timeout ends the command under GNU time too.
            start_new_session=True,
        )
        assert process.stdout is not None
        try:
            # The pipe is read to the end first, so a chatty child never blocks on it.
            output = _read_until(process, timeout, start)
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            process.stdout.close()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        max_rss = int(usage.ru_maxrss)
        if GNU_TIME is not None:
            lines = rss_file.read().split()
            if lines and lines[-1].isdigit():
                max_rss = int(lines[-1])
    return Measured(seconds, max_rss, process.returncode, output)


def _read_until(process: subprocess.Popen[bytes], timeout: float | None, start: float) -> str:
    assert process.stdout is not None
    if timeout is None:
        return process.stdout.read().decode("utf-8", "replace")
    import selectors

    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise subprocess.TimeoutExpired(process.args, timeout)
            if selector.select(left):
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "CPU": _cpu_model(),
        "Cores (logical)": str(os.cpu_count()),
        "Memory": memory or "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def versions(distributions: Sequence[str]) -> dict[str, str]:
    """Installed version of each distribution, or "not installed"."""
    out: dict[str, str] = {}
    for name in distributions:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def node_version() -> str:
    try:
        result = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    return result.stdout.strip() or "unknown"


def profile_excerpt(
    function: Callable[[], object],
    repeat: int = 50,
    top: int = 8,
    sort: str = "tottime",
    only: str | None = None,
) -> str:
    """The top functions of `function` by `sort`, as cProfile prints them.

    `only` is a regular expression on the location: keep just those functions.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        function()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort)
    if only is None:
        stats.print_stats(top)
    else:
        stats.print_stats(only, top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    prefixes = [str(ROOT) + "/"] + [
        sysconfig.get_path(name) + "/" for name in ("purelib", "stdlib")
    ]

    def short(line: str) -> str:
        for prefix in prefixes:
            line = line.replace(prefix, "")
        return line.rstrip()

    return "\n".join(short(line) for line in lines[start:] if line.strip())
