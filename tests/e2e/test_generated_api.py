"""The generated ``chat_api`` package, called synchronously against the example app.

Every public function goes through ``Api`` and every internal one through ``InternalApi``
with the admin key; the assertions check decoded values and their Python types, so a codec
that decodes to the wrong type fails here even when the value compares equal.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

import httpx
import pytest
from chat_api import Api, InternalApi
from chat_api.admin.reports import DefaultResult, ListOpenResultItem
from chat_api.attachments import DownloadResult, UploadResult
from chat_api.channels import ListResultItem
from chat_api.diagnostics import (
    RoundTripArgsContentImage,
    RoundTripArgsNested,
    RoundTripArgsNestedInner,
    RoundTripResult,
    RoundTripResultContentImage,
    RoundTripResultNested,
    RoundTripResultNestedInner,
    SpecialFloatsResult,
)
from chat_api.messages import (
    GetResult,
    GetResultContentImage,
    GetResultContentSystem,
    GetResultContentText,
    ListArgsPaginationOpts,
    ListResult,
    ListResultPageItem,
    ListResultPageItemContentSystem,
    ListResultPageItemContentText,
    SendArgsContentImage,
    SendArgsContentText,
)
from chat_api.notifications import SendDigestResult
from chat_api.reactions import ToggleResult
from chat_api.users import ByTokenResult, GetResultSettings, UpdateSettingsArgsSettings
from chat_api.users import GetResult as UserResult

from convex_runtime import (
    UNSET,
    ConvexClient,
    ConvexError,
    ConvexExecutionError,
    ConvexInt64,
    Id,
)

if TYPE_CHECKING:
    from tests.backend.bridge import Backend

pytestmark = pytest.mark.usefixtures("fresh_db")

LOGS = "convex_runtime.logs"
UserId = Id[Literal["users"]]
ChannelId = Id[Literal["channels"]]
MessageId = Id[Literal["messages"]]


@pytest.fixture
def client(backend: Backend) -> Iterator[ConvexClient]:
    with ConvexClient(backend.url) as client:
        yield client


@pytest.fixture
def api(client: ConvexClient) -> Api:
    return Api(client)


@pytest.fixture
def admin_client(backend: Backend) -> Iterator[ConvexClient]:
    with ConvexClient(backend.url) as client:
        client.set_admin_auth(backend.admin_key)
        yield client


@pytest.fixture
def internal(admin_client: ConvexClient) -> InternalApi:
    return InternalApi(admin_client)


def reset(backend: Backend) -> None:
    httpx.post(f"{backend.url}/_test/reset").raise_for_status()


def make_channel(api: Api, name: str = "general") -> tuple[UserId, ChannelId]:
    user = api.users.create(name="ann")
    channel = api.channels.create(name=name, created_by=user)
    return user, channel


def say(api: Api, user: UserId, channel: ChannelId, text: str) -> MessageId:
    return api.messages.send(
        author_id=user, channel_id=channel, content=SendArgsContentText(kind="text", text=text)
    )


# -- users -----------------------------------------------------------------------------


def test_users_create_and_get_tell_missing_fields_from_present_ones(api: Api) -> None:
    ann = api.users.create(name="ann", email="ann@example.com", role="moderator")
    bob = api.users.create(name="bob")
    assert type(ann) is Id and ann.table_name == "users"
    assert ann != bob

    got = api.users.get(id_=ann)
    assert isinstance(got, UserResult)
    assert got.id_ == ann and type(got.id_) is Id and got.id_.table_name == "users"
    assert (got.name, got.email, got.role, got.token_identifier) == (
        "ann",
        "ann@example.com",
        "moderator",
        "local|ann",
    )
    assert type(got.creation_time) is float and got.creation_time > 0
    assert got.settings is UNSET and got.profile is UNSET

    plain = api.users.get(id_=bob)
    assert plain is not None
    # Optional arguments left out are left out on the wire too; the server fills defaults.
    assert plain.email is UNSET and plain.role == "member"


def test_users_get_returns_none_for_a_deleted_document(api: Api, backend: Backend) -> None:
    ann = api.users.create(name="ann")
    reset(backend)
    assert api.users.get(id_=ann) is None


def test_update_settings_accepts_models_and_dicts_and_round_trips_nested_types(api: Api) -> None:
    ann = api.users.create(name="ann")
    api.users.update_settings(
        id_=ann,
        settings=UpdateSettingsArgsSettings(
            email=True, muted_channels={"random": True, "news": False}, quiet_hours=(22, 7)
        ),
        profile={"avatar": b"\x89PNG", "karma": ConvexInt64(2**60), "tags": ["a"]},
    )
    got = api.users.get(id_=ann)
    assert got is not None
    assert isinstance(got.settings, GetResultSettings)
    assert got.settings.email is True
    assert got.settings.muted_channels == {"random": True, "news": False}
    assert got.settings.quiet_hours == [22.0, 7.0]
    assert all(type(h) is float for h in got.settings.quiet_hours)
    # `v.any()` fields decode like the untyped client: int64 as ConvexInt64, bytes as bytes.
    assert got.profile == {"avatar": b"\x89PNG", "karma": ConvexInt64(2**60), "tags": ["a"]}
    assert type(got.profile["karma"]) is ConvexInt64

    api.users.update_settings(
        id_=ann, settings={"email": False, "mutedChannels": {}, "quietHours": None}
    )
    again = api.users.get(id_=ann)
    assert again is not None and isinstance(again.settings, GetResultSettings)
    assert again.settings.quiet_hours is None
    assert again.settings.muted_channels == {}
    # Leaving `profile` out removes it (patching with undefined).
    assert again.profile is UNSET


# -- channels --------------------------------------------------------------------------


def test_channels_create_list_and_rename(api: Api) -> None:
    ann = api.users.create(name="ann")
    general = api.channels.create(name="general", created_by=ann)
    secret = api.channels.create(name="secret", created_by=ann, is_private=True, topic="shh")
    nulled = api.channels.create(name="nulled", created_by=ann, topic=None)
    assert general.table_name == "channels"

    public = api.channels.list_()
    assert [c.name for c in public] == ["general", "nulled"]
    assert all(isinstance(c, ListResultItem) for c in public)
    everything = {c.name: c for c in api.channels.list_(include_private=True)}
    assert set(everything) == {"general", "secret", "nulled"}
    assert everything["secret"].topic == "shh" and everything["secret"].is_private is True
    # Missing and null both end up null in the document: `topic` is `str | None`.
    assert everything["general"].topic is None and everything["nulled"].topic is None
    assert everything["general"].id_ == general and everything["nulled"].id_ == nulled
    assert everything["general"].created_by == ann
    assert everything["general"].created_by.table_name == "users"

    api.channels.rename(id_=secret, name="hidden", by=ann)
    names = {c.name for c in api.channels.list_(include_private=True)}
    assert names == {"general", "hidden", "nulled"}
    assert api.channels.list_(include_private=False) == public

    with pytest.raises(ConvexError) as info:
        api.channels.create(name="general", created_by=ann)
    assert info.value.data == {"code": "CONFLICT", "name": "general"}


# -- messages --------------------------------------------------------------------------


def test_message_content_union_decodes_to_the_variant_class(api: Api) -> None:
    ann, channel = make_channel(api)
    text = say(api, ann, channel, "hello")
    image = api.messages.send(
        author_id=ann,
        channel_id=channel,
        content=SendArgsContentImage(kind="image", url="https://x/cat.png", width=640, height=480),
    )
    captioned = api.messages.send(
        author_id=ann,
        channel_id=channel,
        content={"kind": "image", "url": "u", "width": 1.5, "height": 2, "caption": "hi"},
    )
    system = api.messages.send(
        author_id=ann, channel_id=channel, content={"kind": "system", "event": "left"}
    )
    assert text.table_name == "messages"

    got_text = api.messages.get(id_=text)
    assert isinstance(got_text, GetResult)
    assert got_text.content == GetResultContentText(kind="text", text="hello")
    assert type(got_text.content) is GetResultContentText
    assert got_text.author_id == ann and got_text.author_id.table_name == "users"
    assert got_text.channel_id == channel and got_text.channel_id.table_name == "channels"
    assert got_text.edited_at is UNSET

    got_image = api.messages.get(id_=image).content
    assert type(got_image) is GetResultContentImage
    assert (got_image.width, got_image.height, got_image.caption) == (640.0, 480.0, UNSET)
    assert type(got_image.width) is float
    got_captioned = api.messages.get(id_=captioned).content
    assert isinstance(got_captioned, GetResultContentImage)
    assert (got_captioned.caption, got_captioned.width) == ("hi", 1.5)
    assert api.messages.get(id_=system).content == GetResultContentSystem(
        kind="system", event="left"
    )


def test_edit_and_remove(api: Api) -> None:
    ann, channel = make_channel(api)
    message = say(api, ann, channel, "helo")
    api.messages.edit(id_=message, text="hello")
    edited = api.messages.get(id_=message)
    assert edited.content == GetResultContentText(kind="text", text="hello")
    assert type(edited.edited_at) is float and edited.edited_at >= edited.creation_time

    system = api.messages.list_(channel_id=channel, pagination_opts={"numItems": 5, "cursor": None})
    joined = system.page[-1]
    assert joined.content == ListResultPageItemContentSystem(kind="system", event="joined")
    with pytest.raises(ConvexExecutionError, match="Only text messages can be edited"):
        api.messages.edit(id_=joined.id_, text="nope")

    api.messages.remove(id_=message)
    with pytest.raises(ConvexError) as info:
        api.messages.get(id_=message)
    assert info.value.data == {"code": "NOT_FOUND", "id": message, "status": ConvexInt64(404)}
    assert type(info.value.data["status"]) is ConvexInt64
    assert info.value.function == "messages:get"


def test_empty_text_is_refused_with_the_channel_in_the_error_data(api: Api) -> None:
    ann, channel = make_channel(api)
    with pytest.raises(ConvexError) as info:
        say(api, ann, channel, "   ")
    assert info.value.data == {"code": "EMPTY_MESSAGE", "channelId": channel}


def test_iter_helper_walks_every_page_newest_first(api: Api) -> None:
    ann, channel = make_channel(api)
    sent = [say(api, ann, channel, f"message {i}") for i in range(25)]
    _, other = make_channel(api, "other")
    say(api, ann, other, "elsewhere")

    items = list(api.messages.iter_list(channel_id=channel, page_size=10))
    assert all(isinstance(item, ListResultPageItem) for item in items)
    # The channel's own "joined" system message is the oldest, so it comes last.
    assert [item.id_ for item in items[:-1]] == sent[::-1]
    assert len(items) == 26
    assert [item.content for item in items[:2]] == [
        ListResultPageItemContentText(kind="text", text="message 24"),
        ListResultPageItemContentText(kind="text", text="message 23"),
    ]
    assert type(items[-1].content) is ListResultPageItemContentSystem
    assert len({item.id_ for item in items}) == 26


def test_plain_list_method_returns_one_page_at_a_time(api: Api) -> None:
    ann, channel = make_channel(api)
    sent = [say(api, ann, channel, f"m{i}") for i in range(25)]

    pages: list[ListResult] = []
    cursor: str | None = None
    while True:
        page = api.messages.list_(
            channel_id=channel, pagination_opts=ListArgsPaginationOpts(num_items=10, cursor=cursor)
        )
        assert isinstance(page, ListResult)
        assert type(page.continue_cursor) is str and type(page.is_done) is bool
        pages.append(page)
        if page.is_done:
            break
        cursor = page.continue_cursor
    assert [len(p.page) for p in pages] == [10, 10, 6]
    assert [p.is_done for p in pages] == [False, False, True]
    ids = [item.id_ for p in pages for item in p.page]
    assert ids[:-1] == sent[::-1]
    # A dict keyed by the Convex field names works as well as the model.
    first = api.messages.list_(channel_id=channel, pagination_opts={"numItems": 3, "cursor": None})
    assert [item.id_ for item in first.page] == ids[:3]


# -- reactions, attachments, counters ----------------------------------------------------


def test_reactions_toggle_and_count(api: Api) -> None:
    ann, channel = make_channel(api)
    bob = api.users.create(name="bob")
    message = say(api, ann, channel, "hi")
    assert api.reactions.counts(message_id=message) == {}
    first = api.reactions.toggle(message_id=message, user_id=ann, emoji="thumbsup")
    assert first == ToggleResult(added=True, count=1.0)
    assert type(first.count) is float and type(first.added) is bool
    api.reactions.toggle(message_id=message, user_id=bob, emoji="thumbsup")
    api.reactions.toggle(message_id=message, user_id=bob, emoji="tada")
    counts = api.reactions.counts(message_id=message)
    assert counts == {"thumbsup": 2.0, "tada": 1.0}
    assert all(type(n) is float for n in counts.values())
    undone = api.reactions.toggle(message_id=message, user_id=ann, emoji="thumbsup")
    assert undone == ToggleResult(added=False, count=1.0)


def test_attachments_carry_bytes_and_int64_sizes(api: Api, backend: Backend) -> None:
    ann, channel = make_channel(api)
    message = say(api, ann, channel, "see attached")
    data = bytes(range(256)) * 3
    uploaded = api.attachments.upload(message_id=message, file_name="blob.bin", data=data)
    assert isinstance(uploaded, UploadResult)
    assert uploaded.id_.table_name == "attachments"
    assert uploaded.size_bytes == 768 and type(uploaded.size_bytes) is int

    downloaded = api.attachments.download(id_=uploaded.id_)
    assert downloaded == DownloadResult(file_name="blob.bin", data=data, size_bytes=768)
    assert downloaded is not None and type(downloaded.data) is bytes

    empty = api.attachments.upload(message_id=message, file_name="empty", data=b"")
    assert empty.size_bytes == 0
    got_empty = api.attachments.download(id_=empty.id_)
    assert got_empty is not None and got_empty.data == b""

    with pytest.raises(ConvexError) as info:
        api.attachments.upload(message_id=message, file_name="big", data=bytes(64 * 1024 + 1))
    # Structured error data is decoded like untyped values: bigints are ConvexInt64.
    assert info.value.data == {
        "code": "TOO_LARGE",
        "limit": ConvexInt64(65536),
        "actual": ConvexInt64(65537),
    }
    assert type(info.value.data["limit"]) is ConvexInt64

    reset(backend)
    assert api.attachments.download(id_=uploaded.id_) is None


def test_int64_counters_stay_exact_past_two_to_the_53(api: Api) -> None:
    assert api.counters.get(name="seq") == 0
    assert api.counters.increment(name="seq") == 1
    value = api.counters.increment(name="seq", by=2**53)
    assert value == 2**53 + 1 and type(value) is int
    # As a float this would round to 2**53; only an int64 on both legs keeps it.
    assert float(2**53 + 1) == 2**53
    assert api.counters.get(name="seq") == 2**53 + 1
    assert api.counters.increment(name="seq", by=-(2**53) - 2) == -1
    top = api.counters.increment(name="max", by=2**63 - 1)
    assert top == 2**63 - 1
    low = api.counters.increment(name="min", by=-(2**63))
    assert low == -(2**63) and type(low) is int


# -- diagnostics -------------------------------------------------------------------------


def round_trip_args() -> dict[str, Any]:
    return {
        "nothing": None,
        "count": 2.5,
        "big": 2**62 + 3,
        "flag": True,
        "text": "héllo 👋",
        "blob": b"\x00\xff\x10",
        "anything": {"n": 1, "i": ConvexInt64(-5), "l": [b"x", None, True]},
        "string_literal": "chat",
        "number_literal": 3,
        "boolean_literal": False,
        "bigint_literal": 10,
        "list_": [1, 2.5, -0.0],
        "scores": {"alice": 1.0, "bob": 2},
        "nested": RoundTripArgsNested(inner=RoundTripArgsNestedInner(depth=2, tags=("a", "b"))),
        "nullable": None,
        "choice": "b",
        "content": RoundTripArgsContentImage(kind="image", url="u", width=1, height=2),
    }


def test_round_trip_of_every_validator_kind(api: Api) -> None:
    args = round_trip_args()
    result = api.diagnostics.round_trip(**args)
    assert isinstance(result, RoundTripResult)
    assert result.nothing is None
    assert result.count == 2.5 and type(result.count) is float
    assert result.big == 2**62 + 3 and type(result.big) is int
    assert result.flag is True
    assert result.text == "héllo 👋"
    assert result.blob == b"\x00\xff\x10" and type(result.blob) is bytes
    assert result.anything == {"n": 1.0, "i": ConvexInt64(-5), "l": [b"x", None, True]}
    assert type(result.anything["n"]) is float and type(result.anything["i"]) is ConvexInt64
    assert result.string_literal == "chat"
    assert result.number_literal == 3.0 and type(result.number_literal) is float
    assert result.boolean_literal is False
    assert result.bigint_literal == 10 and type(result.bigint_literal) is int
    assert result.list_ == [1.0, 2.5, -0.0] and all(type(x) is float for x in result.list_)
    assert math.copysign(1.0, result.list_[2]) == -1.0
    assert result.scores == {"alice": 1.0, "bob": 2.0}
    assert result.nested == RoundTripResultNested(
        inner=RoundTripResultNestedInner(depth=2.0, tags=["a", "b"])
    )
    assert result.nullable is None
    assert result.choice == "b"
    assert result.content == RoundTripResultContentImage(
        kind="image", url="u", width=1.0, height=2.0
    )
    assert result.maybe is UNSET and result.user_id is UNSET


def test_round_trip_optional_fields_present(api: Api) -> None:
    ann = api.users.create(name="ann")
    args = round_trip_args()
    args.update(maybe="here", user_id=ann, nullable="set", content={"kind": "text", "text": "t"})
    result = api.diagnostics.round_trip(**args)
    assert result.maybe == "here"
    assert result.user_id == ann and isinstance(result.user_id, Id)
    assert result.user_id.table_name == "users"
    assert result.nullable == "set"
    assert type(result.content).__name__ == "RoundTripResultContentText"


def test_special_floats_survive(api: Api) -> None:
    floats = api.diagnostics.special_floats()
    assert isinstance(floats, SpecialFloatsResult)
    assert math.isnan(floats.nan)
    assert floats.infinity == math.inf and floats.negative_infinity == -math.inf
    assert floats.negative_zero == 0.0 and math.copysign(1.0, floats.negative_zero) == -1.0
    assert floats.tiny == 5e-324
    assert floats.whole == 3.0 and type(floats.whole) is float

    # And the other way: special floats as arguments.
    echoed = api.diagnostics.echo(values=[math.nan, math.inf, -math.inf, -0.0])
    nan, inf, ninf, nzero = echoed["values"]
    assert math.isnan(nan) and (inf, ninf) == (math.inf, -math.inf)
    assert math.copysign(1.0, nzero) == -1.0
    assert api.diagnostics.weighted_score(scores={"a": math.inf}) == math.inf


def test_round_trip_of_special_floats_in_typed_arguments(api: Api) -> None:
    args = round_trip_args()
    args.update(count=math.nan, list_=[math.inf, -math.inf, -0.0], scores={"x": math.nan})
    result = api.diagnostics.round_trip(**args)
    assert math.isnan(result.count) and math.isnan(result.scores["x"])
    assert result.list_[:2] == [math.inf, -math.inf]
    assert math.copysign(1.0, result.list_[2]) == -1.0


def test_echo_without_validators_sends_keyword_arguments_as_they_are(api: Api) -> None:
    assert api.diagnostics.echo() == {}
    echoed = api.diagnostics.echo(
        n=1, f=0.5, big=ConvexInt64(2**60), blob=b"\x01", nested={"a": [None, False]}, s="x"
    )
    assert echoed == {
        "n": 1.0,
        "f": 0.5,
        "big": ConvexInt64(2**60),
        "blob": b"\x01",
        "nested": {"a": [None, False]},
        "s": "x",
    }
    assert type(echoed["n"]) is float and type(echoed["big"]) is ConvexInt64


def test_weighted_score_takes_record_arguments(api: Api) -> None:
    assert api.diagnostics.weighted_score(scores={"a": 1, "b": 3}) == 2.0
    weighted = api.diagnostics.weighted_score(scores={"a": 1, "b": 3}, weights={"a": 3})
    assert weighted == 1.5 and type(weighted) is float
    assert api.diagnostics.weighted_score(scores={}) is None
    assert api.diagnostics.weighted_score(scores={"a": 2}, weights={"a": 0}) is None


def test_fail_and_raise(api: Api) -> None:
    with pytest.raises(ConvexExecutionError) as failed:
        api.diagnostics.fail(message="kaboom")
    assert "kaboom" in failed.value.message and failed.value.function == "diagnostics:fail"
    with pytest.raises(ConvexExecutionError, match="Something went wrong on purpose"):
        api.diagnostics.fail()
    with pytest.raises(ConvexError) as raised:
        api.diagnostics.raise_(data=["x", 2**40, ConvexInt64(7)])
    assert raised.value.data == ["x", float(2**40), ConvexInt64(7)]
    with pytest.raises(ConvexError) as text:
        api.diagnostics.raise_(data="Out of stock")
    assert text.value.data == "Out of stock" and str(text.value) == "Out of stock"


def test_log_lines_reach_the_logger_only_in_debug_mode(
    client: ConvexClient, api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGS)
    four = api.diagnostics.logs(message="quiet")
    assert four == 4.0 and type(four) is float
    assert [r for r in caplog.records if r.name == LOGS] == []

    client.set_debug(True)
    assert api.diagnostics.logs(message="loud") == 4
    records = [r for r in caplog.records if r.name == LOGS]
    assert [r.getMessage() for r in records] == [
        "[diagnostics:logs] [LOG] 'loud'",
        "[diagnostics:logs] [INFO] 'info' { count: 1 }",
        "[diagnostics:logs] [WARN] 'warn' [ 1, 2 ]",
        "[diagnostics:logs] [ERROR] 'error' 42",
    ]
    assert [r.levelno for r in records] == [
        logging.INFO,
        logging.INFO,
        logging.WARNING,
        logging.ERROR,
    ]

    caplog.clear()
    client.set_debug(False)
    api.diagnostics.logs(message="quiet again")
    assert [r for r in caplog.records if r.name == LOGS] == []


# -- notifications and the nested admin/reports module -----------------------------------


def test_send_digest_action(api: Api) -> None:
    ann, channel = make_channel(api)
    for text in ("one", "two"):
        say(api, ann, channel, text)
    digest = api.notifications.send_digest(channel_id=channel, recipients=["a@x", "b@x"])
    assert digest == SendDigestResult(delivered=2.0, preview=["[system]", "one", "two"])
    assert type(digest.delivered) is float
    empty = api.notifications.send_digest(channel_id=channel, recipients=())
    assert empty.delivered == 0


def test_nested_module_with_a_default_export(api: Api) -> None:
    ann, channel = make_channel(api)
    message = say(api, ann, channel, "spam")
    assert api.admin.reports.default() == DefaultResult(open_=0.0, resolved=0.0, dismissed=0.0)
    report = api.admin.reports.file(message_id=message, reporter_id=ann, reason="spam")
    assert report.table_name == "reports"
    api.admin.reports.file(message_id=message, reporter_id=ann, reason="rude", severity=3)
    counts = api.admin.reports.default()
    assert counts.open_ == 2.0 and type(counts.open_) is float


# -- internal functions ------------------------------------------------------------------


def test_internal_functions_with_the_admin_key(
    api: Api,
    admin_client: ConvexClient,
    internal: InternalApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ann, channel = make_channel(api)
    say(api, ann, channel, "hello")

    left = internal.messages.post_system(author_id=ann, channel_id=channel, event="left")
    assert left.table_name == "messages"
    assert api.messages.get(id_=left).content == GetResultContentSystem(kind="system", event="left")

    texts = internal.notifications.recent_texts(channel_id=channel, limit=2)
    assert texts == ["hello", "[system]"]
    assert internal.notifications.recent_texts(channel_id=channel, limit=10) == [
        "[system]",
        "hello",
        "[system]",
    ]

    caplog.set_level(logging.DEBUG, logger=LOGS)
    admin_client.set_debug(True)
    delivered = internal.notifications.deliver(to="a@x", subject="Hi", body="12345")
    assert delivered is True
    assert [r.getMessage() for r in caplog.records if r.name == LOGS] == [
        "[notifications:deliver] [LOG] 'sending \"Hi\" to a@x (5 chars)'"
    ]

    user = internal.users.by_token(token_identifier="local|ann")
    assert isinstance(user, ByTokenResult)
    assert user.id_ == ann and user.name == "ann" and user.email is UNSET
    assert internal.users.by_token(token_identifier="nobody") is None


def test_internal_report_moderation(api: Api, internal: InternalApi) -> None:
    ann, channel = make_channel(api)
    keep = say(api, ann, channel, "fine")
    drop = say(api, ann, channel, "spam")
    first = api.admin.reports.file(message_id=keep, reporter_id=ann, reason="meh", severity=2)
    second = api.admin.reports.file(message_id=drop, reporter_id=ann, reason="spam")

    open_reports = internal.admin.reports.list_open()
    assert [r.id_ for r in open_reports] == [first, second]
    assert all(type(r) is ListOpenResultItem for r in open_reports)
    assert open_reports[0].severity == 2.0 and type(open_reports[0].severity) is float
    assert open_reports[1].severity == 1.0
    assert open_reports[0].status == "open"
    assert open_reports[0].message_id.table_name == "messages"
    assert open_reports[0].reporter_id == ann

    internal.admin.reports.resolve(id_=first, outcome="dismissed")
    internal.admin.reports.resolve(id_=second, outcome="resolved", delete_message=True)
    assert internal.admin.reports.list_open() == []
    assert api.admin.reports.default() == DefaultResult(open_=0, resolved=1, dismissed=1)
    assert api.messages.get(id_=keep).id_ == keep
    with pytest.raises(ConvexError):
        api.messages.get(id_=drop)
