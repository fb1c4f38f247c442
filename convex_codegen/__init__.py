"""Build-time generator of typed Python clients for Convex deployments."""

from convex_runtime._version import __version__

__all__ = ["__version__"]
