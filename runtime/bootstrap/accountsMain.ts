import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, WardroomError } from "../../core/errors.ts";
import { loadAccountsBootstrapConfig } from "../config/index.ts";
import { logger } from "../log.ts";
import { SqlRoleDirectory } from "../roles/SqlRoleDirectory.ts";
import { SynapseClient } from "../synapse/index.ts";
import { ensureMatrixAccounts } from "./matrixAccounts.ts";

/**
 * One-off bootstrap of the Matrix accounts a deployment's apps sign in as (on AWS: the
 * `accounts` container of the Synapse main task, run at every deployment of main; idempotent).
 * Waits for the homeserver, registers each account with the shared secret, sets its roles, exits.
 *   node bin/run-ts.mjs runtime/bootstrap/accountsMain.ts --config /run/wardroom/accounts.json
 */

const log = logger("accounts-bootstrap");

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
  const file = values.config ?? process.env.WARDROOM_ACCOUNTS_CONFIG;
  if (!file) throw new InputError("--config FILE (or WARDROOM_ACCOUNTS_CONFIG) is required");
  const c = loadAccountsBootstrapConfig(file);
  const sharedSecret = readSecret(c.sharedSecretFile, "sharedSecretFile");
  const accounts = c.accounts.map((a, i) => ({ localpart: a.localpart, displayName: a.displayName, serverAdmin: a.serverAdmin, roles: a.roles, password: readSecret(a.passwordFile, `accounts.${i}.passwordFile`) }));
  const synapse = new SynapseClient({ baseUrl: c.homeserverUrl });
  // The main process starts beside this container: wait until it answers (backing off).
  const deadline = Date.now() + c.waitSeconds * 1000;
  for (let delay = 1000; !(await synapse.isHealthy()); delay = Math.min(delay * 2, 15_000)) {
    if (Date.now() > deadline) throw new WardroomError(`the homeserver at ${c.homeserverUrl} did not answer within ${c.waitSeconds} s`, 1);
    await new Promise((r) => setTimeout(r, delay));
  }
  const roles = await SqlRoleDirectory.open(c.directoryUrl);
  try {
    const done = await ensureMatrixAccounts({ homeserverUrl: c.homeserverUrl, serverName: c.serverName, sharedSecret, accounts, roles });
    log.info({ accounts: done.length, created: done.filter((d) => d.created).length }, "accounts ready");
  } finally {
    await roles.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`accounts-bootstrap: ${(err as Error).message}\n`);
  process.exit(err instanceof WardroomError ? err.exitCode : 1);
});
