import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { WardroomError } from "../../core/errors.ts";
import { constantTimeEqual } from "./providers/webhook.ts";
import type { WebhookOutcome, WebhookRequest } from "./providers/types.ts";
import type { MatrixEventIn } from "./store/BridgeStore.ts";

/** Larger bodies are refused: appservice transactions are small (and come with the hs_token). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/**
 * Webhooks are unauthenticated until their signature is checked: a carrier's message (1,600
 * characters at most, form- or JSON-encoded, with its headers) fits well within this, and a
 * larger body is refused (413) before it is read.
 */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export interface BridgeHttpHandlers {
  hsToken: string;
  controlToken: string;
  /** The control API (`/_wardroom/v1/<route>`): Wardroom's own processes, with the control token. */
  onControl(route: string, body: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  /** Public base URL of the webhooks (what the provider calls; Twilio signs it). */
  publicBaseUrl: string;
  onTransaction(txnId: string, events: MatrixEventIn[]): Promise<void>;
  onWebhook(request: WebhookRequest, source: string): Promise<{ outcome: WebhookOutcome; reply: { status: number; contentType: string; body: string } }>;
  /** Rejected webhooks per source: counted, rate limited, audited in aggregate. */
  rejections?: { limited(source: string): boolean; record(source: string, reason: string, httpStatus: number): Promise<void> };
  health(): Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  log: Logger;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a body up to `limit` bytes. A declared length over the limit is refused before reading;
 * a chunked body that grows past it stops being read. Either way the caller answers 413 and the
 * connection is closed after the answer (not reset before it).
 */
function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, "M_TOO_LARGE", "body too large"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new HttpError(413, "M_TOO_LARGE", "body too large"));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The rest of an unread body is not waited for: the connection closes once the answer is out. */
function closeAfter(res: ServerResponse): void {
  res.setHeader("connection", "close");
  res.once("finish", () => res.req.socket.destroySoon());
}

function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The bridge's HTTP side: the appservice API Synapse calls (transactions, user/room queries,
 * ping) and the provider webhooks. Handlers answer fast: transactions are stored durably and
 * processed afterwards.
 */
export function createBridgeServer(h: BridgeHttpHandlers): Server {
  const asAuthorized = (req: IncomingMessage, url: URL): boolean => {
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : (url.searchParams.get("access_token") ?? "");
    return token !== "" && constantTimeEqual(token, h.hsToken);
  };

  return createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://bridge.invalid");
      const path = url.pathname;
      try {
        if (path === "/health" && req.method === "GET") {
          const health = await h.health();
          send(res, health.ok ? 200 : 503, health);
          return;
        }
        if (path.startsWith("/_wardroom/v1/") && req.method === "POST") {
          const header = req.headers.authorization ?? "";
          if (!header.startsWith("Bearer ") || !constantTimeEqual(header.slice(7), h.controlToken)) throw new HttpError(403, "M_FORBIDDEN", "bad control token");
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(await readBody(req)) as Record<string, unknown>;
          } catch {
            throw new HttpError(400, "M_NOT_JSON", "body is not JSON");
          }
          try {
            const out = await h.onControl(path.slice("/_wardroom/v1/".length), body);
            send(res, out.status, out.body);
          } catch (err) {
            if (err instanceof WardroomError) throw new HttpError(400, "M_INVALID_PARAM", err.message);
            throw err;
          }
          return;
        }
        if (path.startsWith("/webhooks/sms") && req.method === "POST") {
          const source = req.socket.remoteAddress ?? "unknown";
          if (h.rejections?.limited(source)) {
            await h.rejections.record(source, "rate_limited", 429);
            closeAfter(res);
            send(res, 429, { error: "rate_limited" });
            return;
          }
          let body: string;
          try {
            body = await readBody(req, MAX_WEBHOOK_BYTES);
          } catch (err) {
            if (err instanceof HttpError && err.status === 413) await h.rejections?.record(source, "too_large", 413);
            throw err;
          }
          const { reply } = await h.onWebhook(
            {
              method: "POST",
              url: `${h.publicBaseUrl.replace(/\/$/, "")}${path}${url.search}`,
              headers: req.headers as WebhookRequest["headers"],
              body,
            },
            source,
          );
          send(res, reply.status, reply.body, reply.contentType);
          return;
        }
        const as = /^\/(?:_matrix\/app\/v1\/)?(transactions|users|rooms|ping)(?:\/(.+))?$/.exec(path.replace(/^\/_matrix\/app\/v1\/ping$/, "/ping"));
        if (as) {
          if (!asAuthorized(req, url)) throw new HttpError(req.headers.authorization || url.searchParams.has("access_token") ? 403 : 401, "M_FORBIDDEN", "bad homeserver token");
          const [, kind, rest] = as;
          if (kind === "transactions" && req.method === "PUT" && rest) {
            let parsed: { events?: unknown };
            try {
              parsed = JSON.parse(await readBody(req)) as { events?: unknown };
            } catch {
              throw new HttpError(400, "M_NOT_JSON", "body is not JSON");
            }
            if (!Array.isArray(parsed.events)) throw new HttpError(400, "M_BAD_JSON", "events must be an array");
            await h.onTransaction(decodeURIComponent(rest), parsed.events as MatrixEventIn[]);
            send(res, 200, {});
            return;
          }
          if (kind === "ping" && req.method === "POST") {
            send(res, 200, {});
            return;
          }
          // Puppets and rooms are created by the bridge itself, never on demand.
          if (kind === "users" || kind === "rooms") throw new HttpError(404, "M_NOT_FOUND", "not provisioned on demand");
        }
        throw new HttpError(404, "M_UNRECOGNIZED", "unrecognized request");
      } catch (err) {
        if (err instanceof HttpError) {
          if (err.status === 413) closeAfter(res);
          send(res, err.status, { errcode: err.errcode, reason: err.errcode === "M_INVALID_PARAM" ? "bad_request" : err.errcode, error: err.message });
        } else {
          h.log.error({ path, err: (err as Error).message }, "request failed");
          if (!res.headersSent) send(res, 500, { errcode: "M_UNKNOWN", error: "internal error" });
        }
      }
    })();
  });
}
