import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, WardroomError } from "../../core/errors.ts";
import { loadConfigFile } from "../config/index.ts";
import { logger } from "../log.ts";
import { openAuditLedger } from "./openAuditLedger.ts";
import { HttpSpoolSource, SpoolDrain } from "./SpoolDrain.ts";
import { AuditDrainConfigSchema } from "./spoolDrainConfig.ts";

/**
 * The audit drain process: moves the homeserver's audit spool into the ledger.
 *   node bin/run-ts.mjs runtime/audit/spoolDrainMain.ts --config .wardroom/local/audit-drain/config.json
 * (on AWS the config file is named by $WARDROOM_AUDIT_DRAIN_CONFIG: infra/aws/apps.ts)
 */

const log = logger("audit-drain");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const file = values.config ?? process.env.WARDROOM_AUDIT_DRAIN_CONFIG;
  if (!file) throw new InputError("--config FILE (or WARDROOM_AUDIT_DRAIN_CONFIG) is required");
  const c = loadConfigFile(file, AuditDrainConfigSchema, "audit drain config");
  const ledger = await openAuditLedger({ url: c.auditUrl });
  const drain = new SpoolDrain(ledger, new HttpSpoolSource(c.homeserverUrl, readFileSync(c.drainTokenFile, "utf8").trim()));
  drain.start();
  log.info("audit drain running");
  const stop = async () => {
    await drain.stop();
    await ledger.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  log.error({ err: err instanceof WardroomError ? err.message : String(err) }, "audit drain failed to start");
  process.exit(err instanceof InputError ? 2 : 1);
});
