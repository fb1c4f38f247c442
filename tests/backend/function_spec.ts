// Prints the function spec of a Convex app folder in the shape `npx convex function-spec`
// prints for a deployment running it, without a deployment.
//
//   node --import tsx tests/backend/function_spec.ts examples/chat/convex [url] > spec.json
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import { asFunction, functionType, httpRoutes, isFunctionModule, loadApp } from "./app";

const DEFAULT_URL = "http://127.0.0.1:3210";

async function main(): Promise<void> {
  const [dir, url = DEFAULT_URL] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write("usage: function_spec.ts <convex functions dir> [deployment url]\n");
    process.exit(2);
  }
  const app = await loadApp(dir);
  const functions: Record<string, unknown>[] = [];
  for (const [path, exports] of app.modules) {
    if (!isFunctionModule(path)) {
      continue;
    }
    for (const [name, value] of Object.entries(exports)) {
      const fn = asFunction(value);
      if (fn === null) {
        continue;
      }
      // The backend stores exportArgs()/exportReturns() strings and serves them back through
      // jsonToConvex; the CLI then re-encodes, so bigint literals come out as {"$integer"}.
      functions.push({
        identifier: `${path}.js:${name}`,
        functionType: functionType(fn),
        visibility: { kind: fn.isInternal ? "internal" : "public" },
        args: jsonToConvex(JSON.parse(fn.exportArgs()) as JSONValue),
        returns: jsonToConvex(JSON.parse(fn.exportReturns()) as JSONValue),
      });
    }
  }
  functions.sort((a, b) => compare(a.identifier as string, b.identifier as string));
  const routes = httpRoutes(app)
    .sort(([p1, m1], [p2, m2]) => compare(p1, p2) || compare(m1, m2))
    .map(([path, method]) => ({ functionType: "HttpAction", method, path }));
  // Same construction as the CLI: `url` first, then the functions with keys sorted by convexToJson.
  const spec = { url, functions: convexToJson([...functions, ...routes] as never) };
  process.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

await main();
