import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, WardroomError } from "../../core/errors.ts";
import { loadComplianceBotConfig } from "../../runtime/config/index.ts";
import { logger } from "../../runtime/log.ts";
import { BridgeControlClient } from "./BridgeControlClient.ts";
import { CommandBot } from "./CommandBot.ts";
import { SecurityNotices } from "./SecurityNotices.ts";
import { ConsoleLoginAnnouncer } from "./ConsoleLoginAnnouncer.ts";
import { BlockedNoticeSender } from "./BlockedNoticeSender.ts";
import { MatrixNoticeRooms } from "./MatrixNoticeRooms.ts";
import type { MatrixClient } from "matrix-js-sdk";
import { defaultActionRegistry } from "../../core/audit/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { BreakGlassService } from "../../runtime/breakglass/BreakGlassService.ts";
import { SqlBreakGlassStore } from "../../runtime/breakglass/SqlBreakGlassStore.ts";
import { SynapseBreakGlassRooms } from "../../runtime/breakglass/SynapseBreakGlassRooms.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";

/**
 * The compliance bot's command process (end-to-end encrypted Matrix client):
 *   node bin/run-ts.mjs bots/compliance/main.ts --config .wardroom/local/compliance/config.json
 */
const log = logger("compliance-bot");

// Parts of matrix-js-sdk (room keys, MatrixRTC) log through their own loggers straight to the
// console at debug level, whatever logger the client is given. This process logs through pino
// only, so console output below warnings is dropped rather than let ids and noise pile up.
console.log = console.info = console.debug = () => undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const file = values.config ?? process.env.WARDROOM_COMPLIANCE_CONFIG;
  if (!file) throw new InputError("--config FILE (or WARDROOM_COMPLIANCE_CONFIG) is required");
  const c = loadComplianceBotConfig(file);
  const closers: Array<() => Promise<void>> = [];
  let breakGlass: ((client: MatrixClient) => BreakGlassService) | undefined;
  if (c.breakGlass) {
    const bg = c.breakGlass;
    const store = await SqlBreakGlassStore.open(bg.storeUrl);
    const roles = await SqlRoleDirectory.open(bg.directoryUrl);
    const audit = await openAuditLedger({ url: bg.auditUrl, actions: defaultActionRegistry() });
    const policy = loadPolicyFile(bg.policyFile);
    closers.push(() => store.close(), () => roles.close(), () => audit.close());
    breakGlass = (client) => {
      const notices = new SecurityNotices(client);
      // The console's break-glass sign-ins reach the officers through the audit ledger.
      const announcer = new ConsoleLoginAnnouncer({
        audit,
        roles,
        notifyRole: policy.breakGlass.notifyRole,
        announce: (text, to) => notices.announce(text, to),
        ready: () => client.isInitialSyncComplete(),
        onError: (err) => log.warn({ err: (err as Error).message }, "console sign-in announcement failed; retrying"),
      });
      announcer.start();
      closers.unshift(() => announcer.stop());
      const synapse = new SynapseClient({ baseUrl: c.homeserverUrl, token: client.getAccessToken() ?? undefined });
      return new BreakGlassService({ store, roles, rooms: new SynapseBreakGlassRooms(synapse), notify: (grant, to) => notices.notify(grant, to), audit, policy });
    };
  }
  let blockedNotices: ((client: MatrixClient) => void) | undefined;
  if (c.blockedNotices) {
    const audit = await openAuditLedger({ url: c.blockedNotices.auditUrl, actions: defaultActionRegistry() });
    closers.push(() => audit.close());
    blockedNotices = (client) => {
      const admin = new SynapseClient({ baseUrl: c.homeserverUrl, token: client.getAccessToken() ?? undefined });
      const sender = new BlockedNoticeSender({
        audit,
        rooms: new MatrixNoticeRooms(client, admin),
        serverName: c.serverName,
        serviceAccounts: [c.userId],
        ready: () => client.isInitialSyncComplete(),
        onError: (err) => log.warn({ err: (err as Error).message }, "blocked-message notices: pass failed; retrying"),
      });
      sender.start();
      closers.unshift(() => sender.stop());
      log.info("blocked-message notices on (encrypted rooms)");
    };
  }
  const bot = new CommandBot({
    homeserverUrl: c.homeserverUrl,
    serverName: c.serverName,
    userId: c.userId,
    password: readFileSync(c.passwordFile, "utf8").trim(),
    bridge: new BridgeControlClient(c.bridgeUrl, c.controlToken),
    log,
    // Exit so that the supervisor (the local stack, ECS) starts a fresh login.
    onLoggedOut: () => process.exit(75),
    ...(breakGlass ? { breakGlass } : {}),
    ...(blockedNotices ? { withClient: blockedNotices } : {}),
  });
  await bot.start();
  const stop = async () => {
    // The pollers first (each finishes its pass with the client still running), then the client.
    for (const close of closers) await close().catch(() => undefined);
    await bot.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`compliance-bot: ${(err as Error).message}\n`);
  process.exit(err instanceof WardroomError ? err.exitCode : 1);
});
