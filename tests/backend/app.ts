// Loads a Convex app's functions folder the way a deployment sees it: one module per source
// file, keyed by its path without extension ("admin/reports"), minus the files the Convex
// bundler leaves out.
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

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
