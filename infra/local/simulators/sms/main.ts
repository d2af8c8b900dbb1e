import { logger } from "../../../../runtime/log.ts";
import { startSimulator } from "./server.ts";

/**
 * Runs the simulator on its own (the local stack starts it in-process instead):
 *   WARDROOM_SIM_WEBHOOK_URL=http://127.0.0.1:8009/webhooks/sms WARDROOM_SIM_SECRET=... \
 *   node bin/run-ts.mjs bots/sms-bridge/simulator/main.ts
 */
const log = logger("sms-simulator");
const env = process.env;
const secret = env.WARDROOM_SIM_SECRET;
const webhookUrl = env.WARDROOM_SIM_WEBHOOK_URL;
if (!secret || !webhookUrl) {
  process.stderr.write("sms simulator: set WARDROOM_SIM_WEBHOOK_URL and WARDROOM_SIM_SECRET\n");
  process.exit(2);
}
const sim = await startSimulator({
  port: Number(env.WARDROOM_SIM_PORT ?? 0),
  host: env.WARDROOM_SIM_HOST ?? "127.0.0.1",
  practiceNumber: env.WARDROOM_SIM_PRACTICE_NUMBER ?? "+15555550100",
  webhookUrl,
  webhookSecret: secret,
  onWebhookAttempt: (info) => {
    if (!info.ok) log.warn(info, "webhook delivery failed; will retry");
  },
});
process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
