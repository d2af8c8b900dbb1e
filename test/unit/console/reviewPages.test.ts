import { Validator } from "@seriousme/openapi-schema-validator";
import { generate } from "otplib";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsoleApp } from "../../../admin-console/app.ts";
import type { ConsoleDeps } from "../../../admin-console/deps.ts";
import { API_ROUTES, expressPath } from "../../../admin-console/api/apiRoutes.ts";
import { SqlSessionStore } from "../../../admin-console/SqlSessionStore.ts";
import { newTotpSecret } from "../../../admin-console/totp.ts";
import { defaultActionRegistry, type AuditLedger } from "../../../core/audit/index.ts";
import { renderWarning, withConsentAuditActions } from "../../../core/consent/index.ts";
import { MemoryRoleDirectory } from "../../../core/roles/index.ts";
import type { E164 } from "../../../core/sms/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { SqlBreakGlassStore } from "../../../runtime/breakglass/SqlBreakGlassStore.ts";
import { openConsentStore, type SqlConsentStore } from "../../../runtime/consent/index.ts";
import { checkPolicyFile, loadPolicyFile, policyPath } from "../../../runtime/policy.ts";
import { SqlTokenStore } from "../../../runtime/tokens/index.ts";
import { MatrixHttpError } from "../../../runtime/synapse/index.ts";
import { policy as consentPolicy, warningSent } from "../consent/events.ts";
import { axeViolations, launchChromium } from "../../helpers/browser.ts";
import type { AddressInfo } from "node:net";
import { MemoryWipeJobStore } from "../../../admin-console/wipes.ts";

/**
 * The review pages and the JSON API on the console app in-process: real ledgers, stores and
 * session store (SQLite in memory), the shipped policy, and a simulated Synapse admin API
 * (rooms and users in its wire format) as the homeserver.
 */
const ORIGIN = "http://console.test:8093";
const ADMIN = "@admin:wardroom.localhost";
const AUDITOR = "@auditor.carol:wardroom.localhost";
const PASSWORD = "correct horse battery staple";
const PHONE = "+15555550142" as E164;
const MESSAGE_TEXT = "Your biopsy results are ready";
const policy = loadPolicyFile();

let now: number;
let audit: AuditLedger;
let sessions: SqlSessionStore;
let consents: SqlConsentStore;
let breakGlass: SqlBreakGlassStore;
let tokens: SqlTokenStore;
let roles: MemoryRoleDirectory;
let totpSecret: string;

const ROOMS = [
  { room_id: "!clin:wardroom.localhost", joined_members: 3, state: [{ type: "m.room.create", state_key: "", content: { "org.wardroom.room_kind": "clinical" } }, { type: "m.room.encryption", state_key: "", content: {} }, { type: "m.room.retention", state_key: "", content: { max_lifetime: 30 * 86_400_000 } }] },
  { room_id: "!sms:wardroom.localhost", joined_members: 2, state: [{ type: "m.room.create", state_key: "", content: {} }, { type: "org.wardroom.sms_portal", state_key: "", content: { state: "active", phone: PHONE } }] },
];

/** The rooms the simulated homeserver module gave their retention (fix_retention). */
let fixedRooms: string[];

