import type { IncomingMessage, ServerResponse } from "node:http";
import SCIMMY from "scimmy";
import { constantTimeEqual } from "../../core/constantTime.ts";
import type { ScimCapabilities } from "../../core/identity/provisioning.ts";
import { declareScimResources, type ScimRequestContext } from "./scimResources.ts";

/** Larger bodies are refused (413) before they are read in full. */
export const SCIM_MAX_BODY_BYTES = 256 * 1024;
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const CONTENT_TYPE = "application/scim+json; charset=utf-8";

export interface ScimRouterOptions {
  /** The path the SCIM service is under ("/scim/v2"). */
  basePath: string;
  /** The absolute URL of basePath, for resources' `meta.location`. */
  publicBaseUrl: string;
  /** The bearer token the identity provider sends, read at each request (it can be rotated). */
  token: () => string;
  caps: ScimCapabilities;
  /** Ids and categories only: never a body, a userName or a token. */
  log: (event: string, fields: Record<string, unknown>) => void;
  maxBodyBytes?: number;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | undefined,
    detail: string,
  ) {
    super(detail);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  res.writeHead(status, { "content-type": CONTENT_TYPE, "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, scimType: string | undefined, detail: string, headers: Record<string, string> = {}): void {
  send(res, status, { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail }, headers);
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw new HttpRefusal(413, undefined, `request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpRefusal(413, undefined, `request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  const type = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "" && type !== "application/scim+json" && type !== "application/json") {
    throw new HttpRefusal(400, "invalidSyntax", `content-type: must be application/scim+json or application/json`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpRefusal(400, "invalidSyntax", "request body: not valid JSON");
  }
}

/**
 * Entra ID sends booleans as strings in PATCH (`"value": "False"`); RFC 7644 wants JSON
 * booleans. Only `active` is boolean-typed in what we accept, so only it is coerced.
 */
export function normalisePatch(body: unknown): unknown {
  if (!body || typeof body !== "object" || !Array.isArray((body as { Operations?: unknown }).Operations)) return body;
  const asBool = (v: unknown) => (typeof v === "string" && /^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : v);
  const ops = (body as { Operations: unknown[] }).Operations.flatMap(splitExtensionOp).map((op) => {
    if (!op || typeof op !== "object") return op;
    const o = { ...(op as Record<string, unknown>) };
    if (typeof o.path === "string" && o.path.toLowerCase() === "active") o.value = asBool(o.value);
    else if (o.path === undefined && o.value && typeof o.value === "object" && !Array.isArray(o.value)) {
      const v = { ...(o.value as Record<string, unknown>) };
      for (const k of Object.keys(v)) if (k.toLowerCase() === "active") v[k] = asBool(v[k]);
      o.value = v;
    }
    return o;
  });
  return { ...(body as object), Operations: ops };
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** The extension's own attributes (RFC 7643 4.3). */
const ENTERPRISE_ATTRIBUTES = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];

/**
 * A PATCH on the enterprise extension as a whole (`path` is the extension's URN) is split into
 * one operation per attribute, the form SCIMMY applies (its whole-extension PATCH fails inside
 * the library). A whole-extension remove removes each of its attributes.
 */
function splitExtensionOp(op: unknown): unknown[] {
  if (!op || typeof op !== "object") return [op];
  const o = op as { op?: unknown; path?: unknown; value?: unknown };
  if (typeof o.path !== "string" || o.path.toLowerCase() !== ENTERPRISE.toLowerCase() || typeof o.op !== "string") return [op];
  if (o.op.toLowerCase() === "remove") {
    return ENTERPRISE_ATTRIBUTES.map((name) => ({ op: o.op, path: `${ENTERPRISE}:${name}` }));
  }
  if (!o.value || typeof o.value !== "object" || Array.isArray(o.value)) return [op];
  return Object.entries(o.value as Record<string, unknown>)
    .filter(([name]) => ENTERPRISE_ATTRIBUTES.includes(name))
    .map(([name, value]) => ({ op: o.op, path: `${ENTERPRISE}:${name}`, value }));
}

function listQuery(url: URL): Record<string, string | number> {
  const q: Record<string, string | number> = {};
  for (const k of ["filter", "attributes", "excludedAttributes", "sortBy", "sortOrder"]) {
    const v = url.searchParams.get(k);
    if (v !== null) q[k] = v;
  }
  for (const k of ["startIndex", "count"]) {
    const v = url.searchParams.get(k);
    if (v === null) continue;
    if (!/^\d{1,9}$/.test(v)) throw new HttpRefusal(400, "invalidValue", `${k}: must be a non-negative integer`);
    q[k] = Number(v);
  }
  return q;
}

/** One write at a time: each SCIM change touches several stores, and must not interleave. */
function serialiser(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The SCIM 2.0 HTTP service (RFC 7644) as a request handler for node:http: bearer token,
 * body limit, routing to SCIMMY's resources, and SCIM error responses naming the bad
 * attribute. A failure of ours (homeserver or database down) is a 503 with no detail beyond
 * that; no stack trace ever leaves the process.
 */
export function createScimHandler(o: ScimRouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  declareScimResources();
  const base = o.basePath.replace(/\/$/, "");
  const exclusive = serialiser();
  const limit = o.maxBodyBytes ?? SCIM_MAX_BODY_BYTES;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://scim.invalid");
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return sendError(res, 404, undefined, "not a SCIM endpoint");
    const auth = String(req.headers.authorization ?? "");
    const presented = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? "";
    if (!constantTimeEqual(presented, o.token())) {
      o.log("scim request refused", { reason: presented ? "wrong_token" : "no_token" });
      return sendError(res, 401, undefined, "Authorization: a valid bearer token is required", { "www-authenticate": 'Bearer realm="wardroom-scim"' });
    }
    const parts = url.pathname.slice(base.length).split("/").filter(Boolean).map((p) => decodeURIComponent(p));
    const method = req.method ?? "GET";
    const [collection, id, ...rest] = parts;
    if (rest.length > 0) return sendError(res, 404, undefined, "no such SCIM resource path");
    const body = method === "GET" || method === "DELETE" ? undefined : await readBody(req, limit);
    const ctx: ScimRequestContext = { caps: o.caps };
    SCIMMY.Resources.User.basepath(o.publicBaseUrl);
    SCIMMY.Resources.Group.basepath(o.publicBaseUrl);
    try {
      switch (collection) {
        case "ServiceProviderConfig":
        case "ResourceTypes":
        case "Schemas": {
          if (method !== "GET") throw new HttpRefusal(405, undefined, `${method} is not allowed on ${collection}`);
          const Resource = collection === "ServiceProviderConfig" ? SCIMMY.Resources.ServiceProviderConfig : collection === "ResourceTypes" ? SCIMMY.Resources.ResourceType : SCIMMY.Resources.Schema;
          Resource.basepath(o.publicBaseUrl);
          const resource = collection === "ServiceProviderConfig" ? new Resource() : new Resource(id);
          return send(res, 200, await resource.read(ctx));
        }
        case "Users":
        case "Groups": {
          // One code path for both types; SCIMMY's classes differ only in their schema.
          const Resource = (collection === "Users" ? SCIMMY.Resources.User : SCIMMY.Resources.Group) as typeof SCIMMY.Types.Resource;
          if (method === "GET") {
            const out = await new Resource(id, id ? pick(listQuery(url), ["attributes", "excludedAttributes"]) : listQuery(url)).read(ctx);
            return send(res, 200, withSchemas(out, Resource.schema.definition.id));
          }
          if (method === "POST" && !id) {
            const created = (await exclusive(async () => (await new Resource().write(body, ctx)) as unknown)) as { id?: string; meta?: { location?: string } };
            o.log("scim change", { resource: collection, op: "create", id: created.id });
            return send(res, 201, created, created.meta?.location ? { location: created.meta.location } : {});
          }
          if (!id) throw new HttpRefusal(405, undefined, `${method} needs a resource id (${collection}/{id})`);
          if (method === "PUT") {
            const out = await exclusive(async () => (await new Resource(id).write(body, ctx)) as unknown);
            o.log("scim change", { resource: collection, op: "replace", id });
            return send(res, 200, out);
          }
          if (method === "PATCH") {
            const out = await exclusive(async () => (await new Resource(id).patch(normalisePatch(body) as never, ctx)) as unknown);
            o.log("scim change", { resource: collection, op: "patch", id });
            // SCIMMY answers nothing when the patch changed nothing: the resource as it is.
            return send(res, 200, out ?? (await new Resource(id).read(ctx)));
          }
          if (method === "DELETE") {
            await exclusive(() => new Resource(id).dispose(ctx));
            o.log("scim change", { resource: collection, op: "delete", id });
            return send(res, 204, undefined);
          }
          throw new HttpRefusal(405, undefined, `${method} is not allowed on ${collection}`);
        }
        case "Bulk":
        case "Me":
        case ".search":
          throw new HttpRefusal(501, undefined, `${collection} is not supported by this service provider`);
        default:
          return sendError(res, 404, undefined, "no such SCIM resource type");
      }
    } catch (err) {
      if (ctx.fault !== undefined) {
        o.log("scim request failed", { resource: collection, op: method, error: (ctx.fault as Error).name ?? "error", message: String((ctx.fault as Error).message ?? "").slice(0, 200) });
        return sendError(res, 503, undefined, "the service could not reach the homeserver or its database; try again");
      }
      throw err;
    }
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof HttpRefusal) return sendError(res, err.status, err.scimType, err.message);
      if (err instanceof SCIMMY.Types.Error) {
        const msg = new SCIMMY.Messages.Error(err);
        return send(res, Number(msg.status), msg);
      }
      // SCIMMY's own validation of a payload throws TypeErrors naming the attribute.
      if (err instanceof TypeError) return sendError(res, 400, "invalidValue", err.message.slice(0, 300));
      o.log("scim request failed", { error: (err as Error).name ?? "error" });
      return sendError(res, 500, undefined, "internal error");
    });
  };
}

/**
 * `schemas` is "returned: always" (RFC 7643 3): SCIMMY leaves it out when `attributes` names
 * others, so it is put back on each resource.
 */
function withSchemas(out: unknown, schemaId: string): unknown {
  const plain = JSON.parse(JSON.stringify(out)) as { schemas?: string[]; Resources?: Array<{ schemas?: string[] }> };
  const fix = (r: { schemas?: string[] }) => (r.schemas ? r : { schemas: [schemaId], ...r });
  if (Array.isArray(plain.Resources) && plain.schemas?.[0] === "urn:ietf:params:scim:api:messages:2.0:ListResponse") return { ...plain, Resources: plain.Resources.map(fix) };
  return fix(plain);
}

function pick(q: Record<string, string | number>, keys: string[]): Record<string, string | number> {
  return Object.fromEntries(Object.entries(q).filter(([k]) => keys.includes(k)));
}

