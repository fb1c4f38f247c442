import { v } from "convex/values";
import { mutation, query } from "./_generated/server";

/** Add the reaction (an emoji shortcode such as "thumbsup"), or take it back if the user
 * already reacted with it. */
export const toggle = mutation({
  args: { messageId: v.id("messages"), userId: v.id("users"), emoji: v.string() },
  returns: v.object({ added: v.boolean(), count: v.number() }),
  handler: async (ctx, args) => {
    const existing = await ctx.db
      .query("reactions")
      .withIndex("by_message_user_emoji", (q) =>
        q.eq("messageId", args.messageId).eq("userId", args.userId).eq("emoji", args.emoji),
      )
      .unique();
    if (existing === null) {
      await ctx.db.insert("reactions", args);
    } else {
      await ctx.db.delete(existing._id);
    }
    const all = await ctx.db
      .query("reactions")
      .withIndex("by_message", (q) => q.eq("messageId", args.messageId))
      .collect();
    return { added: existing === null, count: all.filter((r) => r.emoji === args.emoji).length };
  },
});

/** Reaction counts of a message, keyed by emoji shortcode (field names must be ASCII). */
export const counts = query({
  args: { messageId: v.id("messages") },
  returns: v.record(v.string(), v.number()),
  handler: async (ctx, args) => {
    const reactions = await ctx.db
      .query("reactions")
      .withIndex("by_message", (q) => q.eq("messageId", args.messageId))
      .collect();
    const counts: Record<string, number> = {};
    for (const reaction of reactions) {
      counts[reaction.emoji] = (counts[reaction.emoji] ?? 0) + 1;
    }
    return counts;
  },
});
