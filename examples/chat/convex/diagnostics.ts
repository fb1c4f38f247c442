// Functions that exercise the edges of the wire format, errors and logging. Client SDK
// tests call them; the chat UI does not.
import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { messageContent } from "./validators";

/** Returns its arguments unchanged. No validators at all: args and result are `any`. */
export const echo = query({
  handler: async (_ctx, args) => {
    return args;
  },
});

const everyKind = {
  nothing: v.null(),
  count: v.number(),
  big: v.int64(),
  flag: v.boolean(),
  text: v.string(),
  blob: v.bytes(),
  anything: v.any(),
  stringLiteral: v.literal("chat"),
  numberLiteral: v.literal(3),
  booleanLiteral: v.literal(false),
  bigintLiteral: v.literal(10n),
  list: v.array(v.number()),
  scores: v.record(v.string(), v.number()),
  nested: v.object({ inner: v.object({ depth: v.number(), tags: v.array(v.string()) }) }),
  maybe: v.optional(v.string()),
  nullable: v.union(v.string(), v.null()),
  choice: v.union(v.literal("a"), v.literal("b"), v.literal("c")),
  content: messageContent,
  userId: v.optional(v.id("users")),
};

/** Returns its arguments unchanged, with one field of every validator kind on both sides. */
export const roundTrip = query({
  args: everyKind,
  returns: v.object(everyKind),
  handler: async (_ctx, args) => {
    return args;
  },
});

/** Floats JSON cannot carry as numbers. */
export const specialFloats = query({
  args: {},
  returns: v.object({
    nan: v.number(),
    infinity: v.number(),
    negativeInfinity: v.number(),
    negativeZero: v.number(),
    tiny: v.number(),
    whole: v.number(),
  }),
  handler: async () => {
    return {
      nan: NaN,
      infinity: Infinity,
      negativeInfinity: -Infinity,
      negativeZero: -0,
      tiny: 5e-324,
      whole: 3,
    };
  },
});

/** Weighted average of named scores; a missing weight counts as 1. */
export const weightedScore = query({
  args: {
    scores: v.record(v.string(), v.number()),
    weights: v.optional(v.record(v.string(), v.number())),
  },
  returns: v.union(v.number(), v.null()),
  handler: async (_ctx, args) => {
    let total = 0;
    let weightSum = 0;
    for (const [name, score] of Object.entries(args.scores)) {
      const weight = args.weights?.[name] ?? 1;
      total += score * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? null : total / weightSum;
  },
});

/** Throws a plain Error, which clients see without structured data. No returns validator. */
export const fail = query({
  args: { message: v.optional(v.string()) },
  handler: async (_ctx, args) => {
    throw new Error(args.message ?? "Something went wrong on purpose");
  },
});

/** Throws a ConvexError carrying `data`, whatever it is. */
export const raise = mutation({
  args: { data: v.any() },
  returns: v.null(),
  handler: async (_ctx, args) => {
    throw new ConvexError(args.data);
  },
});

/** Writes one line at each console level, then returns how many it wrote. */
export const logs = query({
  args: { message: v.string() },
  returns: v.literal(4),
  handler: async (_ctx, args) => {
    console.log(args.message);
    console.info("info", { count: 1 });
    console.warn("warn", [1, 2]);
    console.error("error", 42);
    return 4 as const;
  },
});
