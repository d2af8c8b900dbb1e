import { parseArgs } from "node:util";
import { defaultActionRegistry } from "../../core/audit/actions/index.ts";
import { WardroomError } from "../../core/errors.ts";
import { detectPhi, preparePhiDetector } from "../../core/phi/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { openConsentStore } from "../../runtime/consent/index.ts";
import { openDatabase, parseDatabaseUrl } from "../../runtime/db.ts";
import { logger } from "../../runtime/log.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { StaticRoleDirectory } from "../../core/roles/roleDirectory.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { ConsentFlow } from "./consent/ConsentFlow.ts";
import { startBridgeApp } from "./BridgeApp.ts";
import { loadBridgeConfig } from "../../runtime/config/index.ts";
import { createProvider } from "./providerFactory.ts";
import { BridgeStore } from "./store/BridgeStore.ts";
import { bridgeMigrations } from "./store/migrations.ts";
import type { BridgeDatabase } from "./store/schema.ts";

/**
 * The SMS bridge process (with the SMS-room half of the compliance bot):
 *   node bin/run-ts.mjs bots/sms-bridge/main.ts --config .wardroom/local/sms-bridge/config.json
 */
const log = logger("sms-bridge");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const configFile = values.config ?? process.env.WARDROOM_BRIDGE_CONFIG;
  if (!configFile) throw new WardroomError("--config FILE (or WARDROOM_BRIDGE_CONFIG) is required", 2);
  const config = loadBridgeConfig(configFile);
  // Build the detector's indexes now rather than on the first clinician message.
  preparePhiDetector();
  const policy = loadPolicyFile(config.policyFile);

  const audit = await openAuditLedger({ url: config.databases.audit, actions: defaultActionRegistry() });
  const ledger = await openConsentStore({ url: config.databases.consent, audit });
  const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl(config.databases.bridge, "databases.bridge"), migrations: bridgeMigrations, name: "bridge" });
  const store = new BridgeStore(db);
  const { provider, confirmsKeywords, idempotent } = await createProvider(config);

  // The care team is read from the one role directory at every message (fail closed when it cannot answer).
  const directory = config.directoryUrl ? await SqlRoleDirectory.open(config.directoryUrl) : undefined;
  const roles = directory ?? new StaticRoleDirectory({});
  const app = await startBridgeApp({
    config: {
      homeserverUrl: config.homeserverUrl,
      serverName: config.serverName,
      appserviceId: config.appserviceId,
      asToken: config.asToken,
      hsToken: config.hsToken,
      botLocalpart: config.botLocalpart,
      listen: config.listen,
      publicBaseUrl: config.publicBaseUrl,
      careTeam: config.careTeam,
      controlToken: config.controlToken,
      providerConfirmsKeywords: confirmsKeywords,
      providerIdempotent: idempotent,
      ...(config.complianceBotUserId ? { complianceBotUserId: config.complianceBotUserId } : {}),
    },
    policy,
    store,
    provider,
    audit,
    detectPhi,
    log,
    roles,
    compliance: (ctx) =>
      new ConsentFlow({
        ledger,
        policy,
        matrix: ctx.matrix,
        queueSystemText: ctx.queueSystemText,
        portalByRoom: (roomId) => ctx.store.portalByRoom(roomId),
        log: logger("compliance"),
        blockedNotices: config.blockedNotices,
      }),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await app.close();
    await store.close();
    await ledger.close();
    await audit.store.close();
    await directory?.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  const exitCode = err instanceof WardroomError ? err.exitCode : 1;
  process.stderr.write(`sms-bridge: ${(err as Error).message}\n`);
  process.exit(exitCode);
});
