import type { Command } from "commander";
import { defaultActionRegistry } from "../../core/audit/index.ts";
import { openAdminSession } from "../../runtime/adminSession.ts";
import { defaultAuditUrl, openAuditLedger } from "../../runtime/audit/index.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { printJson } from "../output.ts";
import { userIdArg } from "./wipe.ts";

interface CommonOpts {
  json?: boolean;
  homeserver?: string;
}

const HOMESERVER_HELP = "homeserver URL (default: $WARDROOM_HOMESERVER_URL or the local stack)";

/** Locks or unlocks an account, audited with the person who ran the command as actor. */
async function setLocked(userId: string, locked: boolean, opts: CommonOpts): Promise<void> {
  const session = await openAdminSession(opts.homeserver);
  try {
    await new SynapseAccountActions(session.client).setLocked(userId, locked);
    const ledger = await openAuditLedger({ url: defaultAuditUrl(), actions: defaultActionRegistry() });
    try {
      await ledger.append(
        locked
          ? { actor: session.actor, action: "account.locked", target: userId, details: { reason: "admin_request" } }
          : { actor: session.actor, action: "account.unlocked", target: userId, details: {} },
      );
    } finally {
      await ledger.close();
    }
    if (opts.json) printJson({ userId, locked });
    else process.stdout.write(`${userId}: ${locked ? "locked (no login can succeed; existing sessions are soft-logged-out)" : "unlocked"}\n`);
  } finally {
    await session.close();
  }
}

/**
 * `wardroom users lock|unlock` and `wardroom devices list`: account actions over Synapse's
 * admin API. (Listing and managing users with their roles comes with the role directory.)
 */
export function registerAccountCommands(program: Command): void {
  const users = program.command("users").description("user accounts: lock and unlock");
  for (const locked of [true, false]) {
    users
      .command(locked ? "lock" : "unlock")
      .description(locked ? "lock an account: no new login succeeds (use `wardroom wipe` to also end its sessions and clear its devices)" : "unlock a locked account")
      .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
      .option("--homeserver <url>", HOMESERVER_HELP)
      .option("--json", "machine-readable output")
      .action((userId: string, opts: CommonOpts) => setLocked(userId, locked, opts));
  }

  program
    .command("devices")
    .description("a user's devices")
    .command("list")
    .description("the user's devices with their last activity")
    .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable output: an array of {deviceId, lastSeenTs}")
    .action(async (userId: string, opts: CommonOpts) => {
      const session = await openAdminSession(opts.homeserver);
      try {
        const devices = await new SynapseAccountActions(session.client).listDevices(userId);
        if (opts.json) return printJson(devices);
        if (devices.length === 0) process.stdout.write(`${userId}: no devices\n`);
        for (const d of devices) process.stdout.write(`${d.deviceId}  last seen ${d.lastSeenTs === null ? "never" : new Date(d.lastSeenTs).toISOString()}\n`);
      } finally {
        await session.close();
      }
    });
}
