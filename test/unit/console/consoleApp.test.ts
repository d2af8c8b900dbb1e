import { generate } from "otplib";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditLedger } from "../../../core/audit/index.ts";
import { MemoryRoleDirectory } from "../../../core/roles/index.ts";
import { loadPolicyFile } from "../../../runtime/policy.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { createConsole, createConsoleApp } from "../../../admin-console/app.ts";
import { SqlSessionStore } from "../../../admin-console/SqlSessionStore.ts";
import { newTotpSecret } from "../../../admin-console/totp.ts";
import type { ConsoleDeps } from "../../../admin-console/deps.ts";
import { MatrixHttpError } from "../../../runtime/synapse/index.ts";
import { MemoryWipeJobStore } from "../../../admin-console/wipes.ts";

/**
 * The console app in-process with its real session store and audit ledger (SQLite in memory)
 * and the shipped policy. The homeserver is not running: every route tested here must decide
 * before it would ask it (a request that reached it fails with 503, which the tests would see).
 */
const ORIGIN = "http://console.test:8093";
const ADMIN = "@admin:wardroom.localhost";
const AUDITOR = "@auditor.carol:wardroom.localhost";
const PASSWORD = "correct horse battery staple";

let now: number;
let audit: AuditLedger;
let store: SqlSessionStore;
let roles: MemoryRoleDirectory;
let totpSecret: string;
let app: ReturnType<typeof createConsoleApp>;
let wipeJobs: MemoryWipeJobStore;
/** Writes the console's aggregated records (refused requests) now. */
let closeConsole: () => Promise<void>;
const policy = loadPolicyFile();

async function makeApp(limit = 50): Promise<void> {
  const deps: ConsoleDeps = {
    settings: { publicUrl: ORIGIN, sessionSecret: "s".repeat(40), serverName: "wardroom.localhost", loginRateLimit: { windowMs: 60_000, limit } },
    policy,
    synapse: {
      request: async () => {
        throw new MatrixHttpError(0, undefined, "GET /", "unreachable");
      },
    },
    roles,
    audit,
    sessionStore: store,
    clock: () => new Date(now),
    breakGlass: { userId: ADMIN, totpSecret, verifyPassword: async (u, p) => u === ADMIN && p === PASSWORD },
    wipeJournalDir: "/nonexistent",
    wipeJobs,
  };
  ({ app, close: closeConsole } = createConsole(deps));
}

beforeEach(async () => {
  now = Date.UTC(2026, 0, 5, 9, 0, 0);
  audit = await openAuditLedger({ url: "sqlite::memory:", clock: () => new Date(now) });
  store = await SqlSessionStore.open("sqlite::memory:", () => new Date(now));
  roles = new MemoryRoleDirectory();
  await roles.setRoles(ADMIN, ["admin"], "local");
  await roles.setRoles(AUDITOR, ["auditor"], "local");
  totpSecret = newTotpSecret();
  wipeJobs = new MemoryWipeJobStore();
  await makeApp();
});

afterEach(async () => {
  await store.close();
  await audit.close();
});

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

async function actions(): Promise<Array<{ action: string; actor: string; details: Record<string, unknown> }>> {
  return (await audit.query({ limit: 1000 })).records.map((r) => ({ action: r.action, actor: r.actor, details: r.details as Record<string, unknown> }));
}

/** Signs the break-glass administrator in (password + TOTP) and returns the agent and a CSRF token. */
async function signIn(userId = ADMIN, code?: string) {
  const agent = request.agent(app);
  const page = await agent.get("/login").expect(200);
  const res = await agent
    .post("/login/breakglass")
    .set("Origin", ORIGIN)
    .type("form")
    .send({ _csrf: csrfOf(page.text), userId, password: PASSWORD, code: code ?? (await generate({ secret: totpSecret, epoch: Math.floor(now / 1000) })) });
  return { agent, res };
}

async function tokenOn(agent: ReturnType<typeof request.agent>, path = "/login"): Promise<string> {
  return csrfOf((await agent.get(path)).text);
}

