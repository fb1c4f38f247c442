"""The ``Authorization`` header a client sends, kept out of reprs and messages."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any, Literal

__all__ = ["Credentials", "admin_credentials", "bearer_credentials"]

AuthKind = Literal["bearer", "admin"]


class Credentials:
    """An ``Authorization`` header value whose repr never shows the secret."""

    __slots__ = ("_header", "kind")

    def __init__(self, kind: AuthKind, header: str) -> None:
        self.kind = kind
        self._header = header

    @property
    def header(self) -> str:
        return self._header

    def __repr__(self) -> str:
        return f"Credentials(kind={self.kind!r}, header=<hidden>)"


def _require_secret(value: object, what: str, method: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{method}() expects the {what} as a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{method}() got an empty {what}; call clear_auth() to remove auth")
    if any(ch in value for ch in "\r\n"):
        # Naming the value would leak it, so only say what is wrong with it.
        raise ValueError(f"{method}() got a {what} containing a line break")
    return value


def bearer_credentials(token: str) -> Credentials:
    """``Bearer <token>``: run functions as the user identified by an OIDC/JWT token."""
    return Credentials("bearer", "Bearer " + _require_secret(token, "token", "set_auth"))


def admin_credentials(admin_key: str, acting_as: Mapping[str, Any] | None = None) -> Credentials:
    """``Convex <key>``, or ``Convex <key>:<identity>`` to act as a user.

    The identity is the user's attributes (``subject``, ``issuer``, ``name`` ...) as JSON,
    base64-encoded, the way the JavaScript client's ``setAdminAuth`` sends it.
    """
    key = _require_secret(admin_key, "admin key", "set_admin_auth")
    if acting_as is None:
        return Credentials("admin", "Convex " + key)
    if not isinstance(acting_as, Mapping):
        raise TypeError(
            "set_admin_auth() expects acting_as as a mapping of user identity attributes "
            f"such as {{'subject': ..., 'issuer': ...}}, got {type(acting_as).__name__}"
        )
    try:
        identity = json.dumps(dict(acting_as), separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"set_admin_auth(): acting_as must be JSON-serializable: {exc}") from None
    encoded = base64.standard_b64encode(identity.encode("utf-8")).decode("ascii")
    return Credentials("admin", f"Convex {key}:{encoded}")
