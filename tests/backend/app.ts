// Loads a Convex app's functions folder the way a deployment sees it: one module per source
// file, keyed by its path without extension ("admin/reports"), minus the files the Convex
// bundler leaves out.
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";

export type ModuleExports = Record<string, unknown>;

/** A registered Convex function, as `query(...)`, `internalMutation(...)` etc. return it. */
export interface RegisteredFunction {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  exportArgs(): string;
  exportReturns(): string;
}

export interface App {
  /** Absolute path of the functions folder. */
  dir: string;
  /** Every module, schema and generated code included, by module path. */
  modules: Map<string, ModuleExports>;
  /** `convexTest`'s record: file path -> loader. Always holds a `_generated` key. */
  testModules: Record<string, () => Promise<ModuleExports>>;
  schema: unknown;
}

const SOURCE = /\.(ts|js|mjs|cjs|tsx|jsx)$/;

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.name.startsWith(".") || entry.name === "node_modules") {
      continue;
    }
    if (entry.isDirectory()) {
      found.push(...sourceFiles(full));
    } else if (
      SOURCE.test(entry.name) &&
      !entry.name.endsWith(".d.ts") &&
      // foo.test.ts, foo.config.ts...: the bundler skips names with more than one dot.
      entry.name.replace(SOURCE, "").indexOf(".") === -1
    ) {
      found.push(full);
    }
  }
  return found.sort();
}

export function modulePath(dir: string, file: string): string {
  return relative(dir, file).split(sep).join("/").replace(SOURCE, "");
}

/** Module paths that can hold functions: not the schema, not generated code. */
export function isFunctionModule(path: string): boolean {
  return path !== "schema" && !path.split("/").includes("_generated");
}

export async function loadApp(functionsDir: string): Promise<App> {
  const dir = resolve(functionsDir);
  if (!existsSync(dir)) {
    throw new Error(`Convex functions folder not found: ${dir}`);
  }
  const files = sourceFiles(dir);
  if (files.length === 0) {
    throw new Error(`No Convex modules found in ${dir}`);
  }
  const modules = new Map<string, ModuleExports>();
  const testModules: App["testModules"] = {};
  for (const file of files) {
    const exports = (await import(pathToFileURL(file).href)) as ModuleExports;
    modules.set(modulePath(dir, file), exports);
    testModules[file] = () => Promise.resolve(exports);
  }
  // convex-test finds the functions folder from a path containing "_generated".
  if (!files.some((f) => f.includes("_generated"))) {
    testModules[join(dir, "_generated", "placeholder.js")] = () => Promise.resolve({});
  }
  const schema = (modules.get("schema")?.default as unknown) ?? undefined;
  return { dir, modules, testModules, schema };
}

export function asFunction(value: unknown): RegisteredFunction | null {
  if (
    (typeof value === "function" || typeof value === "object") &&
    value !== null &&
    ("isQuery" in value || "isMutation" in value || "isAction" in value) &&
    "exportArgs" in value
  ) {
    return value as RegisteredFunction;
  }
  return null;
}

export function functionType(fn: RegisteredFunction): "Query" | "Mutation" | "Action" {
  return fn.isQuery ? "Query" : fn.isMutation ? "Mutation" : "Action";
}

/** HTTP routes of the app's `http` module as [path, method] pairs, if it has a router. */
export function httpRoutes(app: App): [string, string][] {
  const router = app.modules.get("http")?.default as
    | { isRouter?: boolean; getRoutes(): [string, string, unknown][] }
    | undefined;
  if (!router?.isRouter) {
    return [];
  }
  return router.getRoutes().map(([path, method]) => [path, method]);
}

/**
 * What the system query `_system/cli/modules:apiSpec` returns for the app, already encoded:
 * the `functions` of `npx convex function-spec`, sorted by identifier, HTTP routes last.
 */
export function functionSpecList(app: App): JSONValue {
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
  return convexToJson([...functions, ...routes] as never);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
