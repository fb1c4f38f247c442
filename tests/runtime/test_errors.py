"""The exception tree and what each error carries."""

from __future__ import annotations

import subprocess
import sys

import pytest

import convex_runtime
from convex_runtime import (
    ConvexConnectionError,
    ConvexDeprecationWarning,
    ConvexError,
    ConvexExecutionError,
    ConvexInt64,
    ConvexProtocolError,
    ConvexRequestError,
    ConvexResultError,
    ConvexRuntimeError,
    ConvexTimeoutError,
    ConvexTransportError,
    ConvexValueError,
    Id,
)


@pytest.mark.parametrize(
    ("error", "bases"),
    [
        (ConvexError, (ConvexRuntimeError,)),
        (ConvexExecutionError, (ConvexRuntimeError,)),
        (ConvexRequestError, (ConvexRuntimeError,)),
        (ConvexTransportError, (ConvexRuntimeError,)),
        (ConvexTimeoutError, (ConvexTransportError, TimeoutError)),
        (ConvexConnectionError, (ConvexTransportError, ConnectionError)),
        (ConvexProtocolError, (ConvexRuntimeError,)),
        (ConvexValueError, (ConvexRuntimeError, ValueError)),
        (ConvexResultError, (ConvexValueError, ValueError)),
    ],
)
def test_tree(error: type[Exception], bases: tuple[type[Exception], ...]) -> None:
    for base in bases:
        assert issubclass(error, base)


def test_siblings_do_not_overlap() -> None:
    leaves = [
        ConvexError,
        ConvexExecutionError,
        ConvexRequestError,
        ConvexTransportError,
        ConvexProtocolError,
        ConvexValueError,
    ]
    for a in leaves:
        for b in leaves:
            assert issubclass(a, b) == (a is b)


def test_all_exported() -> None:
    for name in ("ConvexRuntimeError", "ConvexResultError", "ConvexDeprecationWarning"):
        assert name in convex_runtime.__all__


def test_convex_error_built_by_users() -> None:
    err = ConvexError({"code": "LIMIT", "max": ConvexInt64(3), "who": Id("users", "u1")})
    assert err.data["max"] == ConvexInt64(3)
    assert str(err) == '{"code": "LIMIT", "max": 3, "who": "u1"}'
    assert err.function is None and err.request_id is None
    assert repr(err) == (
        "ConvexError({'code': 'LIMIT', 'max': ConvexInt64(3), "
        "'who': Id(table_name='users', id='u1')})"
    )
    with pytest.raises(ConvexError, match=r"^Sold out$"):
        raise ConvexError("Sold out")


def test_convex_error_renders_any_data() -> None:
    assert str(ConvexError(None)) == "null"
    assert str(ConvexError([1.5, True])) == "[1.5, true]"
    assert str(ConvexError({"b": b"\x00"})) == """{"b": "b'\\\\x00'"}"""
    assert repr(ConvexError("x", function="a:b")) == "ConvexError('x', function='a:b')"


def test_execution_error() -> None:
    err = ConvexExecutionError("[Request ID: abc] Server Error", function="m:f")
    assert (err.message, err.function, err.request_id) == (
        "[Request ID: abc] Server Error",
        "m:f",
        "abc",
    )
    assert str(err) == "Convex function 'm:f' failed: [Request ID: abc] Server Error"


def test_request_error() -> None:
    err = ConvexRequestError(403, "BadDeployKey", "Bad key.", function="m:f")
    assert (
        str(err) == "Request to Convex function 'm:f' failed with HTTP 403 BadDeployKey: Bad key."
    )
    assert (err.status_code, err.code, err.message) == (403, "BadDeployKey", "Bad key.")


def test_protocol_error_truncates_excerpt() -> None:
    err = ConvexProtocolError("Not JSON", status_code=200, excerpt="x" * 1000, function="m:f")
    assert err.excerpt == "x" * 200 + "..."
    assert str(err).startswith("Not JSON (calling Convex function 'm:f', HTTP 200): 'xxx")
    assert len(str(err)) < 300


def test_value_error_keeps_its_constructor() -> None:
    err = ConvexValueError("bad value", "args.x")
    assert (str(err), err.path) == ("bad value (at args.x)", "args.x")
    assert str(ConvexValueError("bad")) == "bad"


def test_result_error_names_function_and_path() -> None:
    err = ConvexResultError("expected a string, got float", "value.items[0]", "messages:list")
    assert isinstance(err, ValueError)
    assert err.function == "messages:list"
    assert err.path == "value.items[0]"
    assert str(err) == (
        "Convex function 'messages:list' returned an unexpected value: "
        "expected a string, got float (at value.items[0])"
    )
    by_keyword = ConvexResultError(message="m", path="value", function="f:g")
    assert "'f:g'" in str(by_keyword)


def test_deprecation_warning_is_shown_by_default() -> None:
    code = (
        "import warnings; from convex_runtime import ConvexDeprecationWarning as W; "
        "warnings.warn('upgrade please', W)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "ConvexDeprecationWarning: upgrade please" in result.stderr
    assert issubclass(ConvexDeprecationWarning, FutureWarning)
