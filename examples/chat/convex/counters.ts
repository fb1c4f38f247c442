import { v } from "convex/values";
import { mutation, query } from "./_generated/server";

// Counters are int64 so they stay exact past 2**53 (message sequence numbers, byte totals).

export const increment = mutation({
  args: { name: v.string(), by: v.optional(v.int64()) },
  returns: v.int64(),
  handler: async (ctx, args) => {
    const by = args.by ?? 1n;
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .unique();
    if (counter === null) {
      await ctx.db.insert("counters", { name: args.name, value: by });
      return by;
    }
    const value = counter.value + by;
    await ctx.db.patch(counter._id, { value });
    return value;
  },
});

export const get = query({
  args: { name: v.string() },
  returns: v.int64(),
  handler: async (ctx, args) => {
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .unique();
    return counter?.value ?? 0n;
  },
});
