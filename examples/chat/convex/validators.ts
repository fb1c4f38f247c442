// Validators shared by the schema and the functions, so a table and the documents its
// queries return cannot drift apart.
import { v } from "convex/values";

export const role = v.union(v.literal("member"), v.literal("moderator"), v.literal("admin"));

export const notificationSettings = v.object({
  email: v.boolean(),
  // Quiet hours as [start, end] hours of the day, or null when off.
  quietHours: v.union(v.array(v.number()), v.null()),
  // Per-channel overrides, keyed by channel name.
  mutedChannels: v.record(v.string(), v.boolean()),
});

export const userFields = {
  name: v.string(),
  tokenIdentifier: v.string(),
  email: v.optional(v.string()),
  role,
  settings: v.optional(notificationSettings),
  // Whatever the identity provider sent that the app does not model yet.
  profile: v.optional(v.any()),
};

export const channelFields = {
  name: v.string(),
  topic: v.union(v.string(), v.null()),
  isPrivate: v.boolean(),
  createdBy: v.id("users"),
};

export const messageContent = v.union(
  v.object({ kind: v.literal("text"), text: v.string() }),
  v.object({
    kind: v.literal("image"),
    url: v.string(),
    width: v.number(),
    height: v.number(),
    caption: v.optional(v.string()),
  }),
  v.object({
    kind: v.literal("system"),
    event: v.union(v.literal("joined"), v.literal("left"), v.literal("renamed")),
  }),
);

export const messageFields = {
  channelId: v.id("channels"),
  authorId: v.id("users"),
  content: messageContent,
  editedAt: v.optional(v.number()),
};

export const reactionFields = {
  messageId: v.id("messages"),
  userId: v.id("users"),
  emoji: v.string(),
};

export const attachmentFields = {
  messageId: v.id("messages"),
  fileName: v.string(),
  data: v.bytes(),
  sizeBytes: v.int64(),
};

export const reportStatus = v.union(
  v.literal("open"),
  v.literal("resolved"),
  v.literal("dismissed"),
);

export const reportFields = {
  messageId: v.id("messages"),
  reporterId: v.id("users"),
  reason: v.string(),
  severity: v.union(v.literal(1), v.literal(2), v.literal(3)),
  status: reportStatus,
};

export const counterFields = {
  name: v.string(),
  value: v.int64(),
};

// Documents as queries return them: the table's fields plus the system fields.
export const userDoc = v.object({ _id: v.id("users"), _creationTime: v.number(), ...userFields });
export const channelDoc = v.object({
  _id: v.id("channels"),
  _creationTime: v.number(),
  ...channelFields,
});
export const messageDoc = v.object({
  _id: v.id("messages"),
  _creationTime: v.number(),
  ...messageFields,
});
export const reportDoc = v.object({
  _id: v.id("reports"),
  _creationTime: v.number(),
  ...reportFields,
});
