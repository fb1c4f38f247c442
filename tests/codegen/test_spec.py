"""The spec loader: every variant real deployments print, and every kind of wrong input."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convex_codegen._ir import (
    Field,
    Function,
    HttpRoute,
    Problem,
    VAny,
    VArray,
    VBigInt,
    VBoolean,
    VBytes,
    VId,
    VLiteral,
    VMap,
    VNull,
    VNumber,
    VObject,
    VRecord,
    VSet,
    VString,
    VUnion,
)
from convex_codegen._spec import SpecError, load_spec, parse_spec

SPECS = Path(__file__).parents[1] / "golden" / "specs"


def function(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "args": {"type": "object", "value": {}},
        "functionType": "Query",
        "identifier": "messages.js:list",
        "returns": {"type": "null"},
        "visibility": {"kind": "public"},
    }
    entry.update(overrides)
    return {key: value for key, value in entry.items() if value is not ...}


def returns_of(validator: object) -> object:
    spec = parse_spec({"url": None, "functions": [function(returns=validator)]})
    return spec.functions[0].returns


def problems(data: object) -> list[Problem]:
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    return info.value.problems


def field(validator: object, optional: bool = False) -> dict[str, object]:
    return {"fieldType": validator, "optional": optional}


def integer(value: int) -> dict[str, str]:
    return {"$integer": base64.b64encode(value.to_bytes(8, "little", signed=True)).decode()}


def float_(value: float) -> dict[str, str]:
    return {"$float": base64.b64encode(struct.pack("<d", value)).decode()}


def test_real_cli_output() -> None:
    spec = load_spec((SPECS / "cli_output.json").read_text())
    assert spec.url == "https://test-convex-url.convex.cloud"
    assert spec.warnings == ()
    assert spec.http_routes == (HttpRoute("POST", "/getMessage"),)
    listed, send = spec.functions
    assert listed == Function(
        identifier="messages.js:list",
        module="messages",
        name="list",
        kind="query",
        visibility="public",
        args=VObject(()),
        returns=VArray(
            VObject(
                (
                    Field("_creationTime", VNumber(), False),
                    Field("_id", VId("messages"), False),
                    Field("author", VString(), False),
                    Field("body", VString(), False),
                )
            )
        ),
    )
    assert send.kind == "mutation"
    assert send.path == "messages:send"
    assert send.args == VObject(
        (Field("author", VString(), False), Field("body", VString(), False))
    )
    assert send.returns == VNull()


def test_bare_list_from_api_spec_query() -> None:
    spec = parse_spec([function(), {"functionType": "HttpAction", "method": "GET", "path": "/x/*"}])
    assert spec.url is None
    assert [f.identifier for f in spec.functions] == ["messages.js:list"]
    assert spec.http_routes == (HttpRoute("GET", "/x/*"),)


@pytest.mark.parametrize("returns", [..., None, {"type": "any"}])
def test_no_returns_validator_is_any(returns: object) -> None:
    spec = parse_spec({"url": None, "functions": [function(returns=returns)]})
    assert spec.functions[0].returns == VAny()


@pytest.mark.parametrize("args", [{"type": "any"}, None, ...])
def test_unvalidated_args_are_none(args: object) -> None:
    spec = parse_spec({"url": None, "functions": [function(args=args)]})
    assert spec.functions[0].args is None


def test_missing_visibility_is_public_and_internal_is_kept() -> None:
    spec = parse_spec(
        [
            function(visibility=...),
            function(identifier="a.js:b", visibility={"kind": "internal"}, functionType="Action"),
        ]
    )
    assert [(f.visibility, f.kind) for f in spec.functions] == [
        ("public", "query"),
        ("internal", "action"),
    ]


@pytest.mark.parametrize(
    ("identifier", "module", "name"),
    [
        ("messages.js:list", "messages", "list"),
        ("messages:list", "messages", "list"),
        ("admin/reports.js:daily", "admin/reports", "daily"),
        ("foo/bar.js:default", "foo/bar", "default"),
        ("v1.2/x_y.js:_private9", "v1.2/x_y", "_private9"),
    ],
)
def test_identifier_split(identifier: str, module: str, name: str) -> None:
    (parsed,) = parse_spec([function(identifier=identifier)]).functions
    assert (parsed.identifier, parsed.module, parsed.name) == (identifier, module, name)


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("messages.js", "has no ':'"),
        (":list", "bad module path"),
        ("a//b.js:list", "bad module path"),
        ("a/../b.js:list", "bad module path"),
        ("my-module.js:list", "bad module path"),
        ("a.js:", "bad export name"),
        ("a.js:1st", "bad export name"),
        ("a.js:c-d", "bad export name"),
        ('a.js:x"\ny', "bad export name"),
    ],
)
def test_bad_identifiers(identifier: str, message: str) -> None:
    (problem,) = problems([function(identifier=identifier)])
    assert problem.location == "[0].identifier"
    assert message in problem.message
    assert problem.function == identifier
    assert "\n" not in problem.message


def test_identifier_split_at_last_colon() -> None:
    (problem,) = problems([function(identifier="a:b.js:c")])
    assert "bad module path" in problem.message  # "a:b" has a ':' in the module part


@pytest.mark.parametrize(
    ("validator", "expected"),
    [
        ({"type": "null"}, VNull()),
        ({"type": "number"}, VNumber()),
        ({"type": "bigint"}, VBigInt()),
        ({"type": "boolean"}, VBoolean()),
        ({"type": "string"}, VString()),
        ({"type": "bytes"}, VBytes()),
        ({"type": "commitTs"}, VAny()),
        ({"type": "id", "tableName": "users"}, VId("users")),
        ({"type": "array", "value": {"type": "bytes"}}, VArray(VBytes())),
        ({"type": "set", "value": {"type": "string"}}, VSet(VString())),
        (
            {"type": "map", "keys": {"type": "string"}, "values": {"type": "number"}},
            VMap(VString(), VNumber()),
        ),
        (
            {
                "type": "record",
                "keys": {"type": "id", "tableName": "users"},
                "values": field({"type": "array", "value": {"type": "number"}}),
            },
            VRecord(VId("users"), VArray(VNumber())),
        ),
        (
            {"type": "union", "value": [{"type": "string"}, {"type": "null"}]},
            VUnion((VString(), VNull())),
        ),
        (
            {
                "type": "object",
                "value": {
                    "a": field({"type": "string"}, optional=True),
                    "b": field({"type": "number"}),
                },
            },
            VObject((Field("a", VString(), True), Field("b", VNumber(), False))),
        ),
    ],
)
def test_validators(validator: object, expected: object) -> None:
    assert returns_of(validator) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "x"),
        ("", ""),
        (True, True),
        (False, False),
        (1.5, 1.5),
        (3, 3.0),
        (integer(1), 1),
        (integer(-(2**63)), -(2**63)),
        (integer(2**63 - 1), 2**63 - 1),
        (float_(2.5), 2.5),
        ({"$integer": "AQAAAAAAAAA="}, 1),
    ],
)
def test_literals(value: object, expected: object) -> None:
    literal = returns_of({"type": "literal", "value": value})
    assert literal == VLiteral(expected)  # type: ignore[arg-type]
    assert isinstance(literal, VLiteral)
    assert type(literal.value) is type(expected)


def test_negative_zero_float_literal() -> None:
    literal = returns_of({"type": "literal", "value": {"$float": "AAAAAAAAAIA="}})
    assert isinstance(literal, VLiteral)
    assert isinstance(literal.value, float)
    assert struct.pack("<d", literal.value) == struct.pack("<d", -0.0)


@pytest.mark.parametrize(
    "value",
    [
        None,
        [1],
        {"$integer": "AQ=="},
        {"$integer": "not base64!"},
        {"$integer": 1},
        {"$float": "AAAAAAAA"},
        float_(float("nan")),
        float_(float("inf")),
        {"$integer": "AQAAAAAAAAA=", "extra": 1},
        {"x": 1},
    ],
)
def test_bad_literals(value: object) -> None:
    (problem,) = problems([function(returns={"type": "literal", "value": value})])
    assert problem.location.startswith("[0].returns.value")
    assert problem.function == "messages.js:list"


def test_unknown_validator_kind_is_any_with_a_warning() -> None:
    spec = parse_spec(
        [
            function(
                args={
                    "type": "object",
                    "value": {"when": field({"type": "timestamp"}), "n": field({"type": "number"})},
                }
            )
        ]
    )
    assert spec.functions[0].args == VObject(
        (Field("when", VAny(), False), Field("n", VNumber(), False))
    )
    (warning,) = spec.warnings
    assert warning.location == "[0].args.value.when.fieldType.type"
    assert warning.function == "messages.js:list"
    assert '"timestamp"' in warning.message


def test_problems_are_all_collected_with_paths_and_functions() -> None:
    data = {
        "url": "https://x.convex.cloud",
        "functions": [
            function(),
            function(
                identifier="posts.js:add",
                functionType="Mutation",
                args={
                    "type": "object",
                    "value": {
                        "author": field({"type": "id", "tableName": "bad-table"}),
                        "n m": {"fieldType": {"type": "string"}, "optional": "yes"},
                    },
                },
                returns={"type": "union", "value": {"type": "string"}},
            ),
            function(identifier="posts.js:x", functionType="Subscription"),
            function(identifier="posts.js:y", visibility={"kind": "secret"}),
            "not a function",
        ],
    }
    found = [(p.function, p.location) for p in problems(data)]
    assert found == [
        ("posts.js:add", "functions[1].args.value.author.fieldType.tableName"),
        ("posts.js:add", 'functions[1].args.value["n m"].optional'),
        ("posts.js:add", "functions[1].returns.value"),
        ("posts.js:x", "functions[2].functionType"),
        ("posts.js:y", "functions[3].visibility.kind"),
        (None, "functions[4]"),
    ]


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        ("text", "<input>", "expected an object"),
        ({"url": None}, "functions", "missing"),
        ({"url": None, "functions": {}}, "functions", "expected a list"),
        ({"url": 5, "functions": []}, "url", "expected a string or null"),
        ([function(args={"type": "string"})], "[0].args.type", "args must be"),
        ([function(args={"type": "array", "value": 1})], "[0].args.type", "args must be"),
        ([function(args=[])], "[0].args", "expected a validator object"),
        ([function(returns={"type": 3})], "[0].returns.type", "validator kind"),
        ([function(returns={"value": 3})], "[0].returns.type", "validator kind"),
        ([function(returns={"type": "array"})], "[0].returns.value", "missing"),
        ([function(returns={"type": "id"})], "[0].returns.tableName", "table name"),
        ([function(returns={"type": "id", "tableName": ""})], "[0].returns.tableName", ""),
        ([function(returns={"type": "object", "value": []})], "[0].returns.value", "fields"),
        (
            [function(returns={"type": "object", "value": {"a": 1}})],
            "[0].returns.value.a",
            "fieldType",
        ),
        (
            [function(returns={"type": "object", "value": {"a": {"optional": False}}})],
            "[0].returns.value.a.fieldType",
            "missing",
        ),
        (
            [
                function(
                    returns={
                        "type": "record",
                        "keys": {"type": "string"},
                        "values": field({"type": "string"}, optional=True),
                    }
                )
            ],
            "[0].returns.values.optional",
            "cannot be optional",
        ),
        (
            [function(returns={"type": "record", "keys": {"type": "string"}})],
            "[0].returns.values",
            "missing",
        ),
        ([function(identifier=5)], "[0].identifier", "expected a string"),
        ([function(visibility="public")], "[0].visibility", "kind"),
        ([{"functionType": "HttpAction", "path": "/x"}], "[0].method", "expected a string"),
        (
            [function(identifier="a.js:b"), function(identifier="a:b")],
            "[1].identifier",
            "duplicate",
        ),
    ],
)
def test_wrong_shapes(data: object, location: str, message: str) -> None:
    found = problems(data)
    assert [p.location for p in found] == [location]
    assert message in found[0].message


def test_record_values_as_bare_validator_and_fields_without_optional() -> None:
    validator = {
        "type": "record",
        "keys": {"type": "string"},
        "values": {"type": "object", "value": {"a": {"fieldType": {"type": "string"}}}},
    }
    assert returns_of(validator) == VRecord(VString(), VObject((Field("a", VString(), False),)))


def test_empty_union_is_any_with_a_warning() -> None:
    spec = parse_spec([function(returns={"type": "union", "value": []})])
    assert spec.functions[0].returns == VAny()
    assert [w.location for w in spec.warnings] == ["[0].returns.value"]


@pytest.mark.parametrize(
    ("text", "where"),
    [("", "line 1, column 1"), ('{"url": null,\n "functions": [}', "line 2, column 16")],
)
def test_not_json(text: str, where: str) -> None:
    with pytest.raises(SpecError) as info:
        load_spec(text)
    (problem,) = info.value.problems
    assert problem.location == "<input>"
    assert "not valid JSON" in problem.message
    assert where in problem.message


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    validator: dict[str, object] = {"type": "string"}
    for _ in range(500):
        validator = {"type": "array", "value": validator}
    (problem,) = problems([function(returns=validator)])
    assert "nested" in problem.message
    with pytest.raises(SpecError):
        load_spec("[" * 100_000)


def test_hostile_strings_are_carried_faithfully() -> None:
    name = "quote\"'\\ new\nline \u2028 ünï ☃ \x00"
    spec = parse_spec(
        [
            function(
                args={"type": "object", "value": {name: field({"type": "literal", "value": name})}}
            )
        ]
    )
    args = spec.functions[0].args
    assert args == VObject((Field(name, VLiteral(name), False),))


def test_lone_surrogates_are_rejected() -> None:
    text = json.dumps([function(returns={"type": "literal", "value": "\ud800"})])
    with pytest.raises(SpecError) as info:
        load_spec(text)
    assert [p.location for p in info.value.problems] == ["[0].returns.value"]


def test_huge_number_literal_is_a_problem() -> None:
    text = json.dumps([function(returns={"type": "literal", "value": 0})]).replace(
        '"value": 0', '"value": 1' + "0" * 400
    )
    with pytest.raises(SpecError) as info:
        load_spec(text)
    assert "finite" in info.value.problems[0].message


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["type", "value", "keys", "values", "fieldType", "optional", "tableName"]
            )
            | st.text(max_size=3),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        json_values
        | st.fixed_dictionaries(
            {"identifier": st.just("a:b")},
            optional={
                "functionType": st.sampled_from(["Query", "HttpAction"]),
                "args": json_values,
                "returns": json_values,
            },
        ),
        max_size=3,
    )
)
def test_arbitrary_json_never_crashes(data: object) -> None:
    try:
        parse_spec(data)
    except SpecError as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) for p in exc.problems)
