"""The pieces of `docs/benchmarks.md`: sections, tables, targets, number formatting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks._harness import Stats

__all__ = ["DASH", "Section", "Target", "fmt_bytes", "fmt_ratio", "fmt_time", "spread", "table"]


DASH = "\u2013"
"""The en dash of ranges in the tables."""


@dataclass
class Target:
    """A goal from the issue, and how this run did against it."""

    goal: str
    measured: str
    met: bool | None
    """None when it could not be measured here."""
    note: str = ""


@dataclass
class Section:
    title: str
    body: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    data: dict[str, object] = field(default_factory=dict)
    """Raw numbers other parts need (the generation curve for the plot)."""

    def add(self, *lines: str) -> None:
        self.body.extend(lines)


def fmt_time(seconds: float) -> str:
    """A duration with a unit that keeps 3 significant digits."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.3g} µs"
    return f"{seconds * 1e9:.3g} ns"


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}x"


def fmt_bytes(count: float) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count:.0f} B"


def spread(stats: Stats, unit: str = "time") -> str:
    """The interquartile range, formatted like the median."""
    if unit == "time":
        return f"{fmt_time(stats.q1)} {DASH} {fmt_time(stats.q3)}"
    return f"{stats.q1:.3g} {DASH} {stats.q3:.3g}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table; the first column is left-aligned, the others right-aligned."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join([" --- "] + [" ---: "] * (len(headers) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]
