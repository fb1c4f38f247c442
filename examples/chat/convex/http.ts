import { httpRouter } from "convex/server";
import { api } from "./_generated/api";
import { httpAction } from "./_generated/server";

const http = httpRouter();

http.route({
  path: "/health",
  method: "GET",
  handler: httpAction(async () => new Response("ok", { status: 200 })),
});

// Lets other services post into a channel: {"channelId", "authorId", "text"}.
http.route({
  path: "/messages",
  method: "POST",
  handler: httpAction(async (ctx, request) => {
    const { channelId, authorId, text } = await request.json();
    const id = await ctx.runMutation(api.messages.send, {
      channelId,
      authorId,
      content: { kind: "text", text },
    });
    return Response.json({ id }, { status: 201 });
  }),
});

http.route({
  pathPrefix: "/attachments/",
  method: "GET",
  handler: httpAction(async (_ctx, request) => {
    const name = new URL(request.url).pathname.slice("/attachments/".length);
    return new Response(`attachment ${name} is served from storage`, { status: 404 });
  }),
});

export default http;
