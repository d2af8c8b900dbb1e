import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Policy } from "../../core/policy/index.ts";
import { startScimServer, type RunningScimServer } from "../../admin-console/scim/scimServer.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SqlScimStore } from "../../runtime/identity/SqlScimStore.ts";
import { SynapseProvisioningAccounts } from "../../runtime/identity/SynapseProvisioningAccounts.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { randomSecret, secretFile } from "./secrets.ts";

export interface LocalScim {
  url: string;
  /** The bearer token the identity provider sends (0600, made once and reused). */
  tokenFile: string;
  stop(): Promise<void>;
}

/**
 * The SCIM provisioning service of the local stack, in the `local up` process: its store and
 * the role directory in the directory database, the audit ledger, and Synapse's admin API as
 * the service account (a server admin).
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
  const login = await new SynapseClient({ baseUrl: o.homeserverUrl }).loginWithPassword(o.serviceAccount.userId, o.serviceAccount.password, "wardroom-scim");
  const synapse = new SynapseClient({ baseUrl: o.homeserverUrl, token: login.accessToken });
  const store = await SqlScimStore.open(o.directoryUrl);
  const roles = await SqlRoleDirectory.open(o.directoryUrl);
  const audit = await openAuditLedger({ url: o.auditUrl });
  mkdirSync(dirname(o.logFile), { recursive: true, mode: 0o700 });
  const close = async () => {
    await store.close();
    await roles.close();
    await audit.store.close();
  };
  let server: RunningScimServer;
  try {
    server = await startScimServer({
      host: o.host,
      port: o.port,
      token: () => token,
      ssoHookToken: () => ssoHookToken,
      caps: {
        store,
        roles,
        accounts: new SynapseProvisioningAccounts(synapse),
        audit,
        policy: () => o.policy,
        serverName: o.serverName,
        newId: () => randomUUID(),
        now: () => new Date(),
      },
      log: (event, fields) => appendFileSync(o.logFile, `${JSON.stringify({ ts: new Date().toISOString(), event, ...fields })}\n`, { mode: 0o600 }),
    });
  } catch (err) {
    await close();
    throw err;
  }
  return {
    url: server.url,
    tokenFile,
    async stop() {
      await server.close();
      await close();
    },
  };
}
