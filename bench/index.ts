import { runAuditBench } from "./audit.ts";
import { runLifecycleBench } from "./lifecycle.ts";
import { runAuditLoginBenchAndReport } from "./auditLogins.ts";
import { runConsoleBenchAndReport } from "./console.ts";
import { runPhiBench } from "./phi.ts";
import { runSmsBench } from "./sms.ts";
import { runWorkersBench } from "./workers.ts";

/**
 * `npm run bench`: every benchmark in turn, each printing its table and writing its JSON to
 * bench/results/. Select some with arguments: `npm run bench -- phi sms`.
 */
const all = {
  phi: () => runPhiBench(),
  audit: () => runAuditBench(),
  sms: () => runSmsBench(),
  lifecycle: () => runLifecycleBench(),
  "audit-logins": () => runAuditLoginBenchAndReport(),
  workers: () => runWorkersBench(),
  console: () => runConsoleBenchAndReport(),
} as const;
const wanted = process.argv.slice(2).filter((a) => a !== "--");
const unknown = wanted.filter((w) => !(w in all));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(all).join(", ")}\n`);
  process.exit(2);
}
for (const name of (wanted.length > 0 ? wanted : Object.keys(all)) as Array<keyof typeof all>) {
  process.stdout.write(`\n== ${name} ==\n`);
  await all[name]();
}
