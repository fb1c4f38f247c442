/* Stand-in for the file `npx convex codegen` writes for JavaScript projects: untyped
 * references, resolved by path at call time (`api.messages.send` -> "messages:send"). */
import { anyApi } from "convex/server";

export const api = anyApi;
export const internal = anyApi;
