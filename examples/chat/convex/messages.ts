import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";
import { messageContent, messageDoc } from "./validators";

export const send = mutation({
  args: { channelId: v.id("channels"), authorId: v.id("users"), content: messageContent },
  returns: v.id("messages"),
  handler: async (ctx, args) => {
    if (args.content.kind === "text" && args.content.text.trim() === "") {
      throw new ConvexError({ code: "EMPTY_MESSAGE", channelId: args.channelId });
    }
    return await ctx.db.insert("messages", args);
  },
});

/** Newest first, one page at a time. */
export const list = query({
  args: { channelId: v.id("channels"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(messageDoc),
  handler: async (ctx, args) => {
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .paginate(args.paginationOpts);
  },
});

export const get = query({
  args: { id: v.id("messages") },
  returns: messageDoc,
  handler: async (ctx, args) => {
    const message = await ctx.db.get(args.id);
    if (message === null) {
      // `status` is an int64 so clients see how structured error data keeps its types.
      throw new ConvexError({ code: "NOT_FOUND", id: args.id, status: 404n });
    }
    return message;
  },
});

export const edit = mutation({
  args: { id: v.id("messages"), text: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    const message = await ctx.db.get(args.id);
    if (message === null) {
      throw new ConvexError({ code: "NOT_FOUND", id: args.id, status: 404n });
    }
    if (message.content.kind !== "text") {
      throw new Error(`Only text messages can be edited, not ${message.content.kind} messages`);
    }
    await ctx.db.patch(args.id, {
      content: { kind: "text", text: args.text },
      editedAt: Date.now(),
    });
    return null;
  },
});

export const remove = mutation({
  args: { id: v.id("messages") },
  returns: v.null(),
  handler: async (ctx, args) => {
    const reactions = await ctx.db
      .query("reactions")
      .withIndex("by_message", (q) => q.eq("messageId", args.id))
      .collect();
    for (const reaction of reactions) {
      await ctx.db.delete(reaction._id);
    }
    await ctx.db.delete(args.id);
    console.log("removed message", args.id, "and", reactions.length, "reactions");
    return null;
  },
});

export const postSystem = internalMutation({
  args: {
    channelId: v.id("channels"),
    authorId: v.id("users"),
    event: v.union(v.literal("joined"), v.literal("left"), v.literal("renamed")),
  },
  returns: v.id("messages"),
  handler: async (ctx, args) => {
    return await ctx.db.insert("messages", {
      channelId: args.channelId,
      authorId: args.authorId,
      content: { kind: "system", event: args.event },
    });
  },
});
