import { ConvexError, v } from "convex/values";
import { internalQuery, mutation, query } from "./_generated/server";
import { notificationSettings, role, userDoc } from "./validators";

/** Create a user that does not sign in through an identity provider (bots, seed data). */
export const create = mutation({
  args: { name: v.string(), email: v.optional(v.string()), role: v.optional(role) },
  returns: v.id("users"),
  handler: async (ctx, args) => {
    return await ctx.db.insert("users", {
      name: args.name,
      email: args.email,
      role: args.role ?? "member",
      tokenIdentifier: `local|${args.name}`,
    });
  },
});

/** Create or update the user record of whoever is signed in. */
export const store = mutation({
  args: {},
  returns: v.id("users"),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new ConvexError({ code: "UNAUTHENTICATED", message: "Sign in to join the chat" });
    }
    const existing = await ctx.db
      .query("users")
      .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
      .unique();
    const name = identity.name ?? identity.nickname ?? "Anonymous";
    if (existing !== null) {
      await ctx.db.patch(existing._id, { name, email: identity.email });
      return existing._id;
    }
    return await ctx.db.insert("users", {
      name,
      email: identity.email,
      role: "member",
      tokenIdentifier: identity.tokenIdentifier,
    });
  },
});

/** The identity the request was authenticated with, or null for anonymous callers. */
export const whoami = query({
  args: {},
  returns: v.union(
    v.object({
      subject: v.string(),
      issuer: v.string(),
      tokenIdentifier: v.string(),
      name: v.optional(v.string()),
      email: v.optional(v.string()),
      emailVerified: v.optional(v.boolean()),
    }),
    v.null(),
  ),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    return {
      subject: identity.subject,
      issuer: identity.issuer,
      tokenIdentifier: identity.tokenIdentifier,
      name: identity.name,
      email: identity.email,
      emailVerified: identity.emailVerified,
    };
  },
});

export const get = query({
  args: { id: v.id("users") },
  returns: v.union(userDoc, v.null()),
  handler: async (ctx, args) => {
    return await ctx.db.get(args.id);
  },
});

export const updateSettings = mutation({
  args: { id: v.id("users"), settings: notificationSettings, profile: v.optional(v.any()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    await ctx.db.patch(args.id, { settings: args.settings, profile: args.profile });
    return null;
  },
});

export const byToken = internalQuery({
  args: { tokenIdentifier: v.string() },
  returns: v.union(userDoc, v.null()),
  handler: async (ctx, args) => {
    return await ctx.db
      .query("users")
      .withIndex("by_token", (q) => q.eq("tokenIdentifier", args.tokenIdentifier))
      .unique();
  },
});
