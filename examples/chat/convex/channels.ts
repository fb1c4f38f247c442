import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { channelDoc } from "./validators";

export const create = mutation({
  args: {
    name: v.string(),
    createdBy: v.id("users"),
    topic: v.optional(v.union(v.string(), v.null())),
    isPrivate: v.optional(v.boolean()),
  },
  returns: v.id("channels"),
  handler: async (ctx, args) => {
    const taken = await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .first();
    if (taken !== null) {
      throw new ConvexError({ code: "CONFLICT", name: args.name });
    }
    const channelId = await ctx.db.insert("channels", {
      name: args.name,
      topic: args.topic ?? null,
      isPrivate: args.isPrivate ?? false,
      createdBy: args.createdBy,
    });
    await ctx.db.insert("messages", {
      channelId,
      authorId: args.createdBy,
      content: { kind: "system", event: "joined" },
    });
    return channelId;
  },
});

export const list = query({
  args: { includePrivate: v.optional(v.boolean()) },
  returns: v.array(channelDoc),
  handler: async (ctx, args) => {
    const channels = await ctx.db.query("channels").collect();
    return args.includePrivate ? channels : channels.filter((c) => !c.isPrivate);
  },
});

export const rename = mutation({
  args: { id: v.id("channels"), name: v.string(), by: v.id("users") },
  returns: v.null(),
  handler: async (ctx, args) => {
    await ctx.db.patch(args.id, { name: args.name });
    await ctx.db.insert("messages", {
      channelId: args.id,
      authorId: args.by,
      content: { kind: "system", event: "renamed" },
    });
    return null;
  },
});
