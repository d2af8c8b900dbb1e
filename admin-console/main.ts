import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { parseArgs } from "node:util";
import { defaultActionRegistry } from "../core/audit/index.ts";
import { InputError, WardroomError } from "../core/errors.ts";
import { openAuditLedger } from "../runtime/audit/index.ts";
import { loadConsoleConfig } from "../runtime/config/index.ts";
import { SynapseAccountActions, type AdminRequester } from "../runtime/lifecycle/SynapseAccountActions.ts";
import { logger } from "../runtime/log.ts";
import { loadPolicyFile } from "../runtime/policy.ts";
import { SqlRoleDirectory } from "../runtime/roles/SqlRoleDirectory.ts";
import { MatrixHttpError, SynapseClient } from "../runtime/synapse/index.ts";
import { createConsole } from "./app.ts";
import { openConsoleRecords } from "./openRecords.ts";
import { ConsoleOidc } from "./oidcLogin.ts";
import { SqlSessionStore } from "./SqlSessionStore.ts";
import { SqlWipeJobStore } from "./SqlWipeJobStore.ts";

/**
 * The admin console process:
 *   node bin/run-ts.mjs admin-console/main.ts --config .wardroom/local/console/config.json
 * Signs in to the homeserver as its service account (a server admin), opens the audit ledger,
 * the role directory and the session store, and serves the console.
 */
const log = logger("admin-console");
const DEVICE_NAME = "wardroom admin console";

const readSecret = (file: string, field: string): string => {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new InputError(`${field}: cannot read ${file}`);
  }
};

/** Verifies the break-glass password against the homeserver and logs that login out again. */
async function homeserverAcceptsPassword(homeserverUrl: string, userId: string, password: string): Promise<boolean> {
  const anonymous = new SynapseClient({ baseUrl: homeserverUrl });
  try {
    const login = await anonymous.loginWithPassword(userId, password, "wardroom console sign-in check");
    await anonymous.withToken(login.accessToken).request("POST", "/_matrix/client/v3/logout", { body: {} }).catch(() => undefined);
    return true;
  } catch (err) {
    if (err instanceof MatrixHttpError && (err.status === 403 || err.status === 401)) return false;
    throw err;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const file = values.config ?? process.env.WARDROOM_CONSOLE_CONFIG;
  if (!file) throw new InputError("--config FILE (or WARDROOM_CONSOLE_CONFIG) is required");
  const c = loadConsoleConfig(file);
  const policy = loadPolicyFile(c.policyFile);
  const anonymous = new SynapseClient({ baseUrl: c.homeserverUrl });
  const login = await anonymous.loginWithPassword(c.serviceAccount.userId, readSecret(c.serviceAccount.passwordFile, "serviceAccount.passwordFile"), DEVICE_NAME);
  const client = anonymous.withToken(login.accessToken);
  // A restart is a new login: remove the devices earlier runs of the console left behind.
  const own = new SynapseAccountActions(client);
  for (const d of await own.listDevices(login.userId)) {
    if (d.deviceId !== login.deviceId && d.displayName === DEVICE_NAME) await own.deleteDevices(login.userId, [d.deviceId]);
  }
  // The session ended from outside (the service account wiped): exit, the supervisor restarts
  // the console, which logs in afresh.
  const synapse: AdminRequester = {
    request: async <T>(...args: Parameters<SynapseClient["request"]>) => {
      try {
        return await client.request<T>(...args);
      } catch (err) {
        if (err instanceof MatrixHttpError && err.errcode === "M_UNKNOWN_TOKEN") {
          log.warn("session ended by the server; restarting to log in again");
          process.exit(75);
        }
        throw err;
      }
    },
  };
  const audit = await openAuditLedger({ url: c.auditUrl, actions: defaultActionRegistry() });
  const roles = await SqlRoleDirectory.open(c.directoryUrl);
  const sessionStore = await SqlSessionStore.open(c.sessionsUrl);
  const wipeJobs = await SqlWipeJobStore.open(c.wipeJobsUrl ?? c.sessionsUrl);
  const records = await openConsoleRecords({ ledger: audit, policyFile: c.policyFile, consentUrl: c.consentUrl, breakGlassUrl: c.breakGlassUrl, tokensUrl: c.tokensUrl });
  const publicUrl = c.publicUrl.replace(/\/$/, "");
  const { app, wipes, close: closeConsole } = createConsole({
    settings: { publicUrl, sessionSecret: readSecret(c.sessionSecretFile, "sessionSecretFile"), serverName: c.serverName, loginRateLimit: c.loginRateLimit, trustProxy: c.trustProxy },
    policy,
    synapse,
    roles,
    audit,
    sessionStore,
    clock: () => new Date(),
    ...(c.oidc
      ? {
          oidc: new ConsoleOidc({
            issuer: c.oidc.issuer,
            clientId: c.oidc.clientId,
            clientSecret: readSecret(c.oidc.clientSecretFile, "oidc.clientSecretFile"),
            redirectUri: `${publicUrl}/login/callback`,
            // The deployment's scopes when its provider needs others than the policy's (Cognito).
            scopes: c.oidc.scopes ?? policy.identity.sso.scopes,
            allowHttp: c.oidc.allowHttp,
          }),
        }
      : {}),
    ...(c.breakGlass
      ? { breakGlass: { userId: c.breakGlass.userId, totpSecret: readSecret(c.breakGlass.totpSecretFile, "breakGlass.totpSecretFile"), verifyPassword: (u, p) => homeserverAcceptsPassword(c.homeserverUrl, u, p) } }
      : {}),
    wipeJournalDir: c.wipeJournalDir,
    wipeJobs,
    records,
    onError: (err) => log.error({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, "request failed"),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(c.listen.port, c.listen.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  log.info({ url: publicUrl }, "admin console listening");
  // Wipes an earlier run left unfinished go on where their journals say they stopped.
  void wipes.resumeUnfinished().then(
    (n) => n > 0 && log.info({ wipes: n }, "unfinished wipes resumed"),
    (err: unknown) => log.error({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, "resuming unfinished wipes failed"),
  );
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeConsole();
    await sessionStore.close();
    await wipeJobs.close();
    await records.close();
    await roles.close();
    await audit.close();
    await client.request("POST", "/_matrix/client/v3/logout", { body: {} }).catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`admin-console: ${(err as Error).message}\n`);
  process.exit(err instanceof WardroomError ? err.exitCode : 1);
});
