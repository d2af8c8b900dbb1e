import { afterEach, beforeEach, expect, it } from "vitest";
import type { AuditLedger } from "../../../core/audit/index.ts";
import { MemoryRoleDirectory } from "../../../core/roles/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { ConsoleLoginAnnouncer } from "../../../bots/compliance/ConsoleLoginAnnouncer.ts";

/**
 * The console's break-glass sign-ins reach the security officers: the compliance bot reads
 * the console's `console.logged_in` records from the ledger and announces each break-glass one
 * once, resuming after a restart from its own `console.breakglass_announced` records. The
 * notices room is the bot's encrypted Matrix room; here the sent notices are collected.
 */
let audit: AuditLedger;
let roles: MemoryRoleDirectory;
let sent: Array<{ text: string; to: string[] }>;

const announcer = () =>
  new ConsoleLoginAnnouncer({
    audit,
    roles,
    notifyRole: "security_officer",
    announce: async (text, to) => {
      sent.push({ text, to });
      return to;
    },
    ready: () => true,
    onError: (err) => {
      throw err;
    },
  });

beforeEach(async () => {
  audit = await openAuditLedger({ url: "sqlite::memory:" });
  roles = new MemoryRoleDirectory();
  await roles.setRoles("@sec.dana:wardroom.localhost", ["security_officer"], "sso");
  sent = [];
});
afterEach(() => audit.close());

it("announces each break-glass console sign-in once to the security officers, and not the SSO ones", async () => {
  await audit.append({ actor: "@it.grace:wardroom.localhost", action: "console.logged_in", details: { method: "oidc", roles: ["admin"] } });
  const bg = await audit.append({ actor: "@admin:wardroom.localhost", action: "console.logged_in", details: { method: "breakglass", roles: ["admin"] } });
  expect(await announcer().tick()).toBe(1);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.to).toEqual(["@sec.dana:wardroom.localhost"]);
  expect(sent[0]!.text).toContain("@admin:wardroom.localhost");
  // A restarted bot (a new announcer) does not announce it again.
  expect(await announcer().tick()).toBe(0);
  const records = (await audit.query({ action: "console.breakglass_announced" })).records;
  expect(records.map((r) => r.details)).toEqual([{ loginSeq: bg.seq, notified: 1 }]);

  const second = await audit.append({ actor: "@admin:wardroom.localhost", action: "console.logged_in", details: { method: "breakglass", roles: ["admin"] } });
  expect(await announcer().tick()).toBe(1);
  expect((await audit.query({ action: "console.breakglass_announced", limit: 1 })).records[0]!.details).toEqual({ loginSeq: second.seq, notified: 1 });
});

it("a failed notice is not recorded as announced, so the next pass tries again", async () => {
  await audit.append({ actor: "@admin:wardroom.localhost", action: "console.logged_in", details: { method: "breakglass", roles: ["admin"] } });
  const failing = new ConsoleLoginAnnouncer({
    audit,
    roles,
    notifyRole: "security_officer",
    announce: async () => {
      throw new Error("homeserver unreachable");
    },
    ready: () => true,
    onError: () => undefined,
  });
  await expect(failing.tick()).rejects.toThrow("unreachable");
  expect((await audit.query({ action: "console.breakglass_announced" })).records).toEqual([]);
  expect(await announcer().tick()).toBe(1);
});
