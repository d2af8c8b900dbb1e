import express from "express";
import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionData } from "express-session";
import type { AuditLedger } from "../../../core/audit/index.ts";
import { BACKCHANNEL_LOGOUT_EVENT, BACKCHANNEL_LOGOUT_PATH } from "../../../core/console/logoutToken.ts";
import { ProviderUnavailable, verifyLogoutTokenSignature, type LogoutTokenVerifier } from "../../../admin-console/oidcLogin.ts";
import { backchannelLogout } from "../../../admin-console/routes/backchannelLogout.ts";
import { SqlSessionStore } from "../../../admin-console/SqlSessionStore.ts";
import { defaultActionRegistry } from "../../../core/audit/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends } from "../../helpers/databases.ts";

/**
 * The console's back-channel logout endpoint with its real session store (SQLite and
 * PostgreSQL), its real audit ledger, and the same signature check as ConsoleOidc over a key
 * set of the test's own provider key (the provider's JWKS, as jose reads it). The whole chain
 * with the development identity provider and Chromium is in test/integration/consoleBrowser.
 */
const ISSUER = "https://idp.example.org";
const CLIENT = "wardroom-console";
const NOW = Date.UTC(2026, 11, 2, 18, 0, 0);
const HOUR = 3_600_000;

const providerKey = await generateKeyPair("RS256", { extractable: true });
const strangerKey = await generateKeyPair("RS256", { extractable: true });
const kid = "provider-key";
const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(providerKey.publicKey)), kid, alg: "RS256", use: "sig" }] });
const verifier: LogoutTokenVerifier = { verifyLogoutToken: (t) => verifyLogoutTokenSignature(t, keys, { issuer: ISSUER, audience: CLIENT, algorithms: ["RS256"] }) };

let jtis = 0;
async function logoutToken(claims: JWTPayload & Record<string, unknown>, o: { key?: Parameters<SignJWT["sign"]>[0]; kid?: string; alg?: string } = {}): Promise<string> {
  const { iss = ISSUER, aud = CLIENT, iat = NOW / 1000, jti = `jti-${++jtis}`, ...rest } = claims;
  const jwt = new SignJWT({ events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, ...rest }).setProtectedHeader({ alg: o.alg ?? "RS256", kid: o.kid ?? kid, typ: "logout+jwt" }).setIssuer(iss).setIssuedAt(iat).setJti(jti);
  if (aud) jwt.setAudience(aud);
  return jwt.sign(o.key ?? providerKey.privateKey);
}

/** A signed-in SSO session as the console saves it. */
function sessionOf(userId: string, idpSub: string, idpSid: string, createdAt = NOW - HOUR): SessionData {
  return { cookie: { originalMaxAge: 12 * HOUR }, userId, method: "oidc", createdAt, lastSeenAt: createdAt, idpSub, idpSid } as unknown as SessionData;
}

const put = (store: SqlSessionStore, sid: string, data: SessionData) => new Promise<void>((resolve, reject) => store.set(sid, data, (err) => (err ? reject(err as Error) : resolve())));
const get = (store: SqlSessionStore, sid: string) => new Promise<SessionData | null | undefined>((resolve, reject) => store.get(sid, (err, data) => (err ? reject(err as Error) : resolve(data))));

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

