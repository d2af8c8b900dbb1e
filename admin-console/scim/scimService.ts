import { randomUUID } from "node:crypto";
import type { Policy } from "../../core/policy/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SqlScimStore } from "../../runtime/identity/SqlScimStore.ts";
import { SynapseProvisioningAccounts } from "../../runtime/identity/SynapseProvisioningAccounts.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { startScimServer, type RunningScimServer } from "./scimServer.ts";

/**
 * The SCIM provisioning service wired to its real capabilities: its store and the role
 * directory in the directory database, the audit ledger, and Synapse's admin API as the
 * service account (a server admin). Run by the local stack (infra/local/scim.ts) and by its
 * own process on AWS (admin-console/scim/main.ts).
 */
export async function startScimService(o: {
  host: string;
  port: number;
  policy: Policy;
  homeserverUrl: string;
  serverName: string;
  serviceAccount: { userId: string; password: string };
  directoryUrl: string;
  auditUrl: string;
  token: string;
  /** The base URL clients see (behind a load balancer). */
  publicUrl?: string;
  /** The token Synapse's login module sends with a person's groups; absent: no hook. */
  ssoHookToken?: string;
  /** Ids and categories of each request (never a body, a name or the token). */
  log: (event: string, fields: Record<string, unknown>) => void;
}): Promise<RunningScimServer> {
  const login = await new SynapseClient({ baseUrl: o.homeserverUrl }).loginWithPassword(o.serviceAccount.userId, o.serviceAccount.password, "wardroom-scim");
  const synapse = new SynapseClient({ baseUrl: o.homeserverUrl, token: login.accessToken });
  const store = await SqlScimStore.open(o.directoryUrl);
  const roles = await SqlRoleDirectory.open(o.directoryUrl);
  const audit = await openAuditLedger({ url: o.auditUrl });
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
      token: () => o.token,
      ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
      ...(o.ssoHookToken ? { ssoHookToken: () => o.ssoHookToken! } : {}),
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
      log: o.log,
    });
  } catch (err) {
    await close();
    throw err;
  }
  return {
    url: server.url,
    async close() {
      await server.close();
      await close();
    },
  };
}
