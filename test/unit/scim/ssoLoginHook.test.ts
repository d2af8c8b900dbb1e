import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultActionRegistry } from "../../../core/audit/actions/index.ts";
import type { AuditEntry } from "../../../core/audit/record.ts";
import { MemoryRoleDirectory } from "../../../core/roles/index.ts";
import { createSsoLoginHook } from "../../../admin-console/scim/ssoLoginHook.ts";
import { policyWithoutQuietHours } from "../../helpers/policy.ts";

const TOKEN = "hook-token-0123456789abcdef";
let server: Server;
let url: string;
let roles: MemoryRoleDirectory;
let audit: AuditEntry[];
let failDirectory = false;

beforeEach(async () => {
  roles = new MemoryRoleDirectory();
  audit = [];
  failDirectory = false;
  const registry = defaultActionRegistry();
  const policy = policyWithoutQuietHours();
  const directory = new Proxy(roles, {
    get(target, prop, receiver) {
      if (prop === "setRoles" && failDirectory) return async () => Promise.reject(new Error("database down"));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const hook = createSsoLoginHook({
    token: () => TOKEN,
    caps: { roles: directory, audit: { append: async (e) => void audit.push({ ...e, details: registry.validateDetails(e.action, e.details ?? {}) }) }, policy: () => policy, serverName: "wardroom.test" },
    log: () => undefined,
  });
  server = createServer((req, res) => void hook(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_wardroom/identity/v1/sso_login`;
});

afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const post = (body: unknown, token = TOKEN) =>
  fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("Synapse's SSO login hook: the group claim becomes the person's sso roles", () => {
  it("writes the mapped roles as the sso source, replacing the last login's, and audits each change", async () => {
    await roles.setRoles("@er.frank:wardroom.test", ["auditor"], "local");
    let res = await post({ user_id: "@er.frank:wardroom.test", groups: ["clinician", "emergency", "cafeteria"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ roles: ["clinician", "emergency"] });
    res = await post({ user_id: "@er.frank:wardroom.test", groups: ["clinician"] });
    expect(res.status).toBe(200);
    expect(await roles.rolesFrom("@er.frank:wardroom.test", "sso")).toEqual(["clinician"]);
    expect(await roles.rolesOf("@er.frank:wardroom.test")).toEqual(["clinician", "auditor"]);
    expect(audit.map((a) => a.details)).toEqual([
      { added: ["clinician", "emergency"], removed: [], groups: 3 },
      { added: [], removed: ["emergency"], groups: 1 },
    ]);
    // The same groups again: no change, no record.
    await post({ user_id: "@er.frank:wardroom.test", groups: ["clinician"] });
    expect(audit).toHaveLength(2);
  });

  it.each([
    ["a wrong token", { user_id: "@a:wardroom.test", groups: [] }, "wrong", 401],
    ["a user of another server", { user_id: "@a:evil.example", groups: ["admin"] }, TOKEN, 400],
    ["a user id with a suffix trick", { user_id: "@a:evil.example:wardroom.test", groups: ["admin"] }, TOKEN, 400],
    ["groups that are not strings", { user_id: "@a:wardroom.test", groups: [{ admin: true }] }, TOKEN, 400],
    ["too many groups", { user_id: "@a:wardroom.test", groups: Array.from({ length: 1001 }, (_, i) => `g${i}`) }, TOKEN, 400],
    ["a body that is not JSON", "{", TOKEN, 400],
    ["an oversized body", { user_id: "@a:wardroom.test", groups: ["x".repeat(70_000)] }, TOKEN, 413],
  ])("refuses %s (so Synapse fails the login) and changes no role", async (_what, body, token, status) => {
    const res = await post(body, token);
    expect(res.status).toBe(status);
    expect(await roles.all()).toEqual(new Map());
    expect(audit).toEqual([]);
  });

  it("answers 503 when the directory cannot be written (the login fails closed)", async () => {
    failDirectory = true;
    const res = await post({ user_id: "@a:wardroom.test", groups: ["admin"] });
    expect(res.status).toBe(503);
    expect(await res.text()).not.toMatch(/database down|\.ts:\d/);
  });
});