const synapse: ConsoleDeps["synapse"] = {
  request: async <T,>(method: string, path: string, o?: { body?: unknown }): Promise<T> => {
    if (method === "POST" && path === "/_synapse/client/wardroom/v1/fix_retention") {
      const roomId = (o?.body as { room_id?: string }).room_id;
      const room = ROOMS.find((r) => r.room_id === roomId);
      if (!room) throw new MatrixHttpError(404, "M_NOT_FOUND", path, "there is no such room on this homeserver");
      if (room.state.some((e) => e.type === "m.room.retention")) return { fixed: false, outcome: "present", kind: "clinical", retention: { max_lifetime: 30 * 86_400_000 } } as T;
      fixedRooms.push(roomId!);
      return { fixed: true, outcome: "fixed", kind: "sms", sentAs: "@sms-bridge:wardroom.localhost", retention: { min_lifetime: 86_400_000, max_lifetime: 2190 * 86_400_000 } } as T;
    }
    if (path.startsWith("/_synapse/admin/v1/rooms?")) return { rooms: ROOMS.map(({ room_id, joined_members }) => ({ room_id, joined_members, name: `Patient ${MESSAGE_TEXT}` })), total_rooms: 2 } as T;
    const state = /^\/_synapse\/admin\/v1\/rooms\/([^/]+)\/state$/.exec(path);
    if (state) return { state: ROOMS.find((r) => r.room_id === decodeURIComponent(state[1]!))!.state } as T;
    if (path.startsWith("/_synapse/admin/v2/users?")) return { users: [{ name: ADMIN, displayname: "Admin" }], total: 1 } as T;
    if (path.startsWith("/_synapse/client/wardroom/v1/device_count?")) {
      // Asked for the devices used in the last 24 hours of the test's clock.
      expect(new URLSearchParams(path.split("?")[1]).get("active_since_ts")).toBe(String(now - 86_400_000));
      return { devices: 7, active: 3 } as T;
    }
    throw new Error(`simulated Synapse: no ${method} ${path}`);
  },
};

function makeApp(breakGlassUser = ADMIN, origin = ORIGIN) {
  const deps: ConsoleDeps = {
    settings: { publicUrl: origin, sessionSecret: "s".repeat(40), serverName: "wardroom.localhost", loginRateLimit: { windowMs: 60_000, limit: 100 } },
    policy,
    synapse,
    roles,
    audit,
    sessionStore: sessions,
    clock: () => new Date(now),
    breakGlass: { userId: breakGlassUser, totpSecret, verifyPassword: async (u, p) => u === breakGlassUser && p === PASSWORD },
    wipeJournalDir: "/nonexistent",
    wipeJobs: new MemoryWipeJobStore(),
    records: { ledger: audit, consents, breakGlass, tokens, checkPolicy: () => checkPolicyFile(policyPath()) },
  };
  return createConsoleApp(deps);
}

beforeEach(async () => {
  now = Date.UTC(2026, 0, 5, 9, 0, 0);
  fixedRooms = [];
  const clock = () => new Date(now);
  audit = await openAuditLedger({ url: "sqlite::memory:", clock, actions: withConsentAuditActions(defaultActionRegistry()) });
  sessions = await SqlSessionStore.open("sqlite::memory:", clock);
  consents = await openConsentStore({ url: "sqlite::memory:", audit, clock });
  breakGlass = await SqlBreakGlassStore.open("sqlite::memory:");
  tokens = await SqlTokenStore.open("sqlite::memory:");
  roles = new MemoryRoleDirectory();
  await roles.setRoles(ADMIN, ["admin"], "local");
  await roles.setRoles(AUDITOR, ["auditor"], "local");
  totpSecret = newTotpSecret();
  const warning = renderWarning(consentPolicy, "en");
  await consents.record({ event: warningSent(PHONE, warning).event, actor: "system:compliance", warningText: warning.text });
  await audit.append({ actor: "system:sms-bridge", action: "sms.blocked", target: "!sms:wardroom.localhost", details: { reason: "no_consent" } });
  for (let i = 0; i < 60; i++) await audit.append({ actor: i % 2 ? "@alice:wardroom.localhost" : "@bob:wardroom.localhost", action: "device.wiped", target: `DEV${i}`, details: { deviceIds: [`DEV${i}`], devicesDeleted: 1, locked: true } });
  await breakGlass.insert({ id: "g1", requester: "@er.doc:wardroom.localhost", roomId: "!clin:wardroom.localhost", reason: "cardiac arrest, covering physician unreachable", minutes: 30, grantedAt: "2026-01-04T08:00:00.000Z", expiresAt: "2026-01-04T08:30:00.000Z", notified: ["@so:wardroom.localhost"], endedAt: "2026-01-04T08:30:00.000Z", endReason: "expired" });
});

afterEach(async () => {
  await sessions.close();
  await consents.close();
  await breakGlass.close();
  await tokens.close();
  await audit.close();
});

const decodeEntities = (s: string) => s.replaceAll("&amp;", "&").replaceAll("&#x3D;", "=");
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

