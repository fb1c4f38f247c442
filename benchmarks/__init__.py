"""Benchmarks of convex-codegen and convex_runtime against their peers.

Run them with ``python -m benchmarks`` (see ``benchmarks/__main__.py``); they write
``docs/benchmarks.md`` and ``docs/benchmarks_generation.png``. The peers compared
against are listed in ``benchmarks/requirements.txt`` and imported only where they are
timed, so these modules import with the project's own dependencies.
"""
