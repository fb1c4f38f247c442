// A stand-in Convex deployment for the end-to-end tests: the app's real functions run on
// convex-test's in-memory backend, behind the deployment's public HTTP API (/api/query,
// /api/mutation, /api/action, /api/run/...), with the same request and response shapes.
//
//   node --import tsx tests/backend/server.ts <convex functions dir> [--admin-key KEY] [--port N]
//
// Prints `listening on http://127.0.0.1:<port>` once it accepts requests. Extra endpoint for
// tests: POST /_test/reset starts over with an empty database.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { inspect } from "node:util";
import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import {
  type App,
  asFunction,
  functionSpecList,
  functionType,
  isFunctionModule,
  loadApp,
} from "./app";

/**
 * convex-test compares literals with `!==` against the validator's JSON export, where a bigint
 * literal is `{"$integer": ...}`, so every `v.literal(10n)` argument fails. A deployment checks
 * them properly; here they are checked as int64 only (the Python side still sends the exact value).
 * Only the running bridge changes: the function spec is exported from the untouched modules.
 */
function relaxBigintLiterals(app: App): void {
  const relax = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(relax);
    if (node === null || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    const value = record.value as Record<string, unknown> | undefined;
    if (record.type === "literal" && value !== null && typeof value === "object" && "$integer" in value) {
      return { type: "bigint" };
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, relax(v)]));
  };
  for (const exports of app.modules.values()) {
    for (const value of Object.values(exports)) {
      const fn = asFunction(value);
      if (fn === null) continue;
      const args = JSON.stringify(relax(JSON.parse(fn.exportArgs())));
      const returns = JSON.stringify(relax(JSON.parse(fn.exportReturns())));
      fn.exportArgs = () => args;
      fn.exportReturns = () => returns;
    }
  }
}

type Kind = "Query" | "Mutation" | "Action";
type Format = "convex_encoded_json" | "json";
type Identity = Record<string, JSONValue>;
type TestBackend = ReturnType<typeof convexTest>;

interface Caller {
  admin: boolean;
  identity: Identity | null;
}

/** A failure of the request itself, answered with a non-200 `{code, message}` body. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const FORMATS: Record<string, Format> = {
  convex_encoded_json: "convex_encoded_json",
  convex_json: "convex_encoded_json",
  json: "json",
  convex_clean_json: "json",
};

// Identity attributes and the JWT claims they come from (convex/server `UserIdentity` docs).
const ATTRIBUTE_BY_CLAIM: Record<string, string> = {
  sub: "subject",
  iss: "issuer",
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
// Registered claims about the token rather than the user.
const TOKEN_CLAIMS = new Set(["aud", "exp", "iat", "nbf", "jti", "azp"]);

const MAX_BODY_BYTES = 16 * 1024 * 1024 + 2000;

// ---------------------------------------------------------------------------------------------
// Log capture: console output of a function call becomes that call's `logLines`.

const currentLogLines = new AsyncLocalStorage<string[]>();

function captureConsole(): void {
  const levels = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" };
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, string][]) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const lines = currentLogLines.getStore();
      if (lines === undefined) {
        original(...args);
        return;
      }
      // Like the Convex runtime: every argument inspected (strings quoted), space separated.
      const text = args.map((a) => inspect(a, { depth: 6, breakLength: Infinity })).join(" ");
      lines.push(`[${level}] ${text}`);
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Value output.

function toCleanJson(value: Value | undefined): JSONValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === "bigint") {
    return value.toString();
  }
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (value === Infinity) return "Infinity";
    if (value === -Infinity) return "-Infinity";
    return value;
  }
  if (typeof value === "boolean" || typeof value === "string") {
    return value;
  }
  if (value instanceof ArrayBuffer) {
    return Buffer.from(value).toString("base64");
  }
  if (Array.isArray(value)) {
    return value.map(toCleanJson);
  }
  const out: Record<string, JSONValue> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, Value | undefined>)[key];
    if (field !== undefined) {
      out[key] = toCleanJson(field);
    }
  }
  return out;
}

function encode(value: Value | undefined, format: Format): JSONValue {
  const v = value === undefined ? null : value;
  return format === "json" ? toCleanJson(v) : convexToJson(v);
}

/** JSON text as the backend writes it: integral floats as `3.0`, object keys sorted. */
function toJsonText(value: JSONValue): string {
  if (value === null) {
    return "null";
  }
  if (typeof value === "number") {
    if (Number.isInteger(value) && Math.abs(value) < 1e16) {
      return Object.is(value, -0) ? "-0.0" : `${value}.0`;
    }
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(toJsonText).join(",")}]`;
  }
  const fields = Object.keys(value)
    .sort()
    .filter((key) => value[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${toJsonText(value[key])}`);
  return `{${fields.join(",")}}`;
}