async function signIn(userId = ADMIN) {
  const app = makeApp(userId);
  const agent = request.agent(app);
  const page = await agent.get("/login").expect(200);
  await agent
    .post("/login/breakglass")
    .set("Origin", ORIGIN)
    .type("form")
    .send({ _csrf: csrfOf(page.text), userId, password: PASSWORD, code: await generate({ secret: totpSecret, epoch: Math.floor(now / 1000) }) })
    .expect(303);
  const csrf = csrfOf((await agent.get("/tokens").expect(200)).text);
  return { app, agent, csrf };
}

async function records(action: string) {
  return (await audit.query({ action, limit: 100 })).records;
}

describe("review pages", () => {
  it("dashboard: counts, an accessible SVG chart of PHI blocks and wipes, ledger health; the view is audited", async () => {
    const { agent } = await signIn();
    const res = await agent.get("/").expect(200);
    expect(res.text).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="chart"');
    expect(res.text).toContain('role="img" aria-labelledby="chart-phi-blocks-title chart-phi-blocks-desc"');
    expect(res.text).toMatch(/warned: 1/);
    expect(res.text).toContain("Logged-in devices: <strong>7</strong>, 3 used in the last 24 hours");
    expect(res.text).toContain("<title>PHI blocks, 01-05: 1</title>");
    expect(res.text).toContain("<title>Wipes, 01-05: 60</title>");
    expect(await records("console.viewed")).toContainEqual(expect.objectContaining({ actor: ADMIN, details: { view: "dashboard", via: "page" } }));
  });

  it("audit: filters and pages newest first; the view records which filters were used, never their values", async () => {
    const { agent } = await signIn();
    const first = await agent.get("/audit").query({ actor: "@alice:wardroom.localhost", limit: "20" }).expect(200);
    expect(first.text.match(/<tr><td>\d+<\/td>/g)).toHaveLength(20);
    expect(first.text).not.toContain("@bob:wardroom.localhost</td>");
    const next = decodeEntities(/href="(\/audit\?[^"]*cursor[^"]+)"/.exec(first.text)![1]!);
    const second = await agent.get(next).expect(200);
    expect(second.text.match(/<tr><td>\d+<\/td>/g)).toHaveLength(10);
    const viewed = (await records("console.viewed")).filter((r) => r.details.view === "audit");
    expect(viewed[0]!.details).toEqual({ view: "audit", via: "page", results: 10, filters: ["actor"] });
    expect(JSON.stringify(viewed)).not.toContain("alice");
    const bad = await agent.get("/audit").query({ since: "last tuesday" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("since: must be a date");
  });

  it("audit export: CSV and JSON Lines streamed with the filters, formula cells defused, each export audited", async () => {
    // The shipped policy gives audit.export to auditors, not to admins.
    const { agent } = await signIn(AUDITOR);
    expect((await (await signIn(ADMIN)).agent.get("/audit/export").query({ format: "csv" })).status).toBe(403);
    const csv = await agent.get("/audit/export").query({ format: "csv", action: "device.wiped" }).expect(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toContain("wardroom-audit.csv");
    const rows = csv.text.trim().split("\r\n");
    expect(rows).toHaveLength(61);
    // Matrix ids start with @, which a spreadsheet would run: the cell starts with a quote.
    expect(rows[1]).toMatch(/^\d+,[^,]+,'@/);
    const jsonl = await agent.get("/audit/export").query({ format: "jsonl" }).expect(200);
    expect(jsonl.text.trim().split("\n").length).toBeGreaterThanOrEqual(62);
    const exported = await records("audit.exported");
    expect(exported.map((r) => r.details)).toEqual([
      { format: "jsonl", records: expect.any(Number), filters: [], via: "page", complete: true },
      { format: "csv", records: 60, filters: ["action"], via: "page", complete: true },
    ]);
  });

  it("audit verify needs the CSRF token; the verification is audited and feeds the dashboard", async () => {
    const { agent, csrf } = await signIn();
    expect((await agent.post("/audit/verify").set("Origin", ORIGIN).type("form").send({})).status).toBe(403);
    expect((await agent.post("/audit/verify").set("Origin", "https://evil.example").type("form").send({ _csrf: csrf })).status).toBe(403);
    const ok = await agent.post("/audit/verify").set("Origin", ORIGIN).type("form").send({ _csrf: csrf }).expect(200);
    expect(ok.text).toContain("The chain is intact");
    expect((await records("audit.verified"))[0]!.details).toMatchObject({ ok: true });
    expect((await agent.get("/").expect(200)).text).toMatch(/Last verification: intact/);
  });

  it("consents: by number (in a POST body, never the URL) and state; opening and exporting evidence is audited by reference", async () => {
    const { agent, csrf } = await signIn();
    const byState = await agent.get("/consents").query({ state: "warned" }).expect(200);
    expect(byState.text).toContain(PHONE);
    const byNumber = await agent.post("/consents").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, phone: "+1 555 555 01" }).expect(200);
    expect(byNumber.text).toContain(PHONE);
    const evidence = await agent.post("/consents/evidence").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, phone: PHONE }).expect(200);
    expect(evidence.text).toContain("warning_sent");
    const ref = consents.phoneRef(PHONE);
    expect(await records("consent.evidence_viewed")).toEqual([expect.objectContaining({ actor: ADMIN, target: ref, details: { events: 1, via: "page" } })]);
    const exported = await agent.post("/consents/export").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, phone: PHONE }).expect(200);
    expect(exported.text.trim().split("\n").map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(["status", "event", "warning"]);
    expect(await records("consent.evidence_exported")).toHaveLength(1);
    for (const r of (await audit.query({ limit: 1000 })).records) expect(JSON.stringify(r)).not.toContain(PHONE);
  });

  it("break-glass, policy and rooms pages show what they should and are audited", async () => {
    const { agent } = await signIn();
    const bg = await agent.get("/break-glass").expect(200);
    expect(bg.text).toContain("cardiac arrest");
    expect(bg.text).toContain("@so:wardroom.localhost");
    expect(bg.text).toContain("expired");
    const pol = await agent.get("/policy").expect(200);
    expect(pol.text).toContain("The policy file validates.");
    expect(pol.text).toContain('id="policy-console"');
    const rooms = await agent.get("/rooms").expect(200);
    expect(rooms.text).toMatch(/!clin:wardroom.localhost<\/code><\/td><td>clinical<\/td><td>yes<\/td><td>30 days/);
    expect(rooms.text).toMatch(/!sms:wardroom.localhost<\/code><\/td><td>sms<\/td><td>no<\/td><td><strong class="error">missing/);
    expect((await records("console.viewed")).map((r) => r.details.view)).toEqual(["rooms", "policy", "break_glass"]);
  });

  it("fix missing retention: a button for people who manage users, CSRF-protected, the outcome shown once and audited", async () => {
    const { agent, csrf } = await signIn();
    const rooms = await agent.get("/rooms").expect(200);
    // One button, on the room without retention.
    expect(rooms.text.match(/Fix missing retention/g)).toHaveLength(1);
    expect(rooms.text).toContain('<input type="hidden" name="roomId" value="!sms:wardroom.localhost">');
    expect((await agent.post("/rooms/retention").set("Origin", ORIGIN).type("form").send({ roomId: "!sms:wardroom.localhost" })).status).toBe(403);
    expect((await agent.post("/rooms/retention").set("Origin", "https://evil.example").type("form").send({ _csrf: csrf, roomId: "!sms:wardroom.localhost" })).status).toBe(403);
    expect(fixedRooms).toEqual([]);
    expect((await records("console.request_refused")).map((r) => r.details.reason)).toEqual(["origin", "csrf_token"]);
    const fixed = await agent.post("/rooms/retention").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, roomId: "!sms:wardroom.localhost" }).expect(303);
    expect(fixed.headers.location).toBe("/rooms");
    expect(fixedRooms).toEqual(["!sms:wardroom.localhost"]);
    expect((await agent.get("/rooms").expect(200)).text).toContain("The room now carries the sms retention (2190 days).");
    // Shown once.
    expect((await agent.get("/rooms").expect(200)).text).not.toContain("The room now carries");
    await agent.post("/rooms/retention").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, roomId: "!clin:wardroom.localhost" }).expect(303);
    expect((await agent.get("/rooms").expect(200)).text).toContain("The room already has a retention; nothing was changed.");
    expect((await records("console.retention_fixed")).map((r) => ({ actor: r.actor, target: r.target, details: r.details }))).toEqual([
      { actor: ADMIN, target: "!clin:wardroom.localhost", details: { kind: "clinical", outcome: "present", via: "page" } },
      { actor: ADMIN, target: "!sms:wardroom.localhost", details: { kind: "sms", outcome: "fixed", via: "page" } },
    ]);
    const bad = await agent.post("/rooms/retention").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, roomId: "not a room" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("roomId: must be a Matrix room id");
    const unknown = await agent.post("/rooms/retention").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, roomId: "!gone:wardroom.localhost" });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("there is no such room");
  });

  it("fix missing retention is refused to a person without users.manage (403, audited) and offered to nobody who cannot use it", async () => {
    await roles.setRoles(AUDITOR, ["auditor", "security_officer"], "local");
    const { agent, csrf } = await signIn(AUDITOR);
    const rooms = await agent.get("/rooms").expect(200);
    expect(rooms.text).not.toContain("Fix missing retention");
    const refused = await agent.post("/rooms/retention").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, roomId: "!sms:wardroom.localhost" });
    expect(refused.status).toBe(403);
    expect(fixedRooms).toEqual([]);
    expect(await records("console.access_denied")).toEqual([expect.objectContaining({ actor: AUDITOR, details: { route: "room_fix_retention", permission: "users_manage" } })]);
    expect(await records("console.retention_fixed")).toEqual([]);
  });

  it("no page but the consent pages shows a phone number or message text", async () => {
    const { agent } = await signIn();
    for (const path of ["/", "/audit", "/audit?action=sms.blocked", "/break-glass", "/policy", "/rooms", "/tokens", "/users"]) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(200);
      // The practice's own number (the policy's sms.practiceNumber) is not a patient's.
      expect(res.text.replaceAll(policy.sms.practiceNumber, "PRACTICE"), path).not.toMatch(/\+[0-9]{8,15}/);
      expect(res.text, path).not.toContain(MESSAGE_TEXT);
    }
  });

  it("an auditor reads the audit log but gets 403 for users, wipes and a token with a permission they lack", async () => {
    const { agent, csrf } = await signIn(AUDITOR);
    await agent.get("/audit").expect(200);
    expect((await agent.get("/users")).status).toBe(403);
    expect((await agent.get("/wipes/new").query({ userId: ADMIN })).status).toBe(403);
    const refused = await agent.post("/tokens").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, name: "wipe bot", days: "30", scope: ["audit.read", "devices.wipe"] });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("you do not hold devices.wipe");
    expect(await tokens.ofOwner(AUDITOR)).toEqual([]);
    expect((await records("token.creation_refused"))[0]!.details).toEqual({ scopes: ["devices.wipe"] });
  });
});

