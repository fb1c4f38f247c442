"""Misuse of the generated example package: each marked line must fail mypy --strict."""

from __future__ import annotations

from chat_api import Api
from convex_runtime import ConvexClient

api = Api(ConvexClient("http://127.0.0.1:3210"))
user = api.users.create(name="Ada")
channel = api.channels.create(name="general", created_by=user)

api.users.create(name=42)  # E: Argument "name" to "create" of "UsersApi" has incompatible type "int"; expected "str"
api.users.create()  # E: Missing named argument "name" for "create" of "UsersApi"
api.users.create(name="Ada", nickname="A")  # E: Unexpected keyword argument "nickname" for "create" of "UsersApi"
api.users.get(id_=channel)  # E: Argument "id_" to "get" of "UsersApi" has incompatible type "Id[Literal['channels']]"; expected "Id[Literal['users']]"
api.users.whoami().subject  # E: Item "None" of "WhoamiResult | None" has no attribute "subject"
api.users.create(name="Ada", role="owner")  # E: Argument "role" to "create" of "UsersApi" has incompatible type "Literal['owner']"
api.users.create("Ada")  # E: Too many positional arguments for "create" of "UsersApi"
api.messages.send(author_id=user, channel_id=channel, content={"kind": "text"})  # E: Argument "content" to "send" of "MessagesApi" has incompatible type
len(api.counters.get(name="visits"))  # E: Argument 1 to "len" has incompatible type "int"
api.nope  # E: "Api" has no attribute "nope"
