import { v } from "convex/values";
import { internal } from "./_generated/api";
import { action, internalAction, internalQuery } from "./_generated/server";

/** Texts of the latest messages of a channel, oldest first. */
export const recentTexts = internalQuery({
  args: { channelId: v.id("channels"), limit: v.number() },
  returns: v.array(v.string()),
  handler: async (ctx, args) => {
    const latest = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .take(args.limit);
    return latest
      .reverse()
      .map((m) => (m.content.kind === "text" ? m.content.text : `[${m.content.kind}]`));
  },
});

/** Pretends to send an email; the log line is the only trace it leaves. */
export const deliver = internalAction({
  args: { to: v.string(), subject: v.string(), body: v.string() },
  returns: v.literal(true),
  handler: async (_ctx, args) => {
    console.log(`sending "${args.subject}" to ${args.to} (${args.body.length} chars)`);
    return true as const;
  },
});

/** Emails a digest of a channel's latest messages to the given addresses. */
export const sendDigest = action({
  args: { channelId: v.id("channels"), recipients: v.array(v.string()) },
  returns: v.object({ delivered: v.number(), preview: v.array(v.string()) }),
  handler: async (ctx, args) => {
    const preview: string[] = await ctx.runQuery(internal.notifications.recentTexts, {
      channelId: args.channelId,
      limit: 5,
    });
    for (const to of args.recipients) {
      await ctx.runAction(internal.notifications.deliver, {
        to,
        subject: "Channel digest",
        body: preview.join("\n"),
      });
    }
    return { delivered: args.recipients.length, preview };
  },
});
