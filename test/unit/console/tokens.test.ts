import { afterAll, describe, expect, it } from "vitest";
import type { AuditLedger } from "../../../core/audit/index.ts";
import { InputError } from "../../../core/errors.ts";
import { bearerToken, decideToken, formatToken, looksLikeToken, parseScopes, tokenHash, ungrantableScopes, type StoredToken } from "../../../core/tokens/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { SqlTokenStore, TokenScopeRefusedError, TokenService } from "../../../runtime/tokens/index.ts";
import { backends } from "../../helpers/databases.ts";

const AUDITOR = "@audrey:wardroom.localhost";
const ADMIN = "@ada:wardroom.localhost";

describe("token format and scopes", () => {
  it("formats 32 random bytes as a recognisable token and hashes it", () => {
    const token = formatToken(new Uint8Array(32).fill(7));
    expect(token).toMatch(/^wrd_pat_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(token)).toBe(true);
    expect(looksLikeToken(`${token}x`)).toBe(false);
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toContain(token.slice(8));
    expect(() => formatToken(new Uint8Array(16))).toThrow(TypeError);
  });

  it("reads only a well-formed Bearer header", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it("refuses unknown scopes by name and lets only the right roles grant each", () => {
    expect(() => parseScopes(["audit.read", "root"])).toThrow(/"root" is not a scope/);
    expect(() => parseScopes([])).toThrow(InputError);
    expect(ungrantableScopes(["audit.read", "users.manage", "devices.wipe"], new Set(["audit.read", "audit.export"]))).toEqual(["users.manage", "devices.wipe"]);
    expect(ungrantableScopes(["devices.wipe"], ["devices.wipe"])).toEqual([]);
  });

  const base: StoredToken = {
    id: "pat_1",
    owner: AUDITOR,
    name: "t",
    hint: "wrd_pat_abcd…",
    scopes: ["audit.read"],
    createdAt: "2025-01-01T00:00:00.000Z",
    expiresAt: "2025-02-01T00:00:00.000Z",
    revokedAt: null,
    lastUsedAt: null,
  };
  const now = new Date("2025-01-15T00:00:00.000Z");
  const args = { now, needed: "audit.read" as const, ownerPermissions: new Set(["audit.read", "audit.export"]) };

  it("decides 401 for unknown, revoked and expired tokens and 403 for a missing scope or role", () => {
    expect(decideToken({ ...args, token: base })).toMatchObject({ ok: true });
    expect(decideToken({ ...args, token: null })).toMatchObject({ ok: false, status: 401, reason: "unknown" });
    expect(decideToken({ ...args, token: { ...base, revokedAt: "2025-01-10T00:00:00.000Z" } })).toMatchObject({ status: 401, reason: "revoked" });
    expect(decideToken({ ...args, token: { ...base, expiresAt: now.toISOString() } })).toMatchObject({ status: 401, reason: "expired" });
    expect(decideToken({ ...args, token: base, needed: "devices.wipe" })).toMatchObject({ status: 403, reason: "scope_missing" });
    // The owner lost the role since the token was made: the token lost its power with it.
    expect(decideToken({ ...args, token: base, ownerPermissions: new Set() })).toMatchObject({ status: 403, reason: "permission_missing" });
  });
});

describe.each(backends)("personal access tokens on $name", (backend) => {
  afterAll(() => backend.cleanup());

  async function open(clock: () => Date = () => new Date("2025-01-15T00:00:00.000Z")) {
    const audit = await openAuditLedger({ url: backend.freshUrl("audit") });
    const store = await SqlTokenStore.open(backend.freshUrl("tokens"));
    // The shipped policy's permissions of an auditor and an admin (policies/hipaa.yaml).
    const permissions = new Map<string, Set<string>>([
      [AUDITOR, new Set(["audit.read", "audit.export", "consents.read", "policy.read"])],
      [ADMIN, new Set(["users.read", "users.manage", "devices.wipe", "audit.read"])],
    ]);
    const service = new TokenService({ store, audit, permissionsOf: async (u) => permissions.get(u) ?? new Set(), clock });
    return { audit, store, permissions, service, close: async () => (await store.close(), await audit.close()) };
  }
  const actions = async (audit: AuditLedger) => (await audit.query({ limit: 100 })).records.map((r) => [r.action, r.details.reason ?? null]);

  it.skipIf(backend.skipReason)("stores only the hash, authenticates, audits creation, revocation and every refusal", async () => {
    const t = await open();
    try {
      const { token, stored } = await t.service.create({ owner: AUDITOR, name: "nightly export", scopes: ["audit.read"], days: 30 });
      expect(await t.store.byHash(tokenHash(token))).toMatchObject({ id: stored.id, scopes: ["audit.read"] });
      const ok = await t.service.authenticate(`Bearer ${token}`, "audit.read");
      expect(ok).toMatchObject({ ok: true });
      expect((await t.store.byId(stored.id))!.lastUsedAt).toBe("2025-01-15T00:00:00.000Z");
      expect(await t.service.authenticate(`Bearer ${token}`, "devices.wipe")).toMatchObject({ status: 403, reason: "scope_missing" });
      expect(await t.service.authenticate("Bearer wrd_pat_short", "audit.read")).toMatchObject({ status: 401, reason: "malformed" });
      expect(await t.service.authenticate(undefined, "audit.read")).toMatchObject({ status: 401, reason: "missing" });
      expect(await t.service.authenticate(`Bearer ${formatToken(new Uint8Array(32))}`, "audit.read")).toMatchObject({ status: 401, reason: "unknown" });
      expect(await t.service.revoke({ id: stored.id, actor: AUDITOR, actorIsAdmin: false })).toBe(true);
      expect(await t.service.revoke({ id: stored.id, actor: AUDITOR, actorIsAdmin: false })).toBe(false);
      expect(await t.service.authenticate(`Bearer ${token}`, "audit.read")).toMatchObject({ status: 401, reason: "revoked" });
      expect(await actions(t.audit)).toEqual([
        ["token.refused", "revoked"],
        ["token.revoked", null],
        ["token.refused", "unknown"],
        ["token.refused", "missing"],
        ["token.refused", "malformed"],
        ["token.refused", "scope_missing"],
        ["token.created", null],
      ]);
      // No audit record holds the token text.
      for (const r of (await t.audit.query({ limit: 100 })).records) expect(JSON.stringify(r)).not.toContain(token.slice(8));
    } finally {
      await t.close();
    }
  });

  it.skipIf(backend.skipReason)("an auditor cannot create a token with a permission they lack (wipe, manage users); the refusal is audited", async () => {
    const t = await open();
    try {
      await expect(t.service.create({ owner: AUDITOR, name: "x", scopes: ["audit.read", "devices.wipe"], days: 1 })).rejects.toThrow(TokenScopeRefusedError);
      await expect(t.service.create({ owner: AUDITOR, name: "x", scopes: ["users.manage"], days: 1 })).rejects.toThrow(/users\.manage/);
      expect(await t.store.ofOwner(AUDITOR)).toEqual([]);
      expect(await actions(t.audit)).toEqual([
        ["token.creation_refused", null],
        ["token.creation_refused", null],
      ]);
      const { token } = await t.service.create({ owner: ADMIN, name: "ops", scopes: ["users.manage"], days: 1 });
      expect(await t.service.authenticate(`Bearer ${token}`, "users.manage")).toMatchObject({ ok: true });
      t.permissions.set(ADMIN, new Set());
      expect(await t.service.authenticate(`Bearer ${token}`, "users.manage")).toMatchObject({ status: 403, reason: "permission_missing" });
      await expect(t.service.create({ owner: ADMIN, name: "x", scopes: ["users.manage"], days: 400 })).rejects.toThrow(/days/);
      await expect(t.service.create({ owner: ADMIN, name: "a\u202eb", scopes: ["users.manage"], days: 1 })).rejects.toThrow(/name/);
    } finally {
      await t.close();
    }
  });

  it.skipIf(backend.skipReason)("an expired token is refused with 401; another user cannot revoke someone's token", async () => {
    let now = new Date("2025-01-15T00:00:00.000Z");
    const t = await open(() => now);
    try {
      const { token, stored } = await t.service.create({ owner: ADMIN, name: "ci", scopes: ["audit.read"], days: 1 });
      await expect(t.service.revoke({ id: stored.id, actor: AUDITOR, actorIsAdmin: false })).rejects.toThrow(InputError);
      now = new Date("2025-01-16T00:00:00.001Z");
      expect(await t.service.authenticate(`Bearer ${token}`, "audit.read")).toMatchObject({ ok: false, status: 401, reason: "expired" });
    } finally {
      await t.close();
    }
  });
});
