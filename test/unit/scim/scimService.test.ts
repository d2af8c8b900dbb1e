import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultActionRegistry } from "../../../core/audit/actions/index.ts";
import type { AuditEntry } from "../../../core/audit/record.ts";
import { MemoryRoleDirectory } from "../../../core/roles/index.ts";
import { MemoryScimStore, SimulatedProvisioningAccounts } from "../../../core/identity/simulatedProvisioning.ts";
import { createScimHandler } from "../../../admin-console/scim/scimRouter.ts";
import { policyWithoutQuietHours } from "../../helpers/policy.ts";

const TOKEN = "t0ken-for-the-unit-tests-0123456789";
const SERVER = "wardroom.test";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

let server: Server;
let base: string;
let store: MemoryScimStore;
let accounts: SimulatedProvisioningAccounts;
let roles: MemoryRoleDirectory;
let audit: AuditEntry[];
let logs: string[];

beforeEach(async () => {
  store = new MemoryScimStore();
  accounts = new SimulatedProvisioningAccounts();
  roles = new MemoryRoleDirectory();
  audit = [];
  logs = [];
  const registry = defaultActionRegistry();
  const policy = policyWithoutQuietHours();
  let n = 0;
  server = createServer(
    createScimHandler({
      basePath: "/scim/v2",
      publicBaseUrl: "http://scim.test/scim/v2",
      token: () => TOKEN,
      log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
      maxBodyBytes: 16 * 1024,
      caps: {
        store,
        accounts,
        roles,
        // Like the ledger: an unregistered action or a detail outside its schema throws.
        audit: { append: async (e) => void audit.push({ ...e, details: registry.validateDetails(e.action, e.details ?? {}) }) },
        policy: () => policy,
        serverName: SERVER,
        newId: () => `id-${++n}`,
        now: () => new Date("2026-12-01T10:00:00Z"),
      },
    }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});

afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

async function scim(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json", ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, name: { givenName: "Alice", familyName: "Demo" }, active: true, ...extra });

async function createUser(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await scim("POST", "/Users", newUser(userName, extra));
  expect(res.status).toBe(201);
  return res.json.id as string;
}

async function createGroup(displayName: string, members: string[]): Promise<string> {
  const res = await scim("POST", "/Groups", { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

function expectScimError(res: { status: number; json: Record<string, unknown> }, status: number, scimType: string | undefined, mentions: string): void {
  expect(res.status).toBe(status);
  expect(res.json.schemas).toEqual([ERROR]);
  expect(res.json.status).toBe(String(status));
  expect(res.json.scimType).toBe(scimType);
  expect(String(res.json.detail)).toContain(mentions);
  expect(JSON.stringify(res.json)).not.toMatch(/\s at |node_modules|\.ts:\d/);
}

describe("SCIM users", () => {
  it("create makes the Matrix account with the SSO localpart, audits it, and the user can be read and found by userName", async () => {
    const id = await createUser("Dr.Alice@Example.org");
    const userId = "@dr.alice=40example.org:wardroom.test";
    expect(accounts.accounts.get(userId)).toMatchObject({ displayName: "Alice Demo", locked: false });
    const got = await scim("GET", `/Users/${id}`);
    expect(got.json).toMatchObject({ id, userName: "Dr.Alice@Example.org", active: true, meta: { resourceType: "User", location: `http://scim.test/scim/v2/Users/${id}` } });
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "dr.alice@example.org"')}`);
    expect(found.json).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const none = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`);
    expect(none.json).toMatchObject({ totalResults: 0 });
    expect(audit).toEqual([{ actor: "system:scim", action: "scim.user_created", target: userId, details: { scimId: id, accountCreated: true, active: true, roles: [] } }]);
  });

  it("a second userName that maps to the same account (case, or the same localpart) is a 409 uniqueness error", async () => {
    await createUser("nurse.bob");
    expectScimError(await scim("POST", "/Users", newUser("Nurse.Bob")), 409, "uniqueness", "userName");
    expect(store.users.size).toBe(1);
  });

  it.each([
    ["fullwidth letters", "ｄｒ.alice"],
    ["a zero-width joiner", "dr.al\u200dice"],
    ["a right-to-left override", "dr.\u202ealice"],
    ["a control character", "dr.alice\u0007"],
    ["leading white space", " dr.alice"],
    ["an empty userName", ""],
  ])("refuses a userName with %s (400 invalidValue naming userName), creating no account", async (_what, userName) => {
    expectScimError(await scim("POST", "/Users", newUser(userName)), 400, "invalidValue", "userName");
    expect(accounts.accounts.size).toBe(0);
    expect(audit).toEqual([]);
  });

  it("refuses a user without userName, naming the attribute", async () => {
    const res = await scim("POST", "/Users", { schemas: [USER], active: true });
    expect(res.status).toBe(400);
    expect(res.json.schemas).toEqual([ERROR]);
    expect(String(res.json.detail)).toContain("userName");
  });

  it("refuses an attribute of the wrong type, naming it", async () => {
    const res = await scim("POST", "/Users", newUser("carol", { active: { nested: true } }));
    expect(res.status).toBe(400);
    expect(String(res.json.detail)).toContain("active");
  });

  it("refuses an unknown attribute at a PATCH path, naming it", async () => {
    const id = await createUser("carol");
    const res = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "favouriteColour", value: "red" }] });
    expect(res.status).toBe(400);
    expect(res.json.schemas).toEqual([ERROR]);
    expect(String(res.json.detail)).toContain("favouriteColour");
  });

  it("a bad filter is a 400 invalidFilter", async () => {
    await createUser("carol");
    const res = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe("invalidFilter");
  });

  it("Entra ID's PATCH (capitalised op, \"False\" as a string) locks the account, deletes every device and removes the roles", async () => {
    const id = await createUser("er.frank");
    await createGroup("clinician", [id]);
    const userId = "@er.frank:wardroom.test";
    expect(await roles.rolesOf(userId)).toEqual(["clinician"]);
    accounts.accounts.get(userId)!.devices = new Set(["PHONE", "LAPTOP"]);
    const res = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(res.status).toBe(200);
    expect(res.json.active).toBe(false);
    expect(accounts.accounts.get(userId)).toMatchObject({ locked: true, deactivated: false });
    expect(accounts.accounts.get(userId)!.devices.size).toBe(0);
    expect(await roles.rolesOf(userId)).toEqual([]);
    expect(audit.find((a) => a.action === "scim.user_deactivated")).toEqual({
      actor: "system:scim",
      action: "scim.user_deactivated",
      target: userId,
      details: { scimId: id, mode: "lock", devicesDeleted: 2, rolesRemoved: ["clinician"] },
    });
  });

  it("Okta's PATCH (no path, a value object) reactivates: unlocked, the group's roles back", async () => {
    const id = await createUser("er.frank", { active: false });
    await createGroup("emergency", [id]);
    const userId = "@er.frank:wardroom.test";
    expect(accounts.accounts.get(userId)!.locked).toBe(true);
    expect(await roles.rolesOf(userId)).toEqual([]);
    const res = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: true } }] });
    expect(res.status).toBe(200);
    expect(accounts.accounts.get(userId)!.locked).toBe(false);
    expect(await roles.rolesOf(userId)).toEqual(["emergency"]);
    expect(audit.map((a) => a.action)).toContain("scim.user_reactivated");
  });

  it("PUT replaces attributes and audits their names only (no PHI or names in the details)", async () => {
    const id = await createUser("carol");
    const res = await scim("PUT", `/Users/${id}`, newUser("carol", { displayName: "Carol Demo", emails: [{ value: "carol@example.org", type: "work", primary: true }] }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ displayName: "Carol Demo", emails: [{ value: "carol@example.org" }] });
    expect(accounts.accounts.get("@carol:wardroom.test")!.displayName).toBe("Carol Demo");
    const updated = audit.find((a) => a.action === "scim.user_updated")!;
    expect(updated.details).toEqual({ scimId: id, attributes: ["display_name", "emails"] });
    expect(JSON.stringify(audit)).not.toContain("carol@example.org");
  });

  it("PUT that would move the person to another Matrix account is refused (mutability)", async () => {
    const id = await createUser("carol");
    expectScimError(await scim("PUT", `/Users/${id}`, newUser("caroline")), 400, "mutability", "userName");
  });

  it("DELETE deactivates the account (policy identity.scim.onDelete), deletes its devices and its roles", async () => {
    const id = await createUser("help.erin");
    await createGroup("helpdesk", [id]);
    const userId = "@help.erin:wardroom.test";
    accounts.accounts.get(userId)!.devices = new Set(["D1"]);
    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
    expect(accounts.accounts.get(userId)).toMatchObject({ deactivated: true });
    expect(accounts.accounts.get(userId)!.devices.size).toBe(0);
    expect(await roles.rolesOf(userId)).toEqual([]);
    expect((await scim("GET", `/Users/${id}`)).status).toBe(404);
    expect(audit.find((a) => a.action === "scim.user_deactivated")!.details).toMatchObject({ mode: "deactivate", devicesDeleted: 1 });
  });

  it("an unknown id is a 404 SCIM error", async () => {
    expectScimError(await scim("GET", "/Users/nope"), 404, undefined, "nope");
    expectScimError(await scim("DELETE", "/Users/nope"), 404, undefined, "nope");
  });
});

describe("SCIM groups map to roles at once", () => {
  it("adding and removing a member (Entra ID's member PATCH shapes) gives and takes the mapped role", async () => {
    const alice = await createUser("dr.alice");
    const bob = await createUser("nurse.bob");
    const gid = await createGroup("clinician", [alice]);
    expect(await roles.usersWithRole("clinician")).toEqual(["@dr.alice:wardroom.test"]);
    let res = await scim("PATCH", `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ value: bob }] }] });
    expect(res.status).toBe(200);
    expect(await roles.usersWithRole("clinician")).toEqual(["@dr.alice:wardroom.test", "@nurse.bob:wardroom.test"]);
    res = await scim("PATCH", `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: `members[value eq "${alice}"]` }] });
    expect(res.status).toBe(200);
    expect(await roles.rolesOf("@dr.alice:wardroom.test")).toEqual([]);
    expect(await roles.usersWithRole("clinician")).toEqual(["@nurse.bob:wardroom.test"]);
    expect(audit.filter((a) => a.action === "scim.roles_changed").map((a) => [a.target, a.details])).toEqual([
      ["@dr.alice:wardroom.test", { added: ["clinician"], removed: [] }],
      ["@nurse.bob:wardroom.test", { added: ["clinician"], removed: [] }],
      ["@dr.alice:wardroom.test", { added: [], removed: ["clinician"] }],
    ]);
  });

  it("a role SCIM takes away also goes from the last SSO login's roles (SCIM is the at-once path)", async () => {
    const alice = await createUser("dr.alice");
    const gid = await createGroup("clinician", [alice]);
    await roles.setRoles("@dr.alice:wardroom.test", ["clinician", "auditor"], "sso");
    await scim("PATCH", `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: `members[value eq "${alice}"]` }] });
    expect(await roles.rolesOf("@dr.alice:wardroom.test")).toEqual(["auditor"]);
    await scim("PATCH", `/Users/${alice}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] });
    expect(await roles.rolesOf("@dr.alice:wardroom.test")).toEqual([]);
  });

  it("SCIM roles never touch the roles given locally (each source keeps its own)", async () => {
    await roles.setRoles("@dr.alice:wardroom.test", ["auditor"], "local");
    const alice = await createUser("dr.alice");
    const gid = await createGroup("clinician", [alice]);
    expect((await scim("DELETE", `/Groups/${gid}`)).status).toBe(204);
    expect(await roles.rolesOf("@dr.alice:wardroom.test")).toEqual(["auditor"]);
  });

  it("a group not in the policy's mapping gives no role; a member that is not a provisioned user is refused", async () => {
    const alice = await createUser("dr.alice");
    await createGroup("cafeteria", [alice]);
    expect(await roles.rolesOf("@dr.alice:wardroom.test")).toEqual([]);
    expectScimError(await scim("POST", "/Groups", { schemas: [GROUP], displayName: "admin", members: [{ value: "ghost" }] }), 400, "invalidValue", "members");
    expectScimError(await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Cafeteria" }), 409, "uniqueness", "displayName");
  });

  it("groups are listed in the user's read-only groups attribute", async () => {
    const alice = await createUser("dr.alice");
    const gid = await createGroup("clinician", [alice]);
    expect((await scim("GET", `/Users/${alice}`)).json.groups).toEqual([{ value: gid, display: "clinician", type: "direct", $ref: expect.stringContaining(gid) }].map((g) => expect.objectContaining({ value: g.value, display: g.display })));
  });
});

describe("SCIM HTTP guards", () => {
  it.each([
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer not-the-token" }],
    ["a token one character short", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["another scheme", { authorization: `Basic ${TOKEN}` }],
  ])("refuses %s with 401 and touches nothing", async (_what, headers) => {
    const res = await fetch(`${base}/Users`, { method: "POST", headers: { "content-type": "application/scim+json", ...headers } as Record<string, string>, body: JSON.stringify(newUser("mallory")) });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as Record<string, unknown>).schemas).toEqual([ERROR]);
    expect(accounts.accounts.size).toBe(0);
    expect(logs.join("\n")).not.toContain("not-the-token");
  });

  it("refuses an oversized body with 413 before creating anything", async () => {
    const res = await scim("POST", "/Users", newUser("carol", { displayName: "x".repeat(20_000) }));
    expectScimError(res, 413, undefined, "larger than");
    expect(accounts.accounts.size).toBe(0);
  });

  it("refuses a body that is not JSON with 400 invalidSyntax", async () => {
    expectScimError(await scim("POST", "/Users", "{not json"), 400, "invalidSyntax", "JSON");
  });

  it("the homeserver being down is a 503 SCIM error, nothing is stored, and the next try works", async () => {
    accounts.down = true;
    expectScimError(await scim("POST", "/Users", newUser("carol")), 503, undefined, "homeserver");
    expect(store.users.size).toBe(0);
    accounts.down = false;
    await createUser("carol");
  });

  it("serves the discovery endpoints", async () => {
    const spc = await scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.json).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    const types = await scim("GET", "/ResourceTypes");
    expect(JSON.stringify(types.json)).toContain("/Users");
    const schemas = await scim("GET", "/Schemas");
    expect(JSON.stringify(schemas.json)).toContain(USER);
  });
});

describe("SCIM payloads as Entra ID sends them", () => {
  it("accepts the enterprise extension and keeps it", async () => {
    const ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const res = await scim("POST", "/Users", { ...newUser("dr.zoe@example.org"), schemas: [USER, ext], externalId: "0f8e-11", [ext]: { department: "Cardiology", employeeNumber: "E42" } });
    expect(res.status).toBe(201);
    expect(res.json[ext]).toMatchObject({ department: "Cardiology", employeeNumber: "E42" });
    expect(res.json.externalId).toBe("0f8e-11");
    const id = res.json.id as string;
    // The extension PATCHed as a whole object, then removed as a whole.
    let patched = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: ext, value: { department: "Oncology" } }] });
    expect(patched.status).toBe(200);
    expect(patched.json[ext]).toMatchObject({ department: "Oncology", employeeNumber: "E42" });
    patched = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "remove", path: ext }] });
    expect(patched.status).toBe(200);
    expect(patched.json[ext]).toBeUndefined();
  });
});

describe("SCIM under concurrent calls", () => {
  it("two creates of one userName at the same time: one 201, one 409, one account", async () => {
    const [a, b] = await Promise.all([scim("POST", "/Users", newUser("twin")), scim("POST", "/Users", newUser("Twin"))]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(store.users.size).toBe(1);
    expect(accounts.accounts.size).toBe(1);
  });
});
