import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClient } from "matrix-js-sdk";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import type { AuditLedger, AuditRecord } from "../../core/audit/index.ts";
import { describeWithStack, readPassword } from "../helpers/stack.ts";
import { clinician, rawRequest } from "../helpers/matrix.ts";

/** Records of the ledger newer than `afterSeq` matching `match`, oldest first. */
async function recordsAfter(ledger: AuditLedger, afterSeq: number, match: (r: AuditRecord) => boolean): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of ledger.records({ fromSeq: afterSeq + 1 })) if (match(r)) out.push(r);
  return out;
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

describeWithStack("the homeserver's security events in the audit ledger", (stack) => {
  let ledger: AuditLedger;
  let startSeq: number;
  beforeAll(async () => {
    ledger = await openAuditLedger({ url: stack().internal.auditUrl });
    startSeq = (await ledger.head())?.seq ?? 0;
  });
  afterAll(async () => {
    await ledger?.close();
  });

  async function login(account: { userId: string; passwordFile: string }, password = readPassword(account.passwordFile)) {
    return rawRequest(stack(), "POST", "/_matrix/client/v3/login", {
      body: { type: "m.login.password", identifier: { type: "m.id.user", user: account.userId }, password },
    });
  }

  it("a login names the user and the new device; deleting the device names who did it", async () => {
    const bob = clinician(stack(), 1);
    const res = await login(bob);
    expect(res.status).toBe(200);
    const deviceId = String(res.body.device_id);
    const [loggedIn] = await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "session.logged_in" && r.details.deviceId === deviceId);
      return found.length > 0 ? found : null;
    }, "the login record");
    expect(loggedIn).toMatchObject({ actor: bob.userId, target: bob.userId, details: { method: "password", source: "127.0.0.1" } });

    const client = createClient({ baseUrl: stack().homeserver.url, accessToken: String(res.body.access_token), userId: bob.userId });
    await client.deleteDevice(deviceId, { type: "m.login.password", identifier: { type: "m.id.user", user: bob.userId }, password: readPassword(bob.passwordFile) });
    const deleted = await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "device.deleted" && (r.details.deviceIds as string[]).includes(deviceId));
      return found[0] ?? null;
    }, "the device deletion record");
    expect(deleted).toMatchObject({ actor: bob.userId, target: bob.userId, details: { deviceIds: [deviceId] } });
  });

  it("failed logins are one record per user and minute, with the count, the reasons and the source", { timeout: 120_000 }, async () => {
    const bob = clinician(stack(), 1);
    for (let i = 0; i < 3; i++) expect((await login(bob, `wrong-${i}`)).status).toBe(403);
    const ghost = `@ghost-${Date.now()}:${stack().homeserver.serverName}`;
    expect((await login({ userId: ghost, passwordFile: bob.passwordFile }, "guess")).status).toBe(403);
    // The minute's aggregate is written once the minute is over (at most about 65 s).
    const failed = await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "session.login_failed" && r.target === ghost);
      return found[0] ?? null;
    }, "the failed-login records", 100_000);
    expect(failed).toMatchObject({ actor: "system:synapse", details: { count: 1, reasons: ["unknown_user"], sources: ["127.0.0.1"] } });
    const forBob = await recordsAfter(ledger, startSeq, (r) => r.action === "session.login_failed" && r.target === bob.userId);
    // Three attempts within a minute: one record (two if the minute turned between them).
    expect(forBob.length).toBeGreaterThanOrEqual(1);
    expect(forBob.length).toBeLessThanOrEqual(2);
    expect(forBob.reduce((n, r) => n + (r.details.count as number), 0)).toBe(3);
    expect(forBob[0]!.details).toMatchObject({ reasons: ["bad_password"], sources: ["127.0.0.1"], methods: ["password"] });
    // Nothing of the typed passwords anywhere in the records.
    expect(JSON.stringify(forBob)).not.toContain("wrong-");
  });

  it("a login that makes a device records device.created once, before the login; logging in again on that device records none", async () => {
    const bob = clinician(stack(), 1);
    const first = await login(bob);
    expect(first.status).toBe(200);
    const deviceId = String(first.body.device_id);
    const created = await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "device.created" && r.details.deviceId === deviceId);
      return found.length > 0 ? found : null;
    }, "the device record");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: bob.userId, target: bob.userId, details: { deviceId, method: "password" } });
    const loginRecord = (await recordsAfter(ledger, startSeq, (r) => r.action === "session.logged_in" && r.details.deviceId === deviceId))[0]!;
    expect(created[0]!.seq).toBeLessThan(loginRecord.seq);

    // The same device again: a login record, and (final state: the spool drains in order and
    // a device record would come before its login) still one device record.
    const again = await rawRequest(stack(), "POST", "/_matrix/client/v3/login", {
      body: { type: "m.login.password", identifier: { type: "m.id.user", user: bob.userId }, password: readPassword(bob.passwordFile), device_id: deviceId },
    });
    expect(again).toMatchObject({ status: 200, body: { device_id: deviceId } });
    await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "session.logged_in" && r.details.deviceId === deviceId);
      return found.length === 2 ? found : null;
    }, "the second login record");
    expect(await recordsAfter(ledger, startSeq, (r) => r.action === "device.created" && r.details.deviceId === deviceId)).toHaveLength(1);
  });

  it("an admin API request names the admin, the user in the path and the endpoint", async () => {
    const admin = await login(stack().admin);
    expect(admin.status).toBe(200);
    const bob = clinician(stack(), 1);
    const res = await rawRequest(stack(), "GET", `/_synapse/admin/v2/users/${encodeURIComponent(bob.userId)}`, { token: String(admin.body.access_token) });
    expect(res.status).toBe(200);
    const used = await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "admin.api_used" && r.target === bob.userId && r.details.endpoint === "/_synapse/admin/v2/users/:id");
      return found[0] ?? null;
    }, "the admin API record");
    expect(used).toMatchObject({ actor: stack().admin.userId, details: { method: "get", status: 200, source: "127.0.0.1" } });
  });

  it("a bad m.login.token is one failed login naming the method, the reason and the source, never the token", { timeout: 120_000 }, async () => {
    const badToken = `syl_not-a-real-token-${Date.now()}`;
    const res = await rawRequest(stack(), "POST", "/_matrix/client/v3/login", { body: { type: "m.login.token", token: badToken } });
    expect(res).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    const failed = await waitFor(async () => {
      const found = await recordsAfter(ledger, startSeq, (r) => r.action === "session.login_failed" && ((r.details.methods as string[] | undefined) ?? []).includes("token"));
      return found.length > 0 ? found : null;
    }, "the failed token login", 100_000);
    expect(failed).toHaveLength(1);
    // A token that does not exist names nobody: no target, no userHash.
    expect(failed[0]).toMatchObject({ actor: "system:synapse", target: null, details: { count: 1, reasons: ["bad_token"], methods: ["token"], sources: ["127.0.0.1"] } });
    expect(failed[0]!.details.userHash).toBeUndefined();
    expect(JSON.stringify(failed)).not.toContain(badToken);
  });

  it("with the drain stopped, ten logins wait in the spool; started again, all ten arrive once, in order", { timeout: 90_000 }, async () => {
    const pid = Number(readFileSync(stack().internal.auditDrain.pidFile, "utf8").trim());
    const token = readFileSync(stack().internal.auditDrain.drainTokenFile, "utf8").trim();
    const bob = clinician(stack(), 1);
    const before = (await ledger.head())!.seq;
    process.kill(pid, "SIGSTOP");
    const devices: string[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const res = await login(bob);
        expect(res.status).toBe(200);
        devices.push(String(res.body.device_id));
      }
      // They are durable in the spool, not in the ledger.
      const spool = await rawRequest(stack(), "GET", "/_synapse/client/wardroom/v1/audit_spool?after=0&limit=5000", { token });
      expect(spool.status).toBe(200);
      const records = spool.body.records as Array<{ action: string; details: { deviceId?: string } }>;
      const spooled = records.filter((r) => r.action === "session.logged_in").map((r) => r.details.deviceId).filter((d) => d && devices.includes(d));
      expect(spooled).toEqual(devices);
      // Each new device has its own record, before its login's.
      expect(records.filter((r) => r.action === "device.created").map((r) => r.details.deviceId).filter((d) => d && devices.includes(d))).toEqual(devices);
      expect(await recordsAfter(ledger, before, (r) => devices.includes(r.details.deviceId as string))).toEqual([]);
    } finally {
      // Killed while stopped: the stack's supervisor starts a fresh drain.
      process.kill(pid, "SIGKILL");
      process.kill(pid, "SIGCONT");
    }
    const arrived = await waitFor(async () => {
      const found = await recordsAfter(ledger, before, (r) => r.action === "session.logged_in" && devices.includes(r.details.deviceId as string));
      return found.length >= 10 ? found : null;
    }, "the ten login records", 60_000);
    expect(arrived.map((r) => r.details.deviceId)).toEqual(devices);
    // Once: the drain's next reads find nothing more for these devices, and the spool is emptied.
    await waitFor(async () => {
      const spool = await rawRequest(stack(), "GET", "/_synapse/client/wardroom/v1/audit_spool?after=0&limit=5000", { token });
      const left = (spool.body.records as Array<{ details: { deviceId?: string } }>).filter((r) => devices.includes(r.details.deviceId ?? ""));
      return left.length === 0 ? true : null;
    }, "the spool acknowledged");
    expect((await recordsAfter(ledger, before, (r) => r.action === "session.logged_in" && devices.includes(r.details.deviceId as string))).length).toBe(10);
    expect((await ledger.verify()).ok).toBe(true);
  });

  it("nobody gets at the spool without the drain token, and nothing can be pushed into it", async () => {
    for (const token of [undefined, "not-the-token", readPassword(clinician(stack(), 0).passwordFile)]) {
      const read = await rawRequest(stack(), "GET", "/_synapse/client/wardroom/v1/audit_spool?after=0", token ? { token } : {});
      expect(read.status, String(token)).toBe(401);
      const ack = await rawRequest(stack(), "POST", "/_synapse/client/wardroom/v1/audit_spool/ack", { body: { through: 1_000_000 }, ...(token ? { token } : {}) });
      expect(ack.status).toBe(401);
    }
    // A user's own access token is not the drain token either.
    const alice = await login(clinician(stack(), 0));
    const asUser = await rawRequest(stack(), "GET", "/_synapse/client/wardroom/v1/audit_spool?after=0", { token: String(alice.body.access_token) });
    expect(asUser.status).toBe(401);
    // There is no write endpoint: a POST of records to the spool is not served.
    const push = await rawRequest(stack(), "POST", "/_synapse/client/wardroom/v1/audit_spool", { body: { records: [{ action: "session.logged_in" }] }, token: readFileSync(stack().internal.auditDrain.drainTokenFile, "utf8").trim() });
    expect(push.status).toBeGreaterThanOrEqual(400);
    expect(push.status).not.toBe(200);
  });
});
