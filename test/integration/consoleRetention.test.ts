import { readFileSync } from "node:fs";
import type { MatrixClient } from "matrix-js-sdk";
import { generate } from "otplib";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AuditLedger } from "../../core/audit/index.ts";
import type { Role, RoleSource } from "../../core/roles/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { clinician, loginAs, rawRequest } from "../helpers/matrix.ts";
import { describeWithStack, readPassword } from "../helpers/stack.ts";
import { eventually } from "../helpers/sms.ts";

const DAY_MS = 86_400_000;

const CLINICAL = { min_lifetime: 1 * DAY_MS, max_lifetime: 90 * DAY_MS };

/**
 * "Fix missing retention" end to end: the running console (signed in as the break-glass
 * administrator with password and TOTP) asks Wardroom's Synapse module, which sets the room's
 * m.room.retention as its most powerful member; the module's endpoint refuses a non-admin;
 * a person whose roles lack users.manage gets 403 from the console, audited.
 */
describeWithStack("fix missing retention (console → Wardroom's Synapse module)", (stack) => {
  let alice: MatrixClient;
  let ledger: AuditLedger;
  let directory: SqlRoleDirectory;
  let consoleUrl: string;
  /** The console session's cookie and CSRF token. */
  let cookie = "";
  let csrf = "";

  const retentionOf = async (roomId: string) => (await rawRequest(stack(), "GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.retention/`, { token: alice.getAccessToken()! })).body;
  const emptyRetention = async (roomId: string) => {
    const res = await rawRequest(stack(), "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.retention/`, { body: {}, token: alice.getAccessToken()! });
    expect(res.status).toBe(200);
  };

  /** A request to the running console with the session cookie; redirects are not followed. */
  async function consoleRequest(method: "GET" | "POST", path: string, form?: Record<string, string>): Promise<Response> {
    const res = await fetch(`${consoleUrl}${path}`, {
      method,
      redirect: "manual",
      headers: { cookie, ...(form ? { "content-type": "application/x-www-form-urlencoded", origin: consoleUrl } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith("wardroom-console="));
    if (set) cookie = set.split(";")[0]!;
    return res;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

  beforeAll(async () => {
    alice = await loginAs(stack(), clinician(stack(), 0));
    ledger = await openAuditLedger({ url: stack().internal.auditUrl });
    directory = await SqlRoleDirectory.open(stack().internal.directoryUrl);
    consoleUrl = stack().console.url;
    // The break-glass administrator signs in: password (checked by the homeserver) and a TOTP code.
    const login = await consoleRequest("GET", "/login");
    expect(login.status).toBe(200);
    const secret = readFileSync(stack().internal.console.totpSecretFile, "utf8").trim();
    const signedIn = await consoleRequest("POST", "/login/breakglass", {
      _csrf: csrfOf(await login.text()),
      userId: stack().admin.userId,
      password: readPassword(stack().admin.passwordFile),
      code: await generate({ secret }),
    });
    expect(signedIn.status).toBe(303);
    const tokens = await consoleRequest("GET", "/tokens");
    expect(tokens.status).toBe(200);
    csrf = csrfOf(await tokens.text());
    expect(csrf).not.toBe("");
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
    await ledger?.close();
    await directory?.close();
  });

  it("a non-admin's token is refused by the module's endpoint; the room keeps its state", async () => {
    const { room_id } = await alice.createRoom({ name: "retention: not for clinicians" });
    await emptyRetention(room_id);
    const refused = await rawRequest(stack(), "POST", "/_synapse/client/wardroom/v1/fix_retention", { body: { room_id }, token: alice.getAccessToken()! });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ errcode: "M_FORBIDDEN" });
    const unauthenticated = await rawRequest(stack(), "POST", "/_synapse/client/wardroom/v1/fix_retention", { body: { room_id } });
    expect(unauthenticated.status).toBe(401);
    // Refused before anything was read or sent: the emptied retention is still the current state.
    expect(await retentionOf(room_id)).toEqual({});
  });

  it("the console's button sets the kind's retention as the room's creator; the module and the console both record it", { timeout: 120_000 }, async () => {
    const { room_id } = await alice.createRoom({ name: "retention: fix from the console" });
    // The homeserver's own sweep runs every minute in the test stack and may fix the room
    // first: then the console answers "present", and the room is emptied and fixed again.
    let fixedByConsole = false;
    for (let attempt = 0; attempt < 3 && !fixedByConsole; attempt++) {
      await emptyRetention(room_id);
      const res = await consoleRequest("POST", "/rooms/retention", { _csrf: csrf, roomId: room_id });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/rooms");
      const recorded = await ledger.query({ action: "console.retention_fixed", target: room_id, limit: 1 });
      expect(recorded.records[0]).toMatchObject({ actor: stack().admin.userId, details: { kind: "clinical", via: "page" } });
      fixedByConsole = recorded.records[0]!.details.outcome === "fixed";
    }
    expect(fixedByConsole).toBe(true);
    expect(await retentionOf(room_id)).toEqual(CLINICAL);
    // The module's record names the console's service account and the member it sent as.
    const moduleRecord = await eventually("the module's retention fix", async () => (await ledger.query({ limit: 200 })).records.find((r) => r.action === "room.retention_fixed" && r.target === room_id && r.actor === stack().internal.serviceAccount.userId));
    expect(moduleRecord.details).toMatchObject({ kind: "clinical", sentAs: alice.getUserId() });
    // The next /rooms tells the person what happened, once.
    const page = await (await consoleRequest("GET", "/rooms")).text();
    expect(page).toContain("The room now carries the clinical retention (90 days).");

    // Asked again, nothing changes: the room has its retention.
    await consoleRequest("POST", "/rooms/retention", { _csrf: csrf, roomId: room_id });
    expect((await ledger.query({ action: "console.retention_fixed", target: room_id, limit: 1 })).records[0]!.details.outcome).toBe("present");
  });

  it("a POST without the CSRF token is refused (403, audited) and changes nothing", async () => {
    const { room_id } = await alice.createRoom({ name: "retention: no csrf" });
    await emptyRetention(room_id);
    const before = (await ledger.query({ action: "console.request_refused", limit: 1 })).records[0]?.seq ?? 0;
    const res = await consoleRequest("POST", "/rooms/retention", { roomId: room_id });
    expect(res.status).toBe(403);
    const refused = (await ledger.query({ action: "console.request_refused", limit: 1 })).records[0];
    expect(refused?.seq).toBeGreaterThan(before);
    expect(refused?.details).toMatchObject({ reason: "csrf_token" });
    expect((await ledger.query({ action: "console.retention_fixed", target: room_id })).records).toEqual([]);
  });

  it("a person whose roles lack users.manage (an auditor) gets 403 from the console, audited, and the room is untouched", async () => {
    const admin = stack().admin.userId;
    const sources: RoleSource[] = ["local", "scim", "sso"];
    const saved = new Map<RoleSource, Role[]>();
    for (const s of sources) saved.set(s, await directory.rolesFrom(admin, s));
    const { room_id } = await alice.createRoom({ name: "retention: auditor" });
    await emptyRetention(room_id);
    try {
      // Roles are read on every request: the same session is an auditor's from the next click.
      for (const s of sources) await directory.setRoles(admin, s === "local" ? ["auditor"] : [], s);
      const res = await consoleRequest("POST", "/rooms/retention", { _csrf: csrf, roomId: room_id });
      expect(res.status).toBe(403);
      const denied = (await ledger.query({ action: "console.access_denied", actor: admin, limit: 1 })).records[0];
      expect(denied?.details).toEqual({ route: "room_fix_retention", permission: "users_manage" });
    } finally {
      for (const s of sources) await directory.setRoles(admin, saved.get(s)!, s);
    }
    // The console refuses before it asks the homeserver: its own record of the action is absent.
    expect((await ledger.query({ action: "console.retention_fixed", target: room_id })).records).toEqual([]);
  });

  it("the JSON API fixes a room for a token with users.manage", { timeout: 120_000 }, async () => {
    const created = await consoleRequest("POST", "/tokens", { _csrf: csrf, name: "retention automation", days: "1", scope: "users.manage" });
    expect(created.status).toBe(200);
    const token = /id="new-token" readonly value="([^"]+)"/.exec(await created.text())![1]!;
    const { room_id } = await alice.createRoom({ name: "retention: api" });
    let outcome = "";
    for (let attempt = 0; attempt < 3 && outcome !== "fixed"; attempt++) {
      await emptyRetention(room_id);
      const res = await fetch(`${consoleUrl}/api/v1/rooms/retention`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ roomId: room_id }) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { outcome: string; kind: string; maxLifetimeMs?: number };
      expect(body.kind).toBe("clinical");
      outcome = body.outcome;
      if (outcome === "fixed") expect(body.maxLifetimeMs).toBe(CLINICAL.max_lifetime);
    }
    expect(outcome).toBe("fixed");
    expect(await retentionOf(room_id)).toEqual(CLINICAL);
    expect((await ledger.query({ action: "console.retention_fixed", target: room_id, limit: 1 })).records[0]).toMatchObject({ details: { outcome: "fixed", via: "api" } });
  });
});
