import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocatePorts } from "../../infra/local/componentTable.ts";
import { freePort } from "../../infra/local/networkPorts.ts";
import { startLocalStack, type LocalStack } from "../../infra/local/stack.ts";
import { defaultPolicyPath, repoRoot, stateDir } from "../../runtime/paths.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import type { AuditRecord } from "../../core/audit/index.ts";
import { launchChromium } from "../helpers/browser.ts";
import { rawRequest } from "../helpers/matrix.ts";
import { eventually } from "../helpers/sms.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";

/**
 * Single sign-on end to end: a stack of its own with the shipped policy (SSO on), the
 * development OpenID Provider, Synapse's OIDC login, and a real Chromium signing people in.
 */
// The test starts a single-process stack of its own (SSO on), whatever the project; the
// worker project leaves it out (vitest.config.ts).
describe("single sign-on through the organisation's identity provider", () => {
  let stack: LocalStack;
  let browser: Browser;
  let landing: Server;
  let landingUrl = "";
  const stackDir = join(stateDir(), "test", `sso-${process.pid}`);

  beforeAll(async () => {
    rmSync(stackDir, { recursive: true, force: true });
    mkdirSync(stackDir, { recursive: true });
    const doc = parseDocument(readFileSync(defaultPolicyPath, "utf8"));
    doc.setIn(["sms", "quietHours", "enabled"], false);
    const policyFile = join(stackDir, "policy.yaml");
    writeFileSync(policyFile, doc.toString());
    stack = await startLocalStack({ stackDir, policyFile, host: "127.0.0.1", ports: await allocatePorts(() => freePort()), rateLimits: "local", writeStackJson: true, progress: () => undefined });
    browser = await launchChromium();
    // Where Synapse sends the browser back with a login token: a client's redirect URL.
    landing = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("signed in"));
    const port = await freePort();
    await new Promise<void>((r) => landing.listen(port, "127.0.0.1", r));
    landingUrl = `http://127.0.0.1:${port}/done`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (landing ? landing.close(() => r()) : r()));
    await stack?.stop();
    rmSync(stackDir, { recursive: true, force: true });
  });

  const idpUser = (username: string) => {
    const u = stack.info.idp!.users.find((x) => x.username === username)!;
    return { username, password: readFileSync(join(repoRoot, u.passwordFile), "utf8").trim() };
  };

  async function idpAdmin(path: string, body?: unknown): Promise<Response> {
    const token = readFileSync(stack.info.internal.idpAdminTokenFile!, "utf8").trim();
    return fetch(`${stack.info.idp!.issuer}/admin/users${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  }

  /** Signs in through the IdP in the browser; answers the login token, or the page Synapse showed instead. */
  async function browserSignIn(username: string, password: string): Promise<{ loginToken?: string; page: string }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const start = `${stack.info.homeserver.url}/_matrix/client/v3/login/sso/redirect/oidc-wardroom?redirectUrl=${encodeURIComponent(landingUrl)}`;
      await page.goto(start);
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      // Either the IdP refuses (its form comes back with an alert) or the browser leaves it.
      const issuer = stack.info.idp!.issuer;
      await Promise.race([page.waitForURL((u) => !u.href.startsWith(issuer)), page.getByRole("alert").waitFor()]);
      if (page.url().startsWith(stack.info.homeserver.url)) {
        // Synapse asks the person to confirm the client it sends them back to, or says why not.
        const proceed = page.getByRole("link", { name: "Continue" });
        await Promise.race([proceed.waitFor(), page.waitForURL((u) => u.href.startsWith(landingUrl)), page.waitForLoadState("load")]);
        if (await proceed.count()) {
          await proceed.click();
          await page.waitForURL((u) => u.href.startsWith(landingUrl));
        }
      }
      const url = new URL(page.url());
      return { ...(url.searchParams.get("loginToken") ? { loginToken: url.searchParams.get("loginToken")! } : {}), page: await page.content() };
    } finally {
      await context.close();
    }
  }

  async function tokenLogin(loginToken: string) {
    return rawRequest(stack.info, "POST", "/_matrix/client/v3/login", { body: { type: "m.login.token", token: loginToken } });
  }

  it("writes the identity provider and its people into stack.json", () => {
    expect(stack.info.idp).toMatchObject({ issuer: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(stack.info.idp!.users.map((u) => u.groups.join(","))).toEqual(expect.arrayContaining(["clinician", "auditor", "security_officer", "helpdesk", "clinician,emergency", "admin"]));
    expect(stack.info.demoUsers.find((u) => u.userId.startsWith("@dr.alice:"))?.idpUsername).toBe("dr.alice");
  });

  it("signs a clinician in through the IdP in a real browser, onto their existing account", async () => {
    const alice = idpUser("dr.alice");
    const { loginToken } = await browserSignIn(alice.username, alice.password);
    expect(loginToken, "no login token").toBeTruthy();
    const login = await tokenLogin(loginToken!);
    expect(login.status).toBe(200);
    expect(login.body.user_id).toBe(`@dr.alice:${stack.info.homeserver.serverName}`);
    const whoami = await rawRequest(stack.info, "GET", "/_matrix/client/v3/account/whoami", { token: login.body.access_token as string });
    expect(whoami.body.user_id).toBe(login.body.user_id);
  });

  it("roles come from the group claim at each login: a group removed at the IdP is a role gone at the next login", async () => {
    const frank = idpUser("er.frank");
    const userId = `@er.frank:${stack.info.homeserver.serverName}`;
    const first = await browserSignIn(frank.username, frank.password);
    expect((await tokenLogin(first.loginToken!)).status).toBe(200);
    const directory = await SqlRoleDirectory.open(stack.info.internal.directoryUrl);
    try {
      expect(await directory.rolesFrom(userId, "sso")).toEqual(["clinician", "emergency"]);
      expect((await idpAdmin("/er.frank/groups", { groups: ["clinician"] })).status).toBe(200);
      // Until the next login the IdP has not told Synapse anything (SCIM is the at-once path).
      const second = await browserSignIn(frank.username, frank.password);
      expect((await tokenLogin(second.loginToken!)).status).toBe(200);
      expect(await directory.rolesFrom(userId, "sso")).toEqual(["clinician"]);
      expect(await directory.rolesOf(userId)).toEqual(["clinician"]);
    } finally {
      await directory.close();
      await idpAdmin("/er.frank/groups", { groups: ["clinician", "emergency"] });
    }
    const ledger = await openAuditLedger({ url: stack.info.internal.auditUrl });
    try {
      const changes = (await ledger.query({ action: "sso.roles_changed", limit: 50 })).records.filter((r) => r.target === userId).sort((a, b) => a.seq - b.seq).map((r) => r.details);
      expect(changes).toEqual([
        { added: ["clinician", "emergency"], removed: [], groups: 2 },
        { added: [], removed: ["emergency"], groups: 1 },
      ]);
    } finally {
      await ledger.store.close();
    }
  });

  it("a person provisioned over SCIM signs in through SSO onto the account SCIM made", async () => {
    const token = readFileSync(join(repoRoot, stack.info.scim.tokenFile), "utf8").trim();
    const created = await fetch(`${stack.info.scim.url}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "Nurse.Kim", displayName: "Nurse Kim Demo", active: true }),
    });
    expect(created.status).toBe(201);
    expect((await idpAdmin("", { username: "nurse.kim", password: "kim-password-0123", name: "Nurse Kim Demo", groups: ["clinician"] })).status).toBe(200);
    const { loginToken } = await browserSignIn("nurse.kim", "kim-password-0123");
    const login = await tokenLogin(loginToken!);
    expect(login.status).toBe(200);
    expect(login.body.user_id).toBe(`@nurse.kim:${stack.info.homeserver.serverName}`);
  });

  it("fails closed: when Wardroom refuses the login hook (here a wrong hook token), the SSO login fails and no role changes", async () => {
    const hookTokenFile = join(stack.info.internal.stackDir, "scim", "secrets", "sso-login-hook-token");
    const real = readFileSync(hookTokenFile, "utf8");
    const directory = await SqlRoleDirectory.open(stack.info.internal.directoryUrl);
    try {
      const before = await directory.rolesFrom(`@sec.dana:${stack.info.homeserver.serverName}`, "sso");
      // Synapse reads the token at each login; the identity service keeps the one it started with.
      writeFileSync(hookTokenFile, "not-the-hook-token\n");
      const dana = idpUser("sec.dana");
      const res = await browserSignIn(dana.username, dana.password);
      expect(res.loginToken).toBeUndefined();
      expect(await directory.rolesFrom(`@sec.dana:${stack.info.homeserver.serverName}`, "sso")).toEqual(before);
    } finally {
      writeFileSync(hookTokenFile, real);
      await directory.close();
    }
    const dana = idpUser("sec.dana");
    const again = await browserSignIn(dana.username, dana.password);
    expect((await tokenLogin(again.loginToken!)).status).toBe(200);
  });

  it("refuses a person without a group that maps to a Wardroom role", async () => {
    expect((await idpAdmin("", { username: "visitor.vic", password: "visitor-password-1", name: "Vic Visitor", groups: ["visitors"] })).status).toBe(200);
    const res = await browserSignIn("visitor.vic", "visitor-password-1");
    expect(res.loginToken).toBeUndefined();
    expect(res.page).toMatch(/You are not (allowed|authori[sz]ed) to log in here/);
    const users = await rawRequest(stack.info, "GET", `/_matrix/client/v3/profile/${encodeURIComponent(`@visitor.vic:${stack.info.homeserver.serverName}`)}`);
    expect(users.status).not.toBe(200);
  });

  it("refuses password login for people while SSO is on; the break-glass administrator keeps it", async () => {
    const alice = stack.info.demoUsers.find((u) => u.idpUsername === "dr.alice")!;
    const password = readFileSync(join(repoRoot, alice.passwordFile), "utf8").trim();
    const refused = await rawRequest(stack.info, "POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: alice.userId }, password } });
    expect(refused).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    const admin = await rawRequest(stack.info, "POST", "/_matrix/client/v3/login", {
      body: { type: "m.login.password", identifier: { type: "m.id.user", user: stack.info.admin.userId }, password: readFileSync(join(repoRoot, stack.info.admin.passwordFile), "utf8").trim() },
    });
    expect(admin.status).toBe(200);
  });

  it("in the ledger: the token login's new device once; a reused login token as a failed login of its owner; failed SSO callbacks without a user", { timeout: 150_000 }, async () => {
    const ledger = await openAuditLedger({ url: stack.info.internal.auditUrl });
    try {
      const alice = idpUser("dr.alice");
      const { loginToken } = await browserSignIn(alice.username, alice.password);
      const login = await tokenLogin(loginToken!);
      expect(login.status).toBe(200);
      const deviceId = String(login.body.device_id);
      const aliceId = `@dr.alice:${stack.info.homeserver.serverName}`;
      expect(await tokenLogin(loginToken!)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
      // A callback without the session cookie (a forged or replayed redirect): Synapse's SSO error page.
      const forged = await rawRequest(stack.info, "GET", "/_synapse/client/oidc/callback?code=forged&state=forged");
      expect(forged.status).toBe(400);

      const all = async (match: (r: AuditRecord) => boolean): Promise<AuditRecord[]> => {
        const out: AuditRecord[] = [];
        for await (const r of ledger.records({ fromSeq: 1 })) if (match(r)) out.push(r);
        return out;
      };
      const methods = (r: AuditRecord) => (r.details.methods as string[] | undefined) ?? [];
      // Failed logins are written once their minute is over (at most about 65 s).
      const reused = await eventually("the failed token login in the ledger", async () => {
        const found = await all((r) => r.action === "session.login_failed" && methods(r).includes("token"));
        return found.length > 0 ? found : undefined;
      }, 120_000);
      expect(reused).toHaveLength(1);
      expect(reused[0]).toMatchObject({ actor: "system:synapse", target: aliceId, details: { count: 1, reasons: ["reused_token"], methods: ["token"], sources: ["127.0.0.1"] } });
      expect(JSON.stringify(reused)).not.toContain(loginToken!);

      const created = await all((r) => r.action === "device.created" && r.details.deviceId === deviceId);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ actor: aliceId, target: aliceId, details: { deviceId, method: "token" } });

      // The forged callback and the two earlier failed SSO logins of this file (the refused
      // login hook, and the person without a role group; their minutes closed before this
      // one's): failed SSO logins that name nobody.
      const sso = await all((r) => r.action === "session.login_failed" && methods(r).includes("sso"));
      expect(sso.length).toBeGreaterThanOrEqual(1);
      for (const r of sso) expect(r).toMatchObject({ actor: "system:synapse", target: null, details: { reasons: ["sso_failed"], methods: ["sso"] } });
      expect(sso.reduce((n, r) => n + (r.details.count as number), 0)).toBe(3);
    } finally {
      await ledger.close();
    }
  });

  it("a back-channel logout from the IdP deletes the person's devices at once; a disabled person cannot sign in", async () => {
    const bob = idpUser("nurse.bob");
    const { loginToken } = await browserSignIn(bob.username, bob.password);
    const login = await tokenLogin(loginToken!);
    const token = login.body.access_token as string;
    expect((await rawRequest(stack.info, "GET", "/_matrix/client/v3/account/whoami", { token })).status).toBe(200);

    const out = await idpAdmin("/nurse.bob/logout");
    expect(await out.json()).toEqual({ sessions: 1 });
    expect((await rawRequest(stack.info, "GET", "/_matrix/client/v3/account/whoami", { token })).body).toMatchObject({ errcode: "M_UNKNOWN_TOKEN", soft_logout: false });

    expect((await idpAdmin("/nurse.bob/disable")).status).toBe(200);
    const again = await browserSignIn(bob.username, bob.password);
    expect(again.loginToken).toBeUndefined();
    expect(again.page).toMatch(/Wrong username or password, or the account is disabled/);
  });
});
