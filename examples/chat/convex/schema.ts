import { defineSchema, defineTable } from "convex/server";
import {
  attachmentFields,
  channelFields,
  counterFields,
  messageFields,
  reactionFields,
  reportFields,
  userFields,
} from "./validators";

export default defineSchema({
  users: defineTable(userFields).index("by_token", ["tokenIdentifier"]),
  channels: defineTable(channelFields).index("by_name", ["name"]),
  messages: defineTable(messageFields).index("by_channel", ["channelId"]),
  reactions: defineTable(reactionFields)
    .index("by_message", ["messageId"])
    .index("by_message_user_emoji", ["messageId", "userId", "emoji"]),
  attachments: defineTable(attachmentFields).index("by_message", ["messageId"]),
  reports: defineTable(reportFields).index("by_status", ["status"]),
  counters: defineTable(counterFields).index("by_name", ["name"]),
});