describe("console sign-in (break-glass: password + TOTP)", () => {
  it("signs in, sets a HttpOnly SameSite=Strict cookie, and audits the login with its method", async () => {
    const { res } = await signIn();
    expect(res.status).toBe(303);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // Served over plain HTTP here: Secure would make the browser drop it.
    expect(cookie).not.toMatch(/Secure/);
    expect(await actions()).toContainEqual(expect.objectContaining({ action: "console.logged_in", actor: ADMIN, details: { method: "breakglass", roles: ["admin"] } }));
    expect(await store.count()).toBe(1);
  });

  it("refuses a wrong one-time code, a replayed one, and a wrong password, each audited without the typed name", async () => {
    expect((await signIn(ADMIN, "000000")).res.status).toBe(401);
    const code = await generate({ secret: totpSecret, epoch: Math.floor(now / 1000) });
    expect((await signIn(ADMIN, code)).res.status).toBe(303);
    expect((await signIn(ADMIN, code)).res.status).toBe(401);
    const failed = (await actions()).filter((a) => a.action === "console.login_failed");
    expect(failed).toHaveLength(2);
    for (const f of failed) {
      expect(f.details.reason).toBe("breakglass_credentials");
      expect(JSON.stringify(f)).not.toContain("admin:");
    }
  });

  it("refuses an identity-provider callback that no sign-in of this browser started (audited)", async () => {
    const res = await request(app).get("/login/callback?code=forged&state=forged").set("Cookie", "wardroom-console-login=AAAAAAAAAAAAAAAAAAAAAAAA");
    expect(res.status).toBe(401);
    expect(await actions()).toContainEqual(expect.objectContaining({ action: "console.login_failed", details: { reason: "no_pending_login" } }));
    expect((await actions()).some((a) => a.action === "console.logged_in")).toBe(false);
  });

  it("limits login attempts per address (429, audited as rate_limited)", async () => {
    await makeApp(3);
    for (let i = 0; i < 3; i++) expect((await signIn(ADMIN, "000000")).res.status).toBe(401);
    expect((await signIn()).res.status).toBe(429);
    expect((await actions()).filter((a) => a.action === "console.login_failed" && a.details.reason === "rate_limited")).toHaveLength(1);
  });
});

describe("CSRF and Origin", () => {
  it("refuses a POST without the CSRF token (403, audited) and does not act on it", async () => {
    const { agent } = await signIn();
    const res = await agent.post("/logout").set("Origin", ORIGIN).type("form").send({});
    expect(res.status).toBe(403);
    expect((await actions()).some((a) => a.action === "console.request_refused" && a.details.reason === "csrf_token")).toBe(true);
    // Still signed in: the refused logout did nothing.
    expect((await agent.get("/")).headers.location).toBe("/users");
  });

  it("refuses a POST with a valid token but a foreign Origin, or with no Origin at all", async () => {
    const { agent } = await signIn();
    const token = await tokenOn(agent, "/users");
    expect((await agent.post("/logout").set("Origin", "http://evil.test").type("form").send({ _csrf: token })).status).toBe(403);
    expect((await agent.post("/logout").type("form").send({ _csrf: token })).status).toBe(403);
    // One address, person and reason in one minute: the first at once, the second counted.
    const origin = async () => (await actions()).filter((a) => a.action === "console.request_refused" && a.details.reason === "origin");
    expect((await origin()).map((a) => a.details.count)).toEqual([1]);
    await closeConsole();
    expect((await origin()).map((a) => a.details.count)).toEqual([1, 1]);
    expect((await agent.post("/logout").set("Origin", ORIGIN).type("form").send({ _csrf: token })).status).toBe(303);
  });

  it("a flood of 1,000 refused requests adds a bounded number of records whose counts add up; the rest is written on close", async () => {
    const { agent } = await signIn();
    const before = (await audit.query({ limit: 1 })).records[0]!.seq;
    for (let i = 0; i < 1000; i++) {
      // Half of them in the next minute.
      if (i === 500) now += 60_000;
      expect((await agent.post("/logout").set("Origin", ORIGIN).type("form").send({})).status).toBe(403);
    }
    await closeConsole();
    const refused = (await audit.query({ action: "console.request_refused", limit: 100 })).records.filter((r) => r.seq > before);
    // Per minute: the first record at once and one with the rest's count.
    expect(refused.map((r) => r.details.count).reverse()).toEqual([1, 499, 1, 499]);
    expect(refused.every((r) => r.actor === ADMIN && r.details.reason === "csrf_token")).toBe(true);
  });

  it("refuses a token from another session", async () => {
    const a = await signIn();
    const tokenA = await tokenOn(a.agent, "/users");
    now += 60_000; // a new TOTP step for the second sign-in
    const b = await signIn();
    expect((await b.agent.post("/logout").set("Origin", ORIGIN).type("form").send({ _csrf: tokenA })).status).toBe(403);
  });
});

