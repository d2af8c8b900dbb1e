import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Policy } from "../../core/policy/index.ts";
import { startScimService } from "../../admin-console/scim/scimService.ts";
import { randomSecret, secretFile } from "./secrets.ts";

export interface LocalScim {
  url: string;
  /** The bearer token the identity provider sends (0600, made once and reused). */
  tokenFile: string;
  stop(): Promise<void>;
}

/**
 * The SCIM provisioning service of the local stack, in the `local up` process
 * (admin-console/scim/scimService.ts, which AWS runs as its own service), with its tokens in
 * 0600 files and its request log in the stack directory.
 */
export async function startLocalScim(o: {
  dir: string;
  host: string;
  port: number;
  policy: Policy;
  homeserverUrl: string;
  serverName: string;
  serviceAccount: { userId: string; password: string };
  directoryUrl: string;
  auditUrl: string;
  /** The token Synapse's login module sends with a person's groups (roles from the group claim). */
  ssoHookTokenFile: string;
  /** Ids and categories of each request (never a body, a name or the token). */
  logFile: string;
}): Promise<LocalScim> {
  const tokenFile = join(o.dir, "secrets", "token");
  const token = secretFile(tokenFile, () => randomSecret(32));
  const ssoHookToken = secretFile(o.ssoHookTokenFile, () => randomSecret(32));
  mkdirSync(dirname(o.logFile), { recursive: true, mode: 0o700 });
  const server = await startScimService({
    host: o.host,
    port: o.port,
    policy: o.policy,
    homeserverUrl: o.homeserverUrl,
    serverName: o.serverName,
    serviceAccount: o.serviceAccount,
    directoryUrl: o.directoryUrl,
    auditUrl: o.auditUrl,
    token,
    ssoHookToken,
    log: (event, fields) => appendFileSync(o.logFile, `${JSON.stringify({ ts: new Date().toISOString(), event, ...fields })}\n`, { mode: 0o600 }),
  });
  return {
    url: server.url,
    tokenFile,
    stop: () => server.close(),
  };
}
