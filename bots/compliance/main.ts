import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, WardroomError } from "../../core/errors.ts";
import { loadComplianceBotConfig } from "../../runtime/config/index.ts";
import { logger } from "../../runtime/log.ts";
import { BridgeControlClient } from "./BridgeControlClient.ts";
import { CommandBot } from "./CommandBot.ts";

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
  const bot = new CommandBot({
    homeserverUrl: c.homeserverUrl,
    serverName: c.serverName,
    userId: c.userId,
    password: readFileSync(c.passwordFile, "utf8").trim(),
    bridge: new BridgeControlClient(c.bridgeUrl, c.controlToken),
    log,
    // Exit so that the supervisor (the local stack, ECS) starts a fresh login.
    onLoggedOut: () => process.exit(75),
  });
  await bot.start();
  const stop = async () => {
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
