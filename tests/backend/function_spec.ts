// Prints the function spec of a Convex app folder in the shape `npx convex function-spec`
// prints for a deployment running it, without a deployment.
//
//   node --import tsx tests/backend/function_spec.ts examples/chat/convex [url] > spec.json
import { functionSpecList, loadApp } from "./app";

const DEFAULT_URL = "http://127.0.0.1:3210";

async function main(): Promise<void> {
  const [dir, url = DEFAULT_URL] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write("usage: function_spec.ts <convex functions dir> [deployment url]\n");
    process.exit(2);
  }
  // Same construction as the CLI: `url` first, then the functions with keys sorted by convexToJson.
  const spec = { url, functions: functionSpecList(await loadApp(dir)) };
  process.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
}

await main();