describe("roles on every route", () => {
  it("an auditor cannot wipe: 403 before anything is done, audited as console.access_denied", async () => {
    const agent = request.agent(app);
    const page = await agent.get("/login");
    // The auditor signs in through SSO in real life; here the directory gives the break-glass
    // account the auditor's role only, which is what the access check reads.
    await roles.setRoles(ADMIN, ["auditor"], "local");
    await agent
      .post("/login/breakglass")
      .set("Origin", ORIGIN)
      .type("form")
      .send({ _csrf: csrfOf(page.text), userId: ADMIN, password: PASSWORD, code: await generate({ secret: totpSecret, epoch: Math.floor(now / 1000) }) })
      .expect(303);
    // The refusal page still carries the layout (and its sign-out form's token).
    const token = await tokenOn(agent, "/users");
    const res = await agent.post("/wipes").set("Origin", ORIGIN).type("form").send({ _csrf: token, userId: "@dr.alice:wardroom.localhost", confirm: "yes" });
    expect(res.status).toBe(403);
    expect((await agent.get("/users")).status).toBe(403);
    const denied = (await actions()).filter((a) => a.action === "console.access_denied");
    expect(denied).toEqual([
      expect.objectContaining({ actor: ADMIN, details: { route: "users_list", permission: "users_read" } }),
      expect.objectContaining({ actor: ADMIN, details: { route: "wipe_start", permission: "devices_wipe" } }),
      expect.objectContaining({ actor: ADMIN, details: { route: "users_list", permission: "users_read" } }),
    ]);
    expect((await actions()).some((a) => a.action === "device.wiped")).toBe(false);
  });

  it("the wipes page lists recent wipes, newest first with how each ended, to those who may wipe; an auditor is refused", async () => {
    const request = { userId: "@dr.alice:wardroom.localhost", lock: false, redact: "none" as const, media: false };
    const report = { wipeId: "w-done", userId: request.userId, dryRun: false, resumed: false, ok: true, locked: false, devicesDeleted: ["PHONE"], roomsRedacted: 0, failedRedactions: 0, mediaDeleted: 0, steps: [], startedAt: "2026-01-05T08:00:00.000Z", finishedAt: "2026-01-05T08:00:05.000Z" };
    await wipeJobs.save({ id: "w-done", actor: ADMIN, request: { ...request, deviceId: "PHONE" }, startedAt: "2026-01-05T08:00:00.000Z", lines: [], report });
    await wipeJobs.save({ id: "w-running", actor: ADMIN, request: { ...request, lock: true }, startedAt: "2026-01-05T08:30:00.000Z", lines: [] });
    const { agent } = await signIn();
    const page = await agent.get("/wipes").expect(200);
    expect(page.text).toContain('<a href="/wipes" aria-current="page">Wipes</a>');
    const rows = [...page.text.matchAll(/<tr><td><a href="\/wipes\/([^"]+)">[^<]+<\/a><\/td>(.*?)<\/tr>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, "|")]);
    expect(rows.map((r) => r[0])).toEqual(["w-running", "w-done"]);
    expect(rows[0]![1]).toMatch(/every device\|+to be locked\|+@admin:wardroom\.localhost\|+running/);
    expect(rows[1]![1]).toMatch(/device PHONE\|+no\|+@admin:wardroom\.localhost\|+complete/);

    await roles.setRoles(ADMIN, ["auditor"], "local");
    const refused = await agent.get("/wipes");
    expect(refused.status).toBe(403);
    // The refusal page carries the navigation, which no longer offers the page.
    expect(refused.text).toContain('aria-label="Main"');
    expect(refused.text).not.toContain('href="/wipes"');
    expect(await actions()).toContainEqual(expect.objectContaining({ action: "console.access_denied", details: { route: "wipes_list", permission: "devices_wipe" } }));
  });

  it("a role taken away in the directory counts on the next request", async () => {
    const { agent } = await signIn();
    await roles.setRoles(ADMIN, [], "local");
    expect((await agent.get("/wipes/new?userId=%40dr.alice%3Awardroom.localhost")).status).toBe(403);
  });

  it("a page that needs a person sends an anonymous visitor to /login", async () => {
    const res = await request(app).get("/users");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/login");
  });
});

describe("session lifetime", () => {
  it("an idle session is signed out after the policy's console timeout (audited as idle)", async () => {
    const { agent } = await signIn();
    now += (policy.console.idleTimeoutMinutes - 1) * 60_000;
    expect((await agent.get("/")).headers.location).not.toMatch(/login/);
    now += (policy.console.idleTimeoutMinutes + 1) * 60_000;
    const res = await agent.get("/");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/login?ended=idle");
    expect((await agent.get("/")).headers.location).toBe("/login");
    expect(await actions()).toContainEqual(expect.objectContaining({ action: "console.logged_out", actor: ADMIN, details: { reason: "idle" } }));
  });

  it("an active session ends at the absolute lifetime", async () => {
    const { agent } = await signIn();
    const step = (policy.console.idleTimeoutMinutes - 1) * 60_000;
    const end = now + policy.console.sessionLifetimeHours * 3_600_000;
    while (now + step <= end) {
      now += step;
      expect((await agent.get("/")).headers.location).not.toMatch(/login/);
    }
    now += step;
    expect((await agent.get("/")).headers.location).toBe("/login?ended=expired");
    expect(await actions()).toContainEqual(expect.objectContaining({ action: "console.logged_out", details: { reason: "expired" } }));
  });

  it("the session store does not hand out a session past its absolute lifetime, even with the cookie", async () => {
    const { agent } = await signIn();
    now += (policy.console.sessionLifetimeHours + 2) * 3_600_000;
    const res = await agent.get("/");
    // Unknown to the store: an anonymous visitor, sent to sign in (the row had expired).
    expect(res.headers.location).toBe("/login");
  });
});

describe("security headers", () => {
  it("every page has a strict CSP without inline script, and no framing", async () => {
    for (const path of ["/login", "/nope", "/users"]) {
      const res = await request(app).get(path);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(res.headers["x-powered-by"]).toBeUndefined();
    }
  });

  it("the login page is accessible by construction: labels for every input, one h1, a main landmark", async () => {
    const html = (await request(app).get("/login")).text;
    expect(html).not.toMatch(/<script/);
    for (const id of ["bg-user", "bg-password", "bg-code"]) expect(html).toContain(`<label for="${id}"`);
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('<main id="main"');
  });
});
