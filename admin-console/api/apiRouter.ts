import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { EXPORT_FORMATS, type ExportFormat } from "../../core/audit/index.ts";
import { InputError, WardroomError } from "../../core/errors.ts";
import { SynapseUsers } from "../../runtime/lifecycle/SynapseUsers.ts";
import type { PageContext } from "../routeTable.ts";
import { parseUserId } from "../format.ts";
import { queryText, writeChunk } from "../records.ts";
import { ReviewService } from "../review.ts";
import { fixRetention, parseRoomId } from "../roomActions.ts";
import { streamExport } from "../routes/audit.ts";
import { tokenServiceOf } from "../routes/tokens.ts";
import { API_ROUTES, expressPath, type ApiRoute } from "./apiRoutes.ts";
import { openApiDocument } from "./openapi.ts";

const DEVICE_ID = /^[A-Za-z0-9._=\-/+]{1,255}$/;

type Call = (args: { req: Request; res: Response; actor: string; review: ReviewService }) => Promise<unknown>;

/**
 * /api/v1: every operation of API_ROUTES, authenticated by a personal access token (Bearer)
 * whose scope and whose owner's current permissions must both give the route's permission.
 * Mounted before the console's session, Origin and CSRF checks: a token is not an ambient
 * credential a browser would send on its own, so cross-site requests cannot use it.
 */
export function createApiRouter(ctx: PageContext, version = "0.1.0"): express.Router {
  const router = express.Router();
  const records = ctx.deps.records;
  const review = records ? new ReviewService(records, ctx.deps.audit, ctx.deps.synapse, ctx.deps.clock) : undefined;
  const tokens = tokenServiceOf(ctx);
  const users = new SynapseUsers(ctx.deps.synapse);
  const doc = openApiDocument(version);

  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  router.get("/openapi.json", (_req, res) => void res.json(doc));
  router.use(express.json({ limit: "16kb", strict: true }));

  const calls: Record<string, Call> = {
    getDashboard: ({ actor, review }) => review.dashboard(actor, "api"),
    searchAudit: async ({ req, actor, review }) => {
      const found = await review.searchAudit(actor, req.query as Record<string, unknown>, "api");
      return { records: found.records, nextCursor: found.nextCursor };
    },
    exportAudit: async ({ req, res, actor, review }) => {
      const format = req.query.format;
      if (typeof format !== "string" || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new InputError(`format: must be ${EXPORT_FORMATS.join(" or ")}`);
      await streamExport(res, () => review.exportAudit(actor, req.query as Record<string, unknown>, format as ExportFormat, "api", (chunk) => writeChunk(res, chunk)), format as ExportFormat, (status, message) => void res.status(status).json({ error: message }));
      return STREAMED;
    },
    verifyAudit: ({ actor, review }) => review.verifyAudit(actor),
    searchConsents: ({ req, actor, review }) => {
      const b = bodyOf(req);
      return review.searchConsents(actor, { phone: queryText(b.phone), state: queryText(b.state), after: queryText(b.after) }, "api").then(({ rows, nextCursor }) => ({ rows, nextCursor }));
    },
    getConsentEvidence: ({ req, actor, review }) => review.evidence(actor, queryText(bodyOf(req).phone) ?? "", "api"),
    listBreakGlass: ({ req, actor, review }) => review.breakGlass(actor, queryText(req.query.before), "api"),
    getPolicy: async ({ actor, review }) => {
      const view = await review.policy(actor, ctx.deps.policy, ctx.deps.policy, "api");
      return { valid: view.valid, problems: view.problems, summary: view.summary, policy: view.effective };
    },
    listRooms: ({ req, actor, review }) => review.rooms(actor, queryText(req.query.from), "api"),
    fixRoomRetention: async ({ req, actor }) => {
      const fix = await fixRetention(ctx.deps, actor, parseRoomId(bodyOf(req).roomId), "api");
      return { roomId: bodyOf(req).roomId, ...fix };
    },
    listUsers: async ({ req }) => {
      const search = queryText(req.query.q)?.trim().slice(0, 100);
      const from = queryText(req.query.from);
      if (from !== undefined && !/^[0-9]{1,9}$/.test(from)) throw new InputError("from: must be the next value of a previous page");
      return users.page({ ...(search ? { search } : {}), ...(from ? { from } : {}), limit: 50 });
    },
    startWipe: async ({ req, res, actor }) => {
      const b = bodyOf(req);
      const userId = parseUserId(b.userId);
      if (!userId) throw new InputError("userId: must be a Matrix user id");
      const deviceId = b.deviceId === undefined ? undefined : typeof b.deviceId === "string" && DEVICE_ID.test(b.deviceId) ? b.deviceId : null;
      if (deviceId === null) throw new InputError("deviceId: must be a device id");
      if (b.confirm !== true) throw new InputError("confirm: must be true");
      if (!(await users.get(userId))) throw new InputError("userId: there is no such account");
      const { job } = await ctx.wipes.start(actor, { userId, ...(deviceId ? { deviceId } : {}), lock: true, redact: "none", media: false });
      res.status(202);
      return { id: job.id };
    },
    getWipe: async ({ req, actor }) => {
      const job = await ctx.wipes.get(String(req.params.id));
      if (!job || job.actor !== actor) throw new NotFound();
      return { id: job.id, lines: job.lines, done: job.report !== undefined || job.error !== undefined, report: job.report ?? null, error: job.error ?? null };
    },
  };

  for (const route of API_ROUTES) {
    const call = calls[route.operationId];
    if (!call) throw new Error(`api: no handler for ${route.operationId}`);
    router[route.method](expressPath(route.path), authenticate(route), handle(call));
  }
  router.use((_req, res) => void res.status(404).json({ error: "no such API route" }));
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 400 || status === 413) return void res.status(status).json({ error: "the request body could not be read as JSON of at most 16 KiB" });
    res.status(500).json({ error: "something went wrong; the console's log has the details" });
  });
  return router;

  function authenticate(route: ApiRoute): RequestHandler {
    return (req, res, next) => {
      if (!tokens || !review) return void res.status(503).json({ error: "the ledgers are not configured for this console" });
      tokens.authenticate(req.get("authorization"), route.permission).then(
        (decision) => {
          if (decision.ok) {
            res.locals.apiActor = decision.token.owner;
            return next();
          }
          if (decision.status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="wardroom-console"');
          res.status(decision.status).json({ error: decision.status === 401 ? "a valid personal access token is required" : `this needs the ${route.permission} permission`, reason: decision.reason });
        },
        // The token store or role directory cannot answer: refuse (fail closed).
        () => void res.status(503).json({ error: "the token store or role directory cannot be reached" }),
      );
    };
  }

  function handle(call: Call): RequestHandler {
    return (req, res) => {
      call({ req, res, actor: res.locals.apiActor as string, review: review! }).then(
        (body) => {
          if (body !== STREAMED && !res.headersSent) res.json(body);
        },
        (err: unknown) => {
          if (res.headersSent) return void res.destroy();
          if (err instanceof NotFound) return void res.status(404).json({ error: "not found" });
          if (err instanceof InputError) return void res.status(400).json({ error: err.message });
          res.status(503).json({ error: err instanceof WardroomError ? "a ledger cannot answer right now" : "the homeserver or a ledger cannot be reached" });
        },
      );
    };
  }
}

const STREAMED = Symbol("streamed");

class NotFound extends Error {}

function bodyOf(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return b && typeof b === "object" && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}
