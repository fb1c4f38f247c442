"""Forwarding the ``console.log`` output of Convex functions to :mod:`logging`."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

__all__ = ["LOGGER_NAME", "emit_log_lines", "ensure_visible"]

#: Logger that receives one record per log line when debug mode is on.
LOGGER_NAME = "convex_runtime.logs"

logger = logging.getLogger(LOGGER_NAME)

# Convex prefixes each line with its console method, e.g. "[LOG] 'hi'" or "[ERROR] ...".
_LEVELS = {
    "[ERROR]": logging.ERROR,
    "[WARN]": logging.WARNING,
    "[DEBUG]": logging.DEBUG,
}


def ensure_visible() -> None:
    """Make the log lines show up when the application has not configured logging.

    Turning debug mode on is a request to see them, so a stderr handler is attached when
    neither this logger nor the root logger has one. Levels are lowered only on this
    logger, and only if nobody set its level.
    """
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.DEBUG)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        logger.addHandler(handler)


def emit_log_lines(function: str, lines: Iterable[object]) -> None:
    """Log each of a response's ``logLines``, naming the function that printed it."""
    for line in lines:
        text = line if isinstance(line, str) else repr(line)
        level = next(
            (lvl for prefix, lvl in _LEVELS.items() if text.startswith(prefix)), logging.INFO
        )
        logger.log(level, "[%s] %s", function, text, extra={"convex_function": function})
