import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, WardroomError } from "../../core/errors.ts";
import { loadScimConfig } from "../../runtime/config/index.ts";
import { logger } from "../../runtime/log.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { startScimService } from "./scimService.ts";

/**
 * The SCIM provisioning service as its own process (on AWS: an ECS service behind the load
 * balancer, reachable only from the admin networks). The local stack runs the same service
 * inside `local up` (infra/local/scim.ts).
 *   node bin/run-ts.mjs admin-console/scim/main.ts --config /run/wardroom/scim.json
 */

const log = logger("scim");

const readSecret = (file: string, field: string): string => {
  let value: string;
  try {
    value = readFileSync(file, "utf8").trim();
  } catch {
    throw new InputError(`${field}: cannot read ${file}`);
  }
  if (!value) throw new InputError(`${field}: ${file} is empty`);
  return value;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const file = values.config ?? process.env.WARDROOM_SCIM_CONFIG;
  if (!file) throw new InputError("--config FILE (or WARDROOM_SCIM_CONFIG) is required");
  const c = loadScimConfig(file);
  const policy = loadPolicyFile(c.policyFile);
  const server = await startScimService({
    host: c.listen.host,
    port: c.listen.port,
    publicUrl: c.publicUrl,
    policy,
    homeserverUrl: c.homeserverUrl,
    serverName: c.serverName,
    serviceAccount: { userId: c.serviceAccount.userId, password: readSecret(c.serviceAccount.passwordFile, "serviceAccount.passwordFile") },
    directoryUrl: c.directoryUrl,
    auditUrl: c.auditUrl,
    token: readSecret(c.tokenFile, "tokenFile"),
    ...(c.ssoHookTokenFile ? { ssoHookToken: readSecret(c.ssoHookTokenFile, "ssoHookTokenFile") } : {}),
    // The router's fields are ids and categories only (never a body, a name or the token).
    log: (event, fields) => log.info(fields, event),
  });
  log.info({}, "scim service running");
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`scim: ${(err as Error).message}\n`);
  process.exit(err instanceof WardroomError ? err.exitCode : 1);
});
