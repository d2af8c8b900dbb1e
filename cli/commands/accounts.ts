import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { defaultActionRegistry, type AuditEntry } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";
import { isOnCareTeam, parseRole, type Role } from "../../core/roles/index.ts";
import { joinExistingPortals } from "../../runtime/lifecycle/portalMembership.ts";
import { loadPolicyFile, policyPath } from "../../runtime/policy.ts";
import { openAdminSession, type AdminSession } from "../../runtime/adminSession.ts";
import { defaultAuditUrl, openAuditLedger } from "../../runtime/audit/index.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { SynapseUsers, type AccountInfo } from "../../runtime/lifecycle/SynapseUsers.ts";
import { stateDir } from "../../runtime/paths.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { printJson } from "../output.ts";
import { userIdArg } from "./wipe.ts";

interface CommonOpts {
  json?: boolean;
  homeserver?: string;
}

const HOMESERVER_HELP = "homeserver URL (default: $WARDROOM_HOMESERVER_URL or the local stack)";

/** A user as `users list --json` prints it (DESIGN.md). */
export interface UserRow {
  userId: string;
  displayName: string | null;
  roles: Role[];
  locked: boolean;
  deactivated: boolean;
  lastSeenTs: number | null;
}

/** Runs `body` with an admin session and the role directory, and appends its audit entries. */
async function withAccounts<T>(opts: CommonOpts, body: (ctx: { session: AdminSession; users: SynapseUsers; roles: SqlRoleDirectory; audit: AuditEntry[] }) => Promise<T>): Promise<T> {
  const session = await openAdminSession(opts.homeserver);
  const roles = await SqlRoleDirectory.open();
  const audit: AuditEntry[] = [];
  try {
    const result = await body({ session, users: new SynapseUsers(session.client), roles, audit });
    if (audit.length > 0) {
      const ledger = await openAuditLedger({ url: defaultAuditUrl(), actions: defaultActionRegistry() });
      try {
        await ledger.appendBatch(audit);
      } finally {
        await ledger.close();
      }
    }
    return result;
  } finally {
    await roles.close();
    await session.close();
  }
}

function collect(value: string, previous: Role[] = []): Role[] {
  try {
    return [...previous, parseRole(value)];
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^role: /, ""));
  }
}

function localpartArg(value: string): string {
  if (!/^[a-z0-9._=\-/]{1,64}$/.test(value)) throw new InvalidArgumentError("must be a localpart: lowercase letters, digits and . _ = - / (the part of a Matrix id between @ and :)");
  return value;
}

const when = (ts: number | null) => (ts === null ? "never" : new Date(ts).toISOString());

function formatRow(u: UserRow): string {
  const flags = [u.locked ? "locked" : "", u.deactivated ? "deactivated" : ""].filter(Boolean).join(",");
  return `${u.userId.padEnd(36)} ${(u.roles.join(",") || "-").padEnd(24)} ${(flags || "active").padEnd(12)} last seen ${when(u.lastSeenTs)}  ${u.displayName ?? ""}`;
}

async function row(info: AccountInfo, roles: SqlRoleDirectory): Promise<UserRow> {
  return { userId: info.userId, displayName: info.displayName, roles: await roles.rolesOf(info.userId), locked: info.locked, deactivated: info.deactivated, lastSeenTs: info.lastSeenTs };
}

const JOIN_PORTALS_HELP = "also add the person to every existing patient (SMS) room when they are on the care team (new rooms invite the care team by themselves)";

/** With --join-portals: adds a care-team member to the portal rooms that exist already. */
async function joinPortalsIfCareTeam(ctx: { session: AdminSession; roles: SqlRoleDirectory; audit: AuditEntry[] }, userId: string): Promise<string[]> {
  if (!(await isOnCareTeam(ctx.roles, loadPolicyFile(policyPath()), userId))) throw new InputError(`--join-portals: ${userId} is not on the care team (policy sms.careTeam)`);
  const { added, failed } = await joinExistingPortals(ctx.session.client, userId);
  for (const roomId of added) ctx.audit.push({ actor: ctx.session.actor, action: "portal.member_added", target: roomId, details: { member: userId } });
  for (const f of failed) process.stderr.write(`wardroom: could not add ${userId} to patient room ${f.roomId}: ${f.error}\n`);
  return added;
}