/** Creates a token through the console page and returns its text. */
async function createToken(agent: ReturnType<typeof request.agent>, csrf: string, scopes: string[], days = "30"): Promise<string> {
  const res = await agent.post("/tokens").set("Origin", ORIGIN).type("form").send({ _csrf: csrf, name: "automation", days, scope: scopes }).expect(200);
  return /id="new-token" readonly value="([^"]+)"/.exec(res.text)![1]!;
}

describe("JSON API with personal access tokens", () => {
  it("serves the same actions to a token with the scope, audited as API views; tokens are listed and revoked in the console", async () => {
    const { app, agent, csrf } = await signIn(AUDITOR);
    const token = await createToken(agent, csrf, ["audit.read", "audit.export"]);
    expect(token).toMatch(/^wrd_pat_/);
    const search = await request(app).get("/api/v1/audit").query({ action: "device.wiped", limit: "5" }).set("Authorization", `Bearer ${token}`).expect(200);
    expect(search.body.records).toHaveLength(5);
    expect(search.body.nextCursor).toMatch(/^\d+$/);
    const exp = await request(app).get("/api/v1/audit/export").query({ format: "jsonl", actor: "@bob:wardroom.localhost" }).set("Authorization", `Bearer ${token}`).expect(200);
    expect(exp.text.trim().split("\n")).toHaveLength(30);
    expect((await records("console.viewed"))[0]!.details).toEqual({ view: "audit", via: "api", results: 5, filters: ["action"] });
    expect((await records("audit.exported"))[0]!.details).toMatchObject({ via: "api", records: 30, complete: true });
    // Listed without its text; revoked from the page, it stops working (401).
    const list = await agent.get("/tokens").expect(200);
    expect(list.text).not.toContain(token);
    const id = /action="\/tokens\/([^/]+)\/revoke"/.exec(list.text)![1]!;
    await agent.post(`/tokens/${id}/revoke`).set("Origin", ORIGIN).type("form").send({ _csrf: csrf }).expect(303);
    const revoked = await request(app).get("/api/v1/audit").set("Authorization", `Bearer ${token}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.reason).toBe("revoked");
    expect(revoked.headers["www-authenticate"]).toMatch(/^Bearer/);
  });

  it("401 without a token, with a malformed, an unknown or an expired one; 403 without the scope; every refusal audited", async () => {
    const { app, agent, csrf } = await signIn();
    const token = await createToken(agent, csrf, ["audit.read"], "1");
    expect((await request(app).get("/api/v1/audit")).status).toBe(401);
    expect((await request(app).get("/api/v1/audit").set("Authorization", "Bearer nope")).status).toBe(401);
    expect((await request(app).get("/api/v1/audit").set("Authorization", `Bearer wrd_pat_${"A".repeat(43)}`)).status).toBe(401);
    const noScope = await request(app).get("/api/v1/policy").set("Authorization", `Bearer ${token}`);
    expect(noScope.status).toBe(403);
    expect(noScope.body.reason).toBe("scope_missing");
    now += 86_400_001;
    const expired = await request(app).get("/api/v1/audit").set("Authorization", `Bearer ${token}`);
    expect(expired.status).toBe(401);
    expect(expired.body.reason).toBe("expired");
    expect((await records("token.refused")).map((r) => r.details.reason)).toEqual(["expired", "scope_missing", "unknown", "malformed", "missing"]);
  });

  it("fixes a room's missing retention for a token with users.manage; refuses one without it", async () => {
    const { app, agent, csrf } = await signIn();
    const manage = await createToken(agent, csrf, ["users.manage"]);
    const read = await createToken(agent, csrf, ["rooms.read"]);
    const refused = await request(app).post("/api/v1/rooms/retention").set("Authorization", `Bearer ${read}`).send({ roomId: "!sms:wardroom.localhost" });
    expect(refused.status).toBe(403);
    expect(fixedRooms).toEqual([]);
    const fixed = await request(app).post("/api/v1/rooms/retention").set("Authorization", `Bearer ${manage}`).send({ roomId: "!sms:wardroom.localhost" }).expect(200);
    expect(fixed.body).toEqual({ roomId: "!sms:wardroom.localhost", outcome: "fixed", kind: "sms", sentAs: "@sms-bridge:wardroom.localhost", maxLifetimeMs: 2190 * 86_400_000 });
    expect((await records("console.retention_fixed"))[0]).toMatchObject({ actor: ADMIN, target: "!sms:wardroom.localhost", details: { outcome: "fixed", via: "api" } });
    const bad = await request(app).post("/api/v1/rooms/retention").set("Authorization", `Bearer ${manage}`).send({});
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("roomId");
  });

  it("an auditor's token cannot wipe (403, audited), and a token loses what its owner's roles lose", async () => {
    const { app, agent, csrf } = await signIn(AUDITOR);
    const token = await createToken(agent, csrf, ["audit.read", "consents.read"]);
    const wipe = await request(app).post("/api/v1/wipes").set("Authorization", `Bearer ${token}`).send({ userId: ADMIN, confirm: true });
    expect(wipe.status).toBe(403);
    expect((await records("token.refused"))[0]).toMatchObject({ actor: AUDITOR, details: { reason: "scope_missing", scope: "devices.wipe" } });
    const evidence = await request(app).post("/api/v1/consents/evidence").set("Authorization", `Bearer ${token}`).send({ phone: PHONE }).expect(200);
    expect(evidence.body.events).toHaveLength(1);
    expect((await records("consent.evidence_viewed"))[0]).toMatchObject({ actor: AUDITOR, details: { via: "api" } });
    await roles.setRoles(AUDITOR, [], "local");
    const gone = await request(app).get("/api/v1/audit").set("Authorization", `Bearer ${token}`);
    expect(gone.status).toBe(403);
    expect(gone.body.reason).toBe("permission_missing");
  });

  it("bad input is a 400 naming the parameter, an oversized or broken JSON body a 400, never a stack trace", async () => {
    const { app, agent, csrf } = await signIn();
    const token = await createToken(agent, csrf, ["audit.read", "consents.read"]);
    const auth = { Authorization: `Bearer ${token}` };
    const bad = await request(app).get("/api/v1/audit").query({ limit: "0" }).set(auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^limit:/);
    const phone = await request(app).post("/api/v1/consents/evidence").set(auth).send({ phone: "555' OR 1=1" });
    expect(phone.status).toBe(400);
    expect(phone.body.error).toMatch(/^phone:/);
    const big = await request(app).post("/api/v1/consents/search").set(auth).set("Content-Type", "application/json").send(`{"phone":"${"1".repeat(20_000)}"}`);
    expect(big.status).toBe(413);
    const broken = await request(app).post("/api/v1/consents/search").set(auth).set("Content-Type", "application/json").send("{nope");
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(/at .*\.ts/);
  });

  it("/api/v1/openapi.json is a valid OpenAPI 3.1 document whose paths are exactly the registered routes", async () => {
    const app = makeApp();
    const res = await request(app).get("/api/v1/openapi.json").expect(200);
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe("3.1.0");
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
    // Each documented operation answers at its path (401 without a token), none 404s.
    for (const r of API_ROUTES) {
      const path = `/api/v1${expressPath(r.path).replace(/:[A-Za-z]+/g, "x")}`;
      const answer = await (r.method === "get" ? request(app).get(path) : request(app).post(path).send({}));
      expect(answer.status, `${r.method} ${path}`).toBe(401);
    }
    expect((await request(app).get("/api/v1/nothing-here")).status).toBe(404);
  });
});

describe("accessibility (axe-core in Debian Chromium)", () => {
  it("no serious or critical violation on the dashboard, audit, verify, consents, evidence, break-glass, policy, rooms and tokens pages", async () => {
    const probe = makeApp().listen(0, "127.0.0.1");
    await new Promise((r) => probe.once("listening", r));
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    const origin = `http://127.0.0.1:${port}`;
    const server = makeApp(ADMIN, origin).listen(port, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await page.goto(`${origin}/login`);
      await page.fill("#bg-user", ADMIN);
      await page.fill("#bg-password", PASSWORD);
      await page.fill("#bg-code", await generate({ secret: totpSecret, epoch: Math.floor(now / 1000) }));
      await Promise.all([page.waitForURL(`${origin}/`), page.click("form[action='/login/breakglass'] button[type=submit]")]);
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        const bad = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
        found[name] = bad.map((v) => `${v.id}: ${v.help} (${v.nodes})`);
      };
      for (const path of ["/", "/audit", "/break-glass", "/policy", "/rooms", "/tokens", "/consents?state=warned"]) {
        await page.goto(`${origin}${path}`);
        expect(await page.locator("h1").count(), path).toBe(1);
        await check(path);
      }
      await Promise.all([page.waitForURL(`${origin}/consents/evidence`), page.click("button:has-text('Open evidence')")]);
      await check("/consents/evidence");
      await page.goto(`${origin}/audit`);
      await Promise.all([page.waitForURL(`${origin}/audit/verify`), page.click("button:has-text('Verify the chain')")]);
      await check("/audit/verify");
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
      expect(Object.keys(found)).toHaveLength(9);
    } finally {
      await browser.close();
      server.close();
    }
  }, 60_000);
});