// ---------------------------------------------------------------------------------------------
// Request parsing.

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new RequestError(413, "PayloadTooLarge", "The request body is too large");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const contentType = header(req, "content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") {
    throw new RequestError(
      400,
      "BadJsonBody",
      "Expected request with `Content-Type: application/json`",
    );
  }
  const text = (await readBody(req)).toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new RequestError(400, "BadJsonBody", `Failed to parse the request body as JSON: ${e}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RequestError(400, "BadJsonBody", "The request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

function parseFormat(format: unknown): Format {
  if (format === undefined || format === null) {
    return "json";
  }
  const known = typeof format === "string" ? FORMATS[format] : undefined;
  if (known === undefined) {
    throw new RequestError(400, "BadFormat", `Invalid format: ${JSON.stringify(format)}`);
  }
  return known;
}

interface FunctionPath {
  module: string;
  name: string;
}

/** Split and canonicalise like the backend: `messages` -> messages:default, `.js` dropped. */
function parseFunctionPath(path: unknown): FunctionPath {
  if (typeof path !== "string") {
    throw new RequestError(400, "BadJsonBody", "missing or non-string field `path`");
  }
  const bad = () =>
    new RequestError(
      400,
      "BadConvexFunctionIdentifier",
      `\`${path}\` is not a valid path to a Convex function.`,
    );
  const colon = path.lastIndexOf(":");
  let module = colon === -1 ? path : path.slice(0, colon);
  const name = colon === -1 ? "default" : path.slice(colon + 1);
  if (module.endsWith(".js")) {
    module = module.slice(0, -3);
  }
  const parts = module.split("/");
  const validPart = /^[A-Za-z0-9_]{1,64}$/;
  if (
    module === "" ||
    module.startsWith("/") ||
    !parts.every((p) => validPart.test(p)) ||
    !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)
  ) {
    throw bad();
  }
  return { module, name };
}

