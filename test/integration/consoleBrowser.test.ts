import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultActionRegistry } from "../../core/audit/index.ts";
import { allocatePorts } from "../../infra/local/componentTable.ts";
import { freePort } from "../../infra/local/networkPorts.ts";
import { startLocalStack, type LocalStack } from "../../infra/local/stack.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { defaultPolicyPath, repoRoot, stateDir } from "../../runtime/paths.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { launchChromium } from "../helpers/browser.ts";
import { eventually, patientTexts, uniquePhone } from "../helpers/sms.ts";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * The console end to end in a real Chromium, against a stack of its own with the shipped
 * policy (single sign-on on): a person signs in through the development identity provider,
 * finds a user, wipes one of their devices and watches the progress page (which refreshes
 * itself, no script) to completion; axe-core finds no serious or critical violation on any
 * page; no page shows a patient's phone number or message text.
 */
describe("admin console in a browser", () => {
  let stack: LocalStack;
  let browser: Browser;
  const stackDir = join(stateDir(), "test", `console-${process.pid}`);
  // A person who keeps a password (the policy lets this localpart log in with one) so that the
  // test can give them devices without a browser sign-in of their own.
  const targetLocalpart = `wipe.target.${randomBytes(3).toString("hex")}`;
  let targetUserId = "";
  const targetPassword = randomBytes(12).toString("hex");
  const phone = uniquePhone();
  const smsText = `console test ${randomBytes(4).toString("hex")} my blood pressure`;
  const pagesSeen: string[] = [];

  beforeAll(async () => {
    rmSync(stackDir, { recursive: true, force: true });
    mkdirSync(stackDir, { recursive: true });
    const doc = parseDocument(readFileSync(defaultPolicyPath, "utf8"));
    doc.setIn(["sms", "quietHours", "enabled"], false);
    doc.setIn(["identity", "passwordAccounts"], ["admin", "wardroom-bot", targetLocalpart]);
    const policyFile = join(stackDir, "policy.yaml");
    writeFileSync(policyFile, doc.toString());
    stack = await startLocalStack({ stackDir, policyFile, host: "127.0.0.1", ports: await allocatePorts(() => freePort()), rateLimits: "local", writeStackJson: true, progress: () => undefined });
    browser = await launchChromium();
    const sharedSecret = readFileSync(stack.info.internal.registrationSharedSecretFile, "utf8").trim();
    const hs = new SynapseClient({ baseUrl: stack.info.homeserver.url });
    await hs.registerWithSharedSecret({ sharedSecret, username: targetLocalpart, password: targetPassword, admin: false });
    targetUserId = `@${targetLocalpart}:${stack.info.homeserver.serverName}`;
    // A patient's text, so the system holds a phone number and message text that no console page may show.
    await patientTexts(stack.info, phone, smsText);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(stackDir, { recursive: true, force: true });
  });

  const idpPassword = (username: string) => {
    const u = stack.info.idp!.users.find((x) => x.username === username)!;
    return readFileSync(join(repoRoot, u.passwordFile), "utf8").trim();
  };

  /** axe-core in the page (the test context bypasses the CSP only to inject it): serious and critical violations. */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    pagesSeen.push(await page.content());
    return result.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${page.url()}: ${v.id} (${v.impact}, ${v.nodes} node(s))`);
  }

  async function signIn(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true, ...(viewport ? { viewport } : {}) });
    const page = await context.newPage();
    await page.goto(`${stack.info.console.url}/login`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Sign in with your organisation" }).click();
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(idpPassword(username));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.href.startsWith(stack.info.console.url) && !u.pathname.startsWith("/login"));
    return page;
  }

  it("an administrator signs in through the IdP, finds a user, wipes one device and watches it to completion", async () => {
    const hs = new SynapseClient({ baseUrl: stack.info.homeserver.url });
    const lost = await hs.loginWithPassword(targetUserId, targetPassword, "lost phone");
    const kept = await hs.loginWithPassword(targetUserId, targetPassword, "desk computer");

    const page = await signIn("it.grace");
    // An administrator lands on the dashboard (the stack's real ledgers), then opens Users.
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Users");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Search by user id or name").fill(targetLocalpart);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: targetUserId }).click();
    await page.getByRole("cell", { name: lost.deviceId, exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: `Wipe device ${lost.deviceId}` }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("I confirm this wipe").check();
    await page.getByRole("button", { name: "Wipe now" }).click();
    // The page refreshes itself (meta refresh) until the wipe is complete.
    await page.getByText("Wipe complete.").waitFor({ timeout: 30_000 });
    expect(await page.locator("ol.progress li").count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    // The wipes page lists it, complete, with who started it (the morning follow-up of a night's wipe).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Wipes" }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: `device ${lost.deviceId}`, exact: true }) });
    await expect.poll(() => row.getByRole("cell").allTextContents()).toEqual([expect.any(String), targetUserId, `device ${lost.deviceId}`, "no", `@it.grace:${stack.info.homeserver.serverName}`, "complete"]);
    expect(await axeViolations(page)).toEqual([]);

    const devices = await new SynapseAccountActions(await adminClient()).listDevices(targetUserId);
    // The lost phone is gone; the desk computer (and the device registration left) still work.
    expect(devices.map((d) => d.deviceId)).not.toContain(lost.deviceId);
    expect(devices.map((d) => d.deviceId)).toContain(kept.deviceId);
    const ledger = await openAuditLedger({ url: stack.info.internal.auditUrl, actions: defaultActionRegistry(), mustExist: true });
    try {
      const wiped = await eventually("the device.wiped record", async () => (await ledger.query({ action: "device.wiped", target: targetUserId })).records[0]);
      expect(wiped.actor).toBe(`@it.grace:${stack.info.homeserver.serverName}`);
      expect(wiped.details).toMatchObject({ deviceIds: [lost.deviceId], devicesDeleted: 1, locked: false });
      const login = (await ledger.query({ action: "console.logged_in", actor: wiped.actor })).records[0];
      expect(login?.details).toMatchObject({ method: "oidc", roles: ["admin"] });
    } finally {
      await ledger.close();
    }
    await page.context().close();
  });

  it("an auditor signed in through the IdP is refused the users pages (403), and no page shows PHI", async () => {
    const page = await signIn("auditor.carol");
    const res = await page.goto(`${stack.info.console.url}/users`);
    expect(res?.status()).toBe(403);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
    for (const html of pagesSeen) {
      expect(html).not.toContain(phone);
      expect(html).not.toContain(phone.slice(2));
      expect(html).not.toContain(smsText);
    }
  });

  it("an auditor reviews the real ledgers: dashboard, audit search and export, a patient's consent evidence, break-glass, policy, an API token; all audited, all accessible", async () => {
    const page = await signIn("auditor.carol");
    const base = stack.info.console.url;
    const reviewPages: string[] = [];
    const check = async () => {
      expect(await axeViolations(page)).toEqual([]);
      reviewPages.push(await page.content());
    };
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
    await check();
    await page.goto(`${base}/audit`);
    await page.getByLabel("Action").fill("sms.relayed");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("cell", { name: "sms.relayed", exact: true }).first().waitFor();
    await check();
    const csv = await page.request.get(`${base}/audit/export?format=csv&action=sms.relayed`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split("\r\n")[0]).toBe("seq,ts,actor,action,target,details,prevHash,hash");
    for (const path of ["/break-glass", "/policy", "/tokens"]) {
      await page.goto(`${base}${path}`);
      await check();
    }
    // The consent pages are the ones that may show the number.
    await page.goto(`${base}/consents`);
    await page.getByLabel("Phone number (or its beginning)").fill(phone);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("cell", { name: phone, exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: `Open evidence of ${phone}` }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Consent evidence");
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${base}/tokens`);
    await page.getByLabel("Name").fill("nightly audit export");
    await page.getByLabel("audit.read").check();
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByLabel("Your new token").inputValue();
    const api = (path: string, init: RequestInit = {}) => fetch(`${base}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
    const found = await api("/audit?action=sms.relayed&limit=5");
    expect(found.status).toBe(200);
    expect(((await found.json()) as { records: unknown[] }).records.length).toBeGreaterThan(0);
    expect((await api("/wipes", { method: "POST", body: JSON.stringify({ userId: targetUserId, confirm: true }) })).status).toBe(403);
    await page.context().close();

    for (const html of reviewPages) {
      expect(html).not.toContain(phone);
      expect(html).not.toContain(phone.slice(2));
      expect(html).not.toContain(smsText);
    }
    const ledger = await openAuditLedger({ url: stack.info.internal.auditUrl, actions: defaultActionRegistry(), mustExist: true });
    try {
      const auditor = `@auditor.carol:${stack.info.homeserver.serverName}`;
      const mine = (await ledger.query({ actor: auditor, limit: 100 })).records.map((r) => r.action);
      for (const action of ["console.viewed", "audit.exported", "consent.evidence_viewed", "token.created", "token.refused"]) expect(mine).toContain(action);
    } finally {
      await ledger.close();
    }
  });

  it("every page is readable on a tablet held upright (768 px): nothing scrolls sideways", async () => {
    const page = await signIn("it.grace", { width: 768, height: 1024 });
    const base = stack.info.console.url;
    const sideways: string[] = [];
    for (const path of ["/", "/users", `/users/${encodeURIComponent(targetUserId)}`, "/wipes", "/rooms", "/audit", "/consents", "/break-glass", "/policy", "/tokens"]) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>("({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })");
      if (scroll > client) sideways.push(`${path}: ${scroll} px wide in ${client} px`);
    }
    expect(sideways).toEqual([]);
    await page.context().close();
  });

  it("a back-channel logout from the identity provider ends the person's console session at once; their next page says why", async () => {
    const page = await signIn("sec.dana");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).not.toBe("Sign in");
    const adminToken = readFileSync(stack.info.internal.idpAdminTokenFile!, "utf8").trim();
    // The provider's "sign this person out everywhere" (a leaver, a stolen laptop): it sends
    // each client of the person's session a signed logout token and waits for the answers.
    const out = await fetch(`${stack.info.idp!.issuer}/admin/users/sec.dana/logout`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` } });
    expect(await out.json()).toEqual({ sessions: 1 });
    const ledger = await openAuditLedger({ url: stack.info.internal.auditUrl, actions: defaultActionRegistry(), mustExist: true });
    try {
      const userId = `@sec.dana:${stack.info.homeserver.serverName}`;
      // Recorded by the time the provider got its answer, not on the person's next visit.
      expect((await ledger.query({ action: "console.logged_out", actor: userId })).records.map((r) => r.details)).toEqual([{ reason: "identity_provider" }]);
      await page.reload();
      await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("ended") === "idp");
      await page.getByText("Your session at your organisation's sign-in service ended, so you were signed out here too.").waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // The old session is gone for good: another page asks for a sign-in.
      await page.goto(`${stack.info.console.url}/audit`);
      await page.waitForURL((u) => u.pathname === "/login" && !u.searchParams.has("ended"));
      expect((await ledger.query({ action: "console.logged_out", actor: userId })).records).toHaveLength(1);
    } finally {
      await ledger.close();
    }
    await page.context().close();
  });

  async function adminClient(): Promise<SynapseClient> {
    const hs = new SynapseClient({ baseUrl: stack.info.homeserver.url });
    const password = readFileSync(join(repoRoot, stack.info.admin.passwordFile), "utf8").trim();
    return hs.withToken((await hs.loginWithPassword(stack.info.admin.userId, password, "console test")).accessToken);
  }
});