for (const backend of backends) {
  describe.skipIf(backend.skipReason !== null)(`back-channel logout from the identity provider (${backend.name})${backend.skipReason ? ` skipped: ${backend.skipReason}` : ""}`, () => {
    let url: string;
    let store: SqlSessionStore;
    let audit: AuditLedger;
    let refused = 0;
    const app = () => {
      const a = express();
      a.post(BACKCHANNEL_LOGOUT_PATH, express.urlencoded({ extended: false, limit: "16kb" }), backchannelLogout({ oidc: verifier, get sessionStore() { return store; }, audit, clock: () => new Date(NOW) }, () => void refused++));
      return a;
    };
    let server: ReturnType<typeof app>;
    const post = (body: Record<string, string> | string) => request(server).post(BACKCHANNEL_LOGOUT_PATH).type("form").send(body);
    const loggedOut = async () => (await audit.query({ action: "console.logged_out", limit: 100 })).records.map((r) => ({ actor: r.actor, reason: r.details.reason }));

    beforeAll(async () => {
      url = backend.freshUrl("backchannel");
      store = await SqlSessionStore.open(url, () => new Date(NOW));
      audit = await openAuditLedger({ url: "sqlite::memory:", actions: defaultActionRegistry() });
      server = app();
      await put(store, "alice-desk", sessionOf("@dr.alice:wardroom.localhost", "dr.alice", "idp-s1"));
      await put(store, "alice-tablet", sessionOf("@dr.alice:wardroom.localhost", "dr.alice", "idp-s2"));
      await put(store, "bob", sessionOf("@nurse.bob:wardroom.localhost", "nurse.bob", "idp-s3"));
    });
    afterAll(async () => {
      await store.close();
      await audit.close();
    });

    it("a token naming one provider session ends that console session only, audited; the person's other sign-in stays", async () => {
      const res = await post({ logout_token: await logoutToken({ sub: "dr.alice", sid: "idp-s1" }) });
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(await get(store, "alice-desk")).toMatchObject({ userId: "@dr.alice:wardroom.localhost", endedBy: "identity_provider" });
      expect(await get(store, "alice-tablet")).not.toHaveProperty("endedBy");
      expect(await loggedOut()).toEqual([{ actor: "@dr.alice:wardroom.localhost", reason: "identity_provider" }]);
    });

    it("a request of the ended session still in flight cannot write the mark away", async () => {
      const inFlight = (await get(store, "alice-desk")) as SessionData & { endedBy?: string; lastSeenAt?: number };
      await put(store, "alice-desk", { ...inFlight, lastSeenAt: NOW } as SessionData);
      expect(await get(store, "alice-desk")).toMatchObject({ endedBy: "identity_provider", lastSeenAt: NOW });
      // Nor does a session saved without the mark in its data (a stale copy).
      const { endedBy: _gone, ...stale } = inFlight;
      await put(store, "alice-desk", stale as SessionData);
      expect(await get(store, "alice-desk")).toMatchObject({ endedBy: "identity_provider" });
    });

    it("a token with the subject only ends every session of that person made before it; a later sign-in stays", async () => {
      await put(store, "bob-later", sessionOf("@nurse.bob:wardroom.localhost", "nurse.bob", "idp-s4", NOW + 5 * 60_000));
      expect((await post({ logout_token: await logoutToken({ sub: "nurse.bob" }) })).status).toBe(200);
      expect(await get(store, "bob")).toMatchObject({ endedBy: "identity_provider" });
      expect(await get(store, "bob-later")).not.toHaveProperty("endedBy");
      expect(await get(store, "alice-tablet")).not.toHaveProperty("endedBy");
    });

    it("a token that matches nothing is answered 200 and ends nothing", async () => {
      const before = (await loggedOut()).length;
      expect((await post({ logout_token: await logoutToken({ sub: "nobody", sid: "idp-none" }) })).status).toBe(200);
      // Subject and session id must agree: Alice's tablet session under another subject stays.
      expect((await post({ logout_token: await logoutToken({ sub: "nurse.bob", sid: "idp-s2" }) })).status).toBe(200);
      expect(await get(store, "alice-tablet")).not.toHaveProperty("endedBy");
      expect(await loggedOut()).toHaveLength(before);
    });

    it("refuses (400, counted for the audit) a replay, a stranger's signature, another audience or issuer, alg none, a nonce, a token without the event, and what is not a token", async () => {
      const replayed = await logoutToken({ sub: "dr.alice", sid: "idp-s2", jti: "once" });
      expect((await post({ logout_token: replayed })).status).toBe(200);
      expect(await get(store, "alice-tablet")).toMatchObject({ endedBy: "identity_provider" });
      await put(store, "alice-tablet-2", sessionOf("@dr.alice:wardroom.localhost", "dr.alice", "idp-s2"));

      const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: CLIENT, iat: NOW / 1000, jti: "n", sub: "dr.alice", events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } })).toString("base64url")}.`;
      const hostile: Array<[string, Record<string, string> | string]> = [
        ["replayed", { logout_token: replayed }],
        ["a stranger's key", { logout_token: await logoutToken({ sub: "dr.alice" }, { key: strangerKey.privateKey }) }],
        ["another client's token", { logout_token: await logoutToken({ sub: "dr.alice", aud: "synapse" }) }],
        ["another issuer", { logout_token: await logoutToken({ sub: "dr.alice", iss: "https://evil.example" }) }],
        ["alg none", { logout_token: unsigned }],
        ["alg none with a signature part", { logout_token: `${unsigned}c2lnbmVk` }],
        ["a shared-secret (HS256) signature", { logout_token: await new SignJWT({ sub: "dr.alice", events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } }).setProtectedHeader({ alg: "HS256", kid }).setIssuer(ISSUER).setAudience(CLIENT).setIssuedAt(NOW / 1000).setJti("hs").sign(new TextEncoder().encode("x".repeat(32))) }],
        ["an ID token (nonce)", { logout_token: await logoutToken({ sub: "dr.alice", nonce: "abc" }) }],
        ["no logout event", { logout_token: await logoutToken({ sub: "dr.alice", events: {} }) }],
        ["too old", { logout_token: await logoutToken({ sub: "dr.alice", iat: NOW / 1000 - 3600 }) }],
        ["no token", {}],
        ["not a JWT", { logout_token: "../../etc/passwd" }],
        ["oversized", { logout_token: `${"a".repeat(9000)}.b.c` }],
        ["a JSON body", JSON.stringify({ logout_token: replayed })],
      ];
      for (const [what, body] of hostile) {
        const before = refused;
        const res = await post(body);
        expect(res.status, what).toBe(400);
        expect(res.body, what).toEqual({ error: "invalid_request" });
        expect(refused, what).toBe(before + 1);
      }
      expect(await get(store, "alice-tablet-2")).not.toHaveProperty("endedBy");
    });

    it("the provider's keys or metadata out of reach: 503 (the provider retries), not counted as a bad token, the token not used up", async () => {
      await put(store, "erin", sessionOf("@help.erin:wardroom.localhost", "help.erin", "idp-s8"));
      const token = await logoutToken({ sub: "help.erin" });
      for (const failure of [new errors.JWKSTimeout(), new ProviderUnavailable("metadata"), new TypeError("fetch failed")]) {
        const unreachable = express();
        unreachable.post(BACKCHANNEL_LOGOUT_PATH, express.urlencoded({ extended: false }), backchannelLogout({ oidc: { verifyLogoutToken: () => Promise.reject(failure) }, sessionStore: store, audit, clock: () => new Date(NOW) }, () => void refused++));
        const before = refused;
        expect((await request(unreachable).post(BACKCHANNEL_LOGOUT_PATH).type("form").send({ logout_token: token })).status, failure.constructor.name).toBe(503);
        expect(refused).toBe(before);
      }
      expect(await get(store, "erin")).not.toHaveProperty("endedBy");
      expect((await post({ logout_token: token })).status).toBe(200);
      expect(await get(store, "erin")).toMatchObject({ endedBy: "identity_provider" });
    });

    it("the session store down: 503 (the provider retries), nothing lost; the same token works once it is back", async () => {
      await put(store, "carol", sessionOf("@auditor.carol:wardroom.localhost", "auditor.carol", "idp-s9"));
      const token = await logoutToken({ sub: "auditor.carol" });
      await store.close();
      expect((await post({ logout_token: token })).status).toBe(503);
      // The database is back (here: a new store object on it, which the same handler uses): the
      // refused attempt did not use the token up.
      store = await SqlSessionStore.open(url, () => new Date(NOW));
      expect((await post({ logout_token: token })).status).toBe(200);
      expect(await get(store, "carol")).toMatchObject({ endedBy: "identity_provider" });
    });
  });
}