function parseArgs(args: unknown): Record<string, Value> {
  let value: unknown = args ?? {};
  // Legacy positional form: a list holding the one argument object.
  if (Array.isArray(value)) {
    if (value.length > 1) {
      throw new RequestError(400, "BadJsonBody", "Expected at most one argument object");
    }
    value = value[0] ?? {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RequestError(400, "BadJsonBody", "`args` must be a JSON object");
  }
  try {
    return jsonToConvex(value as JSONValue) as Record<string, Value>;
  } catch (e) {
    throw new RequestError(400, "BadJsonBody", `Invalid Convex value in \`args\`: ${e}`);
  }
}

function decodeJsonObject(base64: string, what: string): Identity {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(base64, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) {
    throw new RequestError(401, "InvalidAuthHeader", `Could not decode the ${what}`);
  }
  return decoded as Identity;
}

function identityFromClaims(claims: Identity): Identity {
  const identity: Identity = {};
  for (const [claim, value] of Object.entries(claims)) {
    if (!TOKEN_CLAIMS.has(claim)) {
      identity[ATTRIBUTE_BY_CLAIM[claim] ?? claim] = value;
    }
  }
  return identity;
}

function parseAuth(req: IncomingMessage, url: URL, adminKey: string | undefined): Caller {
  let authorization = header(req, "authorization");
  const keyParam = url.searchParams.get("adminKey");
  if (authorization === undefined && keyParam !== null) {
    authorization = `Convex ${keyParam}`;
  }
  if (authorization === undefined || authorization.trim() === "") {
    return { admin: false, identity: null };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) {
    // Decoded, not verified: there is no identity provider to check signatures against.
    const parts = bearer[1].split(".");
    if (parts.length !== 3) {
      throw new RequestError(401, "InvalidAuthHeader", "Could not parse the JWT in the header");
    }
    return { admin: false, identity: identityFromClaims(decodeJsonObject(parts[1], "JWT")) };
  }
  const convex = /^Convex\s+(\S+)$/i.exec(authorization);
  if (convex) {
    const given = convex[1];
    if (adminKey !== undefined && given === adminKey) {
      return { admin: true, identity: null };
    }
    if (adminKey !== undefined && given.startsWith(`${adminKey}:`)) {
      const acting = decodeJsonObject(given.slice(adminKey.length + 1), "acting-as identity");
      return { admin: true, identity: acting };
    }
    throw new RequestError(
      403,
      "BadDeployKey",
      "The provided deploy key was invalid for this deployment.",
    );
  }
  throw new RequestError(
    401,
    "InvalidAuthHeader",
    "The Authorization header must be `Bearer <token>` or `Convex <deploy key>`",
  );
}

// ---------------------------------------------------------------------------------------------
// Running functions.

class Bridge {
  private t: TestBackend;
  /** The bridge's own URL, once it listens: what `convexUrl:cloudUrl` answers. */
  url = "";

  constructor(
    private readonly app: App,
    readonly adminKey: string | undefined,
    /** The app's function list as the deployment would serve it (see SYSTEM_QUERIES). */
    readonly spec: JSONValue,
  ) {
    this.t = this.freshBackend();
  }

  freshBackend(): TestBackend {
    return convexTest(this.app.schema as never, this.app.testModules);
  }

  reset(): void {
    this.t = this.freshBackend();
  }

  async run(
    kind: Kind | "Any",
    path: FunctionPath,
    args: Record<string, Value>,
    caller: Caller,
    format: Format,
  ): Promise<Record<string, JSONValue>> {
    const requestId = randomBytes(8).toString("hex");
    const display = `${path.module}:${path.name}`;
    const systemError = (message: string) => ({
      status: "error",
      errorMessage: `[Request ID: ${requestId}] Server Error\n${message}`,
    });
    // The two system queries `convex-codegen generate --url` (and `npx convex function-spec`)
    // call; like every `_system/` function they need an admin key.
    const system = SYSTEM_QUERIES[display];
    if (system !== undefined && caller.admin && (kind === "Query" || kind === "Any")) {
      return { status: "success", value: system(this) };
    }
    const exports = isFunctionModule(path.module) ? this.app.modules.get(path.module) : undefined;
    const fn = asFunction(exports?.[path.name]);
    if (fn === null || (fn.isInternal && !caller.admin)) {
      return systemError(
        `Could not find public function for '${display}'. ` +
          "Did you forget to run `npx convex dev` or `npx convex deploy`?",
      );
    }
    const actual = functionType(fn);
    if (kind !== "Any" && kind !== actual) {
      return systemError(
        `Trying to execute ${display} as ${kind}, but it is defined as ${actual}.`,
      );
    }
    const client = caller.identity === null ? this.t : this.t.withIdentity(caller.identity);
    const logLines: string[] = [];
    const withLogs = (body: Record<string, JSONValue>) =>
      logLines.length > 0 ? { ...body, logLines } : body;
    try {
      const value = await currentLogLines.run(logLines, () => {
        if (actual === "Query") return client.query(makeFunctionReference<"query">(display), args);
        if (actual === "Mutation") {
          return client.mutation(makeFunctionReference<"mutation">(display), args);
        }
        return client.action(makeFunctionReference<"action">(display), args);
      });
      return withLogs({ status: "success", value: encode(value as Value, format) });
    } catch (e) {
      const body: Record<string, JSONValue> = {
        status: "error",
        errorMessage: `[Request ID: ${requestId}] Server Error\n${this.describe(e)}`,
      };
      if (isConvexError(e)) {
        body.errorData = encode(e.data as Value, format);
      }
      return withLogs(body);
    }
  }

  /** `Uncaught <Name>: <message>` plus the stack frames inside the app, like the runtime. */
  private describe(e: unknown): string {
    if (!(e instanceof Error)) {
      return `Uncaught ${String(e)}`;
    }
    const frames = (e.stack ?? "")
      .split("\n")
      .filter((line) => line.startsWith("    at ") && line.includes(this.app.dir))
      .map((line) => line.replace(`file://${this.app.dir}`, "../convex"))
      .map((line) => line.replace(this.app.dir, "../convex"));
    const head = `Uncaught ${e.name}: ${e.message}`;
    return frames.length > 0 ? `${head}\n${frames.join("\n")}\n` : head;
  }

  async fetchHttp(req: IncomingMessage, url: URL): Promise<Response> {
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const path = url.pathname.slice("/http".length) + url.search;
    return await this.t.fetch(path, {
      method: req.method,
      headers,
      body: body === undefined ? undefined : new Uint8Array(body),
    });
  }
}

const SYSTEM_QUERIES: Record<string, (bridge: Bridge) => JSONValue> = {
  "_system/cli/modules:apiSpec": (bridge) => bridge.spec,
  "_system/cli/convexUrl:cloudUrl": (bridge) => bridge.url,
};

function isConvexError(e: unknown): e is Error & { data: unknown } {
  return typeof e === "object" && e !== null && Symbol.for("ConvexError") in e && "data" in e;
}

// ---------------------------------------------------------------------------------------------
// HTTP.

const KIND_BY_ROUTE: Record<string, Kind> = {
  "/api/query": "Query",
  "/api/mutation": "Mutation",
  "/api/action": "Action",
};

function send(res: ServerResponse, status: number, body: JSONValue): void {
  const text = toJsonText(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function checkClientHeader(req: IncomingMessage): void {
  const client = header(req, "convex-client");
  if (client !== undefined && !client.includes("-")) {
    throw new RequestError(
      400,
      "InvalidClientVersion",
      `Convex-Client header \`${client}\` is not of the form <name>-<version>`,
    );
  }
}

async function handle(bridge: Bridge, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const route = url.pathname;
  if (route === "/_test/reset" && req.method === "POST") {
    bridge.reset();
    send(res, 200, { status: "ok" });
    return;
  }
  if (route === "/http" || route.startsWith("/http/")) {
    const response = await bridge.fetchHttp(req, url);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  const kind = KIND_BY_ROUTE[route];
  const isRun = route.startsWith("/api/run/");
  if (kind === undefined && !isRun) {
    send(res, 404, { code: "NotFound", message: `No route for ${req.method} ${route}` });
    return;
  }
  const getQuery = route === "/api/query" && req.method === "GET";
  if (req.method !== "POST" && !getQuery) {
    const message = `${req.method} is not allowed on ${route}`;
    send(res, 405, { code: "MethodNotAllowed", message });
    return;
  }
  checkClientHeader(req);
  const caller = parseAuth(req, url, bridge.adminKey);
  let path: FunctionPath;
  let body: Record<string, unknown>;
  if (isRun) {
    const segments = route
      .slice("/api/run/".length)
      .split("/")
      .filter((s) => s !== "")
      .map(decodeURIComponent);
    if (segments.length < 2) {
      throw new RequestError(
        400,
        "MissingIdentifier",
        "The path must be /api/run/<module path>/<function name>",
      );
    }
    body = await readJsonObject(req);
    path = parseFunctionPath(`${segments.slice(0, -1).join("/")}:${segments.at(-1)}`);
  } else if (getQuery) {
    let args: unknown = {};
    const rawArgs = url.searchParams.get("args");
    try {
      args = rawArgs === null ? {} : JSON.parse(rawArgs);
    } catch {
      throw new RequestError(400, "BadJsonBody", "The `args` query parameter is not JSON");
    }
    body = {
      path: url.searchParams.get("path") ?? undefined,
      args,
      format: url.searchParams.get("format") ?? undefined,
    };
    path = parseFunctionPath(body.path);
  } else {
    body = await readJsonObject(req);
    path = parseFunctionPath(body.path);
  }
  const format = parseFormat(body.format);
  const args = parseArgs(body.args);
  send(res, 200, await bridge.run(kind ?? "Any", path, args, caller, format));
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dir = argv.find((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--"));
  if (dir === undefined) {
    process.stderr.write(
      "usage: server.ts <convex functions dir> [--admin-key KEY] [--port N]\n" +
        "       (or CONVEX_BRIDGE_ADMIN_KEY / CONVEX_BRIDGE_PORT in the environment)\n",
    );
    process.exit(2);
  }
  const adminKey = option(argv, "--admin-key") ?? process.env.CONVEX_BRIDGE_ADMIN_KEY;
  const port = Number(option(argv, "--port") ?? process.env.CONVEX_BRIDGE_PORT ?? 0);
  captureConsole();
  const app = await loadApp(dir);
  const spec = functionSpecList(app); // before relaxing: the deployment serves the real validators
  relaxBigintLiterals(app);
  const bridge = new Bridge(app, adminKey || undefined, spec);
  const server = createServer((req, res) => {
    handle(bridge, req, res).catch((e: unknown) => {
      if (e instanceof RequestError) {
        send(res, e.status, { code: e.code, message: e.message });
        return;
      }
      process.stderr.write(`bridge: ${e instanceof Error ? (e.stack ?? e.message) : e}\n`);
      if (!res.headersSent) {
        send(res, 500, {
          code: "InternalServerError",
          message: "Your request couldn't be completed. Try again later.",
        });
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    const actualPort = typeof address === "object" && address !== null ? address.port : port;
    bridge.url = `http://127.0.0.1:${actualPort}`;
    process.stdout.write(`listening on ${bridge.url}\n`);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => process.exit(0));
  }
}

await main();
