// Moderation: members report messages, moderators work through the open reports.
import { v } from "convex/values";
import { internalMutation, internalQuery, mutation, query } from "../_generated/server";
import { reportDoc } from "../validators";

export const file = mutation({
  args: {
    messageId: v.id("messages"),
    reporterId: v.id("users"),
    reason: v.string(),
    severity: v.optional(v.union(v.literal(1), v.literal(2), v.literal(3))),
  },
  returns: v.id("reports"),
  handler: async (ctx, args) => {
    return await ctx.db.insert("reports", {
      messageId: args.messageId,
      reporterId: args.reporterId,
      reason: args.reason,
      severity: args.severity ?? 1,
      status: "open",
    });
  },
});

export const listOpen = internalQuery({
  args: {},
  returns: v.array(reportDoc),
  handler: async (ctx) => {
    return await ctx.db
      .query("reports")
      .withIndex("by_status", (q) => q.eq("status", "open"))
      .collect();
  },
});

export const resolve = internalMutation({
  args: {
    id: v.id("reports"),
    outcome: v.union(v.literal("resolved"), v.literal("dismissed")),
    deleteMessage: v.optional(v.boolean()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const report = await ctx.db.get(args.id);
    if (report === null) {
      throw new Error(`Report ${args.id} does not exist`);
    }
    await ctx.db.patch(args.id, { status: args.outcome });
    if (args.deleteMessage) {
      await ctx.db.delete(report.messageId);
    }
    return null;
  },
});

/** How many reports are in each state. */
export default query({
  args: {},
  returns: v.object({ open: v.number(), resolved: v.number(), dismissed: v.number() }),
  handler: async (ctx) => {
    const counts = { open: 0, resolved: 0, dismissed: 0 };
    for (const report of await ctx.db.query("reports").collect()) {
      counts[report.status] += 1;
    }
    return counts;
  },
});
