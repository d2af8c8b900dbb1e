import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultActionRegistry } from "../../core/audit/index.ts";
import { InputError, WardroomError } from "../../core/errors.ts";
import { MatrixHttpError, SynapseClient } from "../../runtime/synapse/index.ts";
import { openAuditLedger, startAuditArchive } from "../../runtime/audit/index.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { loadLifecycleBotConfig } from "../../runtime/config/index.ts";
import { logger } from "../../runtime/log.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { BreakGlassService } from "../../runtime/breakglass/BreakGlassService.ts";
import { SqlBreakGlassStore } from "../../runtime/breakglass/SqlBreakGlassStore.ts";
import { SynapseBreakGlassRooms } from "../../runtime/breakglass/SynapseBreakGlassRooms.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { IdleLogoff } from "./IdleLogoff.ts";
import { startBreakGlassExpiry } from "./breakGlassExpiry.ts";

/**
 * The lifecycle bot: automatic logoff of idle devices, break-glass expiry and, when
 * $WARDROOM_AUDIT_S3_BUCKET is set (AWS), the audit ledger's checkpoints and records in the
 * archive bucket. Signs in as the bots' service account, which is a server admin.
 *   node bin/run-ts.mjs bots/lifecycle/main.ts --config .wardroom/local/lifecycle/config.json
 */

const log = logger("lifecycle-bot");
const DEVICE_NAME = "wardroom lifecycle bot";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const file = values.config ?? process.env.WARDROOM_LIFECYCLE_CONFIG;
  if (!file) throw new InputError("--config FILE (or WARDROOM_LIFECYCLE_CONFIG) is required");
  const c = loadLifecycleBotConfig(file);
  const policy = loadPolicyFile(c.policyFile);
  const audit = await openAuditLedger({ url: c.auditUrl, actions: defaultActionRegistry() });
  // On AWS this bot (one task, never two at once) checkpoints and exports the ledger into the
  // audit archive bucket ($WARDROOM_AUDIT_S3_BUCKET, Object Lock): started before the Matrix
  // login, so the archive does not wait for the homeserver.
  const archive = await startAuditArchive(audit, policy.audit, { actor: "system:lifecycle" });
  const anonymous = new SynapseClient({ baseUrl: c.homeserverUrl });
  const login = await anonymous.loginWithPassword(c.userId, readFileSync(c.passwordFile, "utf8").trim(), DEVICE_NAME);
  const synapse = anonymous.withToken(login.accessToken);
  // A restart is a new login: remove the devices earlier runs of this bot left behind (the
  // service account is exempt from idle logoff, so nothing else would).
  const actions = new SynapseAccountActions(synapse);
  for (const d of await actions.listDevices(login.userId)) {
    if (d.deviceId !== login.deviceId && d.displayName === DEVICE_NAME) await actions.deleteDevices(login.userId, [d.deviceId]);
  }
  // If the session is ended from outside (a wipe of the service account), exit: the supervisor
  // (the local stack, ECS) starts the bot again, which logs in afresh.
  const onError = (err: unknown) => {
    if (err instanceof MatrixHttpError && err.errcode === "M_UNKNOWN_TOKEN") {
      log.warn("session ended by the server; restarting to log in again");
      process.exit(75);
    }
  };
  const idle = new IdleLogoff({
    actions,
    onSweepError: onError,
    policy,
    serverName: c.serverName,
    selfUserId: login.userId,
    audit,
    log,
  });
  idle.start();
  // Ending break-glass grants needs no notifier: grants are made (and announced) by the compliance bot.
  const store = await SqlBreakGlassStore.open(c.breakGlassUrl);
  const roles = await SqlRoleDirectory.open(c.directoryUrl);
  const breakGlass = new BreakGlassService({ store, roles, rooms: new SynapseBreakGlassRooms(synapse), notify: async () => [], audit, policy });
  const stopExpiry = startBreakGlassExpiry(breakGlass, log, onError);
  log.info({ idleLogoffMinutes: policy.sessions.idleLogoffMinutes }, "lifecycle bot running");
  const stop = async () => {
    await idle.stop();
    await stopExpiry();
    await store.close();
    await roles.close();
    // The last checkpoint and export cover the records this bot and the others wrote until now.
    await archive?.stop();
    await audit.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`lifecycle-bot: ${(err as Error).message}\n`);
  process.exit(err instanceof WardroomError ? err.exitCode : 1);
});
