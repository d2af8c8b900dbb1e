import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { describeWithStack, readPassword } from "../helpers/stack.ts";
import { clinician, loginAs, rawRequest, registerUser } from "../helpers/matrix.ts";

describeWithStack("homeserver configured from the policy", (stack) => {
  let alice: MatrixClient;
  beforeAll(async () => {
    alice = await loginAs(stack(), clinician(stack(), 0));
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
  });

  it("encrypts a room an ordinary user creates through the client-server API", async () => {
    const { room_id } = await alice.createRoom({ name: "ward 5 handoff" });
    const encryption = await alice.getStateEvent(room_id, "m.room.encryption", "");
    expect(encryption).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
  });

  it("refuses a room created with the public_chat preset, naming the rule (test/integration/roomGuardrails.test.ts has the rest)", async () => {
    await expect(alice.createRoom({ preset: "public_chat" as never })).rejects.toMatchObject({ httpStatus: 403, data: { "org.wardroom.rule": "no-public-rooms" } });
  });

  it("refuses open registration", async () => {
    const res = await rawRequest(stack(), "POST", "/_matrix/client/v3/register", {
      body: { username: "walk-in", password: "correct horse battery staple", auth: { type: "m.login.dummy" } },
    });
    expect(res.status).toBe(403);
    expect(res.body.errcode).toBe("M_FORBIDDEN");
  });

  it("refuses guest registration", async () => {
    const res = await rawRequest(stack(), "POST", "/_matrix/client/v3/register?kind=guest", { body: {} });
    expect(res.status).toBe(403);
    expect(String(res.body.error)).toMatch(/guest access is disabled/i);
  });

  it("does not serve the federation or key APIs", async () => {
    for (const path of ["/_matrix/federation/v1/version", "/_matrix/key/v2/server"]) {
      const res = await rawRequest(stack(), "GET", path);
      expect(res.status, path).toBe(404);
    }
  });

  it("does not fetch URL previews", async () => {
    const res = await rawRequest(stack(), "GET", "/_matrix/client/v1/media/preview_url?url=https%3A%2F%2Fexample.org", {
      token: alice.getAccessToken() ?? "",
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).not.toBe(200);
  });

  it("hides profiles of users who share no room", async () => {
    // A fresh account: the demo auditor may share a room with Alice by now (careTeamOnly.test.ts
    // puts them in one), depending on the order the project runs its files in.
    const carol = await registerUser(stack(), "stranger");
    const res = await rawRequest(stack(), "GET", `/_matrix/client/v3/profile/${encodeURIComponent(carol.userId)}`, {
      token: alice.getAccessToken() ?? "",
    });
    expect(res.status).toBe(403);
    const anonymous = await rawRequest(stack(), "GET", `/_matrix/client/v3/profile/${encodeURIComponent(carol.userId)}`);
    expect(anonymous.status).toBe(401);
  });

  it("keeps presence off", async () => {
    const res = await rawRequest(stack(), "PUT", `/_matrix/client/v3/presence/${encodeURIComponent(alice.getUserId()!)}/status`, {
      token: alice.getAccessToken() ?? "",
      body: { presence: "online" },
    });
    // Synapse accepts the call but, with presence disabled, reports nobody as online.
    expect(res.status).toBe(200);
    const got = await rawRequest(stack(), "GET", `/_matrix/client/v3/presence/${encodeURIComponent(alice.getUserId()!)}/status`, {
      token: alice.getAccessToken() ?? "",
    });
    expect(got.body.presence).not.toBe("online");
  });

  it("serves metrics on the private listener only", async () => {
    const res = await fetch(stack().internal.metricsUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("synapse_");
    const onClientPort = await rawRequest(stack(), "GET", "/_synapse/metrics");
    expect(onClientPort.status).toBe(404);
  });

  it("issues expiring access tokens with refresh tokens when the client asks", async () => {
    const res = await rawRequest(stack(), "POST", "/_matrix/client/v3/login", {
      body: {
        type: "m.login.password",
        identifier: { type: "m.id.user", user: clinician(stack(), 1).userId },
        password: readPassword(clinician(stack(), 1).passwordFile),
        refresh_token: true,
      },
    });
    expect(res.status).toBe(200);
    expect(typeof res.body.refresh_token).toBe("string");
    // accessTokenMinutes (5) in milliseconds, less the time the request took.
    expect(res.body.expires_in_ms).toBeLessThanOrEqual(5 * 60 * 1000);
    expect(res.body.expires_in_ms).toBeGreaterThan(4 * 60 * 1000);
  });
});
