import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ScimCapabilities } from "../../core/identity/provisioning.ts";
import { createScimHandler } from "./scimRouter.ts";
import { createSsoLoginHook, SSO_LOGIN_HOOK_PATH } from "./ssoLoginHook.ts";

export const SCIM_BASE_PATH = "/scim/v2";

export interface RunningScimServer {
  /** `http://host:port/scim/v2`: what the identity provider is given (stack.json `scim.url`). */
  url: string;
  close(): Promise<void>;
}

/**
 * The SCIM service on its own port, until the admin console mounts the handler under its own
 * server; with it, the hook through which Synapse's login hands over a person's groups (the
 * same process writes every IdP-fed role, so the directory has one writer per source). Slow or stalled clients are cut off (headers 10 s, whole request 30 s).
 */
export async function startScimServer(o: {
  host: string;
  port: number;
  token: () => string;
  /** The token of Synapse's login hook (roles from the group claim); no hook without it. */
  ssoHookToken?: () => string;
  /** The absolute URL of the base path as clients see it (behind a load balancer); default: this server's own. */
  publicUrl?: string;
  caps: ScimCapabilities;
  log: (event: string, fields: Record<string, unknown>) => void;
}): Promise<RunningScimServer> {
  const hostForUrl = o.host.includes(":") ? `[${o.host}]` : o.host;
  let url = `http://${hostForUrl}:${o.port}${SCIM_BASE_PATH}`;
  const handler = (publicBaseUrl: string) => createScimHandler({ basePath: SCIM_BASE_PATH, publicBaseUrl, token: o.token, caps: o.caps, log: o.log });
  let handle = handler(o.publicUrl ?? url);
  const hook = o.ssoHookToken ? createSsoLoginHook({ token: o.ssoHookToken, caps: o.caps, log: o.log }) : undefined;
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    // What a load balancer's health check asks (no data, no token).
    if (path === "/health" && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/plain" }).end("OK");
      return;
    }
    if (hook && path === SSO_LOGIN_HOOK_PATH) {
      hook(req, res).catch(() => (res.headersSent ? res.end() : res.writeHead(500).end()));
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (port !== o.port) {
    url = `http://${hostForUrl}:${port}${SCIM_BASE_PATH}`;
    handle = handler(o.publicUrl ?? url);
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