/** Locks or unlocks an account, audited with the person who ran the command as actor. */
async function setLocked(userId: string, locked: boolean, opts: CommonOpts): Promise<void> {
  await withAccounts(opts, async ({ session, audit }) => {
    await new SynapseAccountActions(session.client).setLocked(userId, locked);
    audit.push(
      locked
        ? { actor: session.actor, action: "account.locked", target: userId, details: { reason: "admin_request" } }
        : { actor: session.actor, action: "account.unlocked", target: userId, details: {} },
    );
  });
  if (opts.json) printJson({ userId, locked });
  else process.stdout.write(`${userId}: ${locked ? "locked (no login can succeed; existing sessions are soft-logged-out)" : "unlocked"}\n`);
}

/**
 * `wardroom users ...` and `wardroom devices list`: accounts over Synapse's admin API, roles
 * in the one role directory, every change audited with the person who ran it as actor.
 */
export function registerAccountCommands(program: Command): void {
  const users = program.command("users").description("user accounts and their roles: list, show, add, role, lock, unlock, deactivate");

  users
    .command("list")
    .description("every staff account with its roles, state and last activity")
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable: an array of {userId, displayName, roles, locked, deactivated, lastSeenTs}")
    .action(async (opts: CommonOpts) => {
      const rows = await withAccounts(opts, async ({ users, roles }) => Promise.all((await users.list()).map((u) => row(u, roles))));
      if (opts.json) return printJson(rows);
      process.stdout.write(rows.map(formatRow).join("\n") + (rows.length > 0 ? "\n" : "no users\n"));
    });

  users
    .command("show")
    .description("one account: roles, state, devices")
    .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable output")
    .action(async (userId: string, opts: CommonOpts) => {
      const shown = await withAccounts(opts, async ({ session, users, roles }) => {
        const info = await users.get(userId);
        if (!info) throw new InputError(`userId: no account ${userId}`);
        return { ...(await row(info, roles)), admin: info.admin, devices: await new SynapseAccountActions(session.client).listDevices(userId) };
      });
      if (opts.json) return printJson(shown);
      process.stdout.write(`${formatRow(shown)}\n${shown.devices.map((d) => `  device ${d.deviceId}  last seen ${when(d.lastSeenTs)}`).join("\n")}\n`);
    });

  users
    .command("add")
    .description("create an account with roles; its first password goes to a file only its owner can read (0600)")
    .argument("<localpart>", "the name before the server, e.g. dr.carter", localpartArg)
    .requiredOption("--name <displayName>", "the person's display name")
    .option("--role <role>", "a role (repeat for several): clinician, admin, security_officer, helpdesk, emergency, auditor", collect, [])
    .option("--password-file <file>", "where to write the first password (default: .wardroom/onboarding/<localpart>.txt)")
    .option("--join-portals", JOIN_PORTALS_HELP)
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable output")
    .action(async (localpart: string, opts: CommonOpts & { name: string; role: Role[]; passwordFile?: string; joinPortals?: boolean }) => {
      if (opts.name.trim() === "" || opts.name.length > 100) throw new InputError("--name: must be 1 to 100 characters");
      const created = await withAccounts(opts, async ({ session, users, roles, audit }) => {
        const server = session.actor.slice(session.actor.indexOf(":") + 1);
        const userId = `@${localpart}:${server}`;
        if (await users.get(userId)) throw new InputError(`localpart: ${userId} already exists (use \`wardroom users role\` to change its roles)`);
        const passwordFile = opts.passwordFile ?? join(stateDir(), "onboarding", `${localpart}.txt`);
        if (existsSync(passwordFile)) throw new InputError(`--password-file: ${passwordFile} exists; remove it or choose another file`);
        const password = randomBytes(18).toString("base64url");
        mkdirSync(dirname(passwordFile), { recursive: true, mode: 0o700 });
        writeFileSync(passwordFile, `${password}\n`, { mode: 0o600, flag: "wx" });
        await users.create(userId, { password, displayName: opts.name.trim(), admin: false });
        const change = await roles.setRoles(userId, opts.role, "local");
        audit.push({ actor: session.actor, action: "user.created", target: userId, details: { role: opts.role[0] ?? "none", roles: opts.role, admin: false } });
        if (change.added.length > 0) audit.push({ actor: session.actor, action: "user.roles_changed", target: userId, details: { ...change, source: "local" } });
        const portalsJoined = opts.joinPortals ? await joinPortalsIfCareTeam({ session, roles, audit }, userId) : [];
        return { userId, roles: opts.role, passwordFile, portalsJoined: portalsJoined.length };
      });
      if (opts.json) return printJson(created);
      process.stdout.write(
        `${created.userId} created (${created.roles.join(", ") || "no roles"}); first password in ${created.passwordFile}: hand it over in person, then delete the file${opts.joinPortals ? `; added to ${created.portalsJoined} existing patient room(s)` : ""}\n`,
      );
    });

  users
    .command("role")
    .description("give or take away roles; the care team, the gate, break-glass and the console see the change at once")
    .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
    .option("--add <role>", "give a role (repeat for several)", collect, [])
    .option("--remove <role>", "take a role away (repeat for several)", collect, [])
    .option("--join-portals", JOIN_PORTALS_HELP)
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable output")
    .action(async (userId: string, opts: CommonOpts & { add: Role[]; remove: Role[]; joinPortals?: boolean }) => {
      if (opts.add.length === 0 && opts.remove.length === 0 && !opts.joinPortals) throw new InputError("--add or --remove: name at least one role");
      const both = opts.add.filter((r) => opts.remove.includes(r));
      if (both.length > 0) throw new InputError(`--add and --remove: ${both.join(", ")} is in both`);
      const result = await withAccounts(opts, async ({ session, users, roles, audit }) => {
        if (!(await users.get(userId))) throw new InputError(`userId: no account ${userId}`);
        // The CLI changes only the roles it gave (source "local"); SCIM's and SSO's are theirs.
        const local = new Set(await roles.rolesFrom(userId, "local"));
        for (const r of opts.add) local.add(r);
        for (const r of opts.remove) local.delete(r);
        const change = await roles.setRoles(userId, [...local], "local");
        if (change.added.length + change.removed.length > 0) audit.push({ actor: session.actor, action: "user.roles_changed", target: userId, details: { ...change, source: "local" } });
        const portalsJoined = opts.joinPortals ? await joinPortalsIfCareTeam({ session, roles, audit }, userId) : [];
        return { userId, ...change, roles: await roles.rolesOf(userId), portalsJoined: portalsJoined.length };
      });
      if (opts.json) return printJson(result);
      process.stdout.write(`${userId}: roles ${result.roles.join(", ") || "none"}${result.added.length ? ` (+${result.added.join(", +")})` : ""}${result.removed.length ? ` (-${result.removed.join(", -")})` : ""}${opts.joinPortals ? `; added to ${result.portalsJoined} existing patient room(s)` : ""}\n`);
    });

  for (const locked of [true, false]) {
    users
      .command(locked ? "lock" : "unlock")
      .description(locked ? "lock an account: no new login succeeds (use `wardroom wipe` to also end its sessions and clear its devices)" : "unlock a locked account")
      .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
      .option("--homeserver <url>", HOMESERVER_HELP)
      .option("--json", "machine-readable output")
      .action((userId: string, opts: CommonOpts) => setLocked(userId, locked, opts));
  }

  users
    .command("deactivate")
    .description("deactivate an account for good (a leaver): no login ever again, roles removed; --erase also hides its profile and messages from new members")
    .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
    .option("--erase", "erase the account's profile and mark its messages for redaction to new room members (GDPR-style erasure)")
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable output")
    .action(async (userId: string, opts: CommonOpts & { erase?: boolean }) => {
      await withAccounts(opts, async ({ session, users, roles, audit }) => {
        if (!(await users.get(userId))) throw new InputError(`userId: no account ${userId}`);
        await users.deactivate(userId, opts.erase === true);
        audit.push({ actor: session.actor, action: "user.deactivated", target: userId, details: { erased: opts.erase === true } });
        for (const source of ["local", "scim", "sso"] as const) {
          const change = await roles.setRoles(userId, [], source);
          if (change.removed.length > 0) audit.push({ actor: session.actor, action: "user.roles_changed", target: userId, details: { ...change, source } });
        }
      });
      if (opts.json) printJson({ userId, deactivated: true, erased: opts.erase === true });
      else process.stdout.write(`${userId}: deactivated${opts.erase ? " and erased" : ""}; its roles are removed\n`);
    });

  program
    .command("devices")
    .description("a user's devices")
    .command("list")
    .description("the user's devices with their last activity")
    .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
    .option("--homeserver <url>", HOMESERVER_HELP)
    .option("--json", "machine-readable output: an array of {deviceId, lastSeenTs, displayName}")
    .action(async (userId: string, opts: CommonOpts) => {
      const session = await openAdminSession(opts.homeserver);
      try {
        const devices = await new SynapseAccountActions(session.client).listDevices(userId);
        if (opts.json) return printJson(devices);
        if (devices.length === 0) process.stdout.write(`${userId}: no devices\n`);
        for (const d of devices) process.stdout.write(`${d.deviceId}  last seen ${when(d.lastSeenTs)}  ${d.displayName ?? ""}\n`);
      } finally {
        await session.close();
      }
    });
}
