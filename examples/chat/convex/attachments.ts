import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";

// Small files live in the document itself; a real app would use file storage for big ones.
const MAX_INLINE_BYTES = 64 * 1024;

export const upload = mutation({
  args: { messageId: v.id("messages"), fileName: v.string(), data: v.bytes() },
  returns: v.object({ id: v.id("attachments"), sizeBytes: v.int64() }),
  handler: async (ctx, args) => {
    if (args.data.byteLength > MAX_INLINE_BYTES) {
      throw new ConvexError({
        code: "TOO_LARGE",
        limit: BigInt(MAX_INLINE_BYTES),
        actual: BigInt(args.data.byteLength),
      });
    }
    const sizeBytes = BigInt(args.data.byteLength);
    const id = await ctx.db.insert("attachments", { ...args, sizeBytes });
    return { id, sizeBytes };
  },
});

export const download = query({
  args: { id: v.id("attachments") },
  returns: v.union(
    v.object({ fileName: v.string(), data: v.bytes(), sizeBytes: v.int64() }),
    v.null(),
  ),
  handler: async (ctx, args) => {
    const attachment = await ctx.db.get(args.id);
    if (attachment === null) {
      return null;
    }
    const { fileName, data, sizeBytes } = attachment;
    return { fileName, data, sizeBytes };
  },
});
