import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { WardroomError } from "../../core/errors.ts";
import { constantTimeEqual } from "./providers/webhook.ts";
import type { WebhookOutcome, WebhookRequest } from "./providers/types.ts";
import type { MatrixEventIn } from "./store/BridgeStore.ts";

/** Larger bodies are refused: appservice transactions and webhooks are small. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface BridgeHttpHandlers {
  hsToken: string;
  controlToken: string;
  /** The control API (`/_wardroom/v1/<route>`): Wardroom's own processes, with the control token. */
  onControl(route: string, body: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  /** Public base URL of the webhooks (what the provider calls; Twilio signs it). */
  publicBaseUrl: string;
  onTransaction(txnId: string, events: MatrixEventIn[]): Promise<void>;
  onWebhook(request: WebhookRequest): Promise<{ outcome: WebhookOutcome; reply: { status: number; contentType: string; body: string } }>;
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, "M_TOO_LARGE", "body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
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
          const body = await readBody(req);
          const { reply } = await h.onWebhook({
            method: "POST",
            url: `${h.publicBaseUrl.replace(/\/$/, "")}${path}${url.search}`,
            headers: req.headers as WebhookRequest["headers"],
            body,
          });
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
          send(res, err.status, { errcode: err.errcode, reason: err.errcode === "M_INVALID_PARAM" ? "bad_request" : err.errcode, error: err.message });
        } else {
          h.log.error({ path, err: (err as Error).message }, "request failed");
          if (!res.headersSent) send(res, 500, { errcode: "M_UNKNOWN", error: "internal error" });
        }
      }
    })();
  });
}
