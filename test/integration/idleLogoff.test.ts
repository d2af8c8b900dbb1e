import pino from "pino";
import { expect, it } from "vitest";
import { defaultActionRegistry } from "../../core/audit/index.ts";
import type { IdleDeviceActions } from "../../core/lifecycle/index.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { IdleLogoff } from "../../bots/lifecycle/IdleLogoff.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { rawRequest, registerUser } from "../helpers/matrix.ts";
import { describeWithStack, readPassword } from "../helpers/stack.ts";

describeWithStack("automatic logoff of idle devices (lifecycle bot)", (stack) => {
  it("deletes devices idle past the limit, with and without refresh tokens, and keeps active and exempt ones", async () => {
    const hs = stack().homeserver.url;
    const synapse = new SynapseClient({ baseUrl: hs });
    const admin = synapse.withToken((await synapse.loginWithPassword(stack().admin.userId, readPassword(stack().admin.passwordFile))).accessToken);
    const real = new SynapseAccountActions(admin);

    const { userId, password } = await registerUser(stack(), "idle");
    const login = async (refresh: boolean) =>
      (await rawRequest(stack(), "POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password, refresh_token: refresh } })).body as {
        access_token: string;
        refresh_token?: string;
        device_id: string;
      };
    const whoami = (token: string) => rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token });
    /**
     * Waits until Synapse has written the device's use to its devices table, which the sweep
     * reads (client IPs are written in batches every few seconds).
     */
    const lastSeen = async (deviceId: string): Promise<number> => {
      for (;;) {
        const page = await real.idlePage(Date.now() + 3_600_000, 5000, { fromUser: userId, fromDevice: "" });
        const d = page.devices.find((x) => x.userId === userId && x.deviceId === deviceId);
        if (d?.lastSeenTs) return d.lastSeenTs;
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // Two devices used once, one with a refresh token and one without...
    const withRefresh = await login(true);
    const withoutRefresh = await login(false);
    expect(withRefresh.refresh_token).toBeTruthy();
    await whoami(withRefresh.access_token);
    await whoami(withoutRefresh.access_token);
    const idleSince = Math.max(await lastSeen(withRefresh.device_id), await lastSeen(withoutRefresh.device_id));
    // ...and one used after them.
    const active = await login(false);
    await whoami(active.access_token);
    const activeSince = await lastSeen(active.device_id);
    expect(activeSince).toBeGreaterThan(idleSince + 1);
    const neverUsed = (await real.listDevices(userId)).filter((d) => d.lastSeenTs === null).map((d) => d.deviceId);
    expect(neverUsed).toHaveLength(1); // the device shared-secret registration left behind

    // The homeserver is shared with other test files: the sweep sees only this test's user
    // and the bots' service account (exempt by the policy).
    const serviceId = stack().internal.serviceAccount.userId;
    const scoped: IdleDeviceActions = {
      idlePage: async (before, limit, cursor) => {
        const page = await real.idlePage(before, limit, cursor);
        return { ...page, devices: page.devices.filter((d) => d.userId === userId || d.userId === serviceId) };
      },
      deleteDevices: (u, ids) => real.deleteDevices(u, ids),
    };
    const policy = loadPolicyFile(`${stack().internal.stackDir}/policy.yaml`);
    const limit = policy.sessions.idleLogoffMinutes * 60_000;
    let now = idleSince + limit + 1;
    const audit = await openAuditLedger({ url: stack().internal.auditUrl, actions: defaultActionRegistry() });
    const serviceDevicesBefore = (await real.listDevices(serviceId)).length;
    const bot = new IdleLogoff({ actions: scoped, policy, serverName: stack().homeserver.serverName, selfUserId: stack().admin.userId, audit, log: pino({ level: "silent" }), now: () => now });
    try {
      const report = await bot.sweepOnce();
      expect(report.loggedOff).toEqual([{ userId, deviceIds: expect.arrayContaining([withRefresh.device_id, withoutRefresh.device_id]) }]);
      expect(report.loggedOff[0]?.deviceIds).toHaveLength(2);
      expect(report.exemptSkipped).toBeGreaterThan(0);

      // Hard logout for both kinds of token; the refresh token is dead too.
      for (const t of [withRefresh.access_token, withoutRefresh.access_token]) expect((await whoami(t)).body).toMatchObject({ errcode: "M_UNKNOWN_TOKEN", soft_logout: false });
      expect((await rawRequest(stack(), "POST", "/_matrix/client/v3/refresh", { body: { refresh_token: withRefresh.refresh_token } })).status).toBe(401);
      expect((await whoami(active.access_token)).status).toBe(200);
      expect((await real.listDevices(serviceId)).length).toBe(serviceDevicesBefore);
      // The never-used device gets the full limit from the sweep that first noticed it.
      expect((await real.listDevices(userId)).map((d) => d.deviceId)).toEqual(expect.arrayContaining(neverUsed));

      now += limit;
      const later = await bot.sweepOnce();
      expect(later.loggedOff.flatMap((l) => l.deviceIds)).toEqual(expect.arrayContaining([...neverUsed, active.device_id]));
      expect(await real.listDevices(userId)).toEqual([]);

      const records = (await audit.query({ action: "device.logged_off_idle", target: userId })).records;
      expect(records.map((r) => r.actor)).toEqual(["system:lifecycle", "system:lifecycle"]);
      expect(records[0]?.details).toMatchObject({ idleLimitMinutes: policy.sessions.idleLogoffMinutes });
    } finally {
      await bot.stop();
      await audit.close();
    }
  });

  it("refuses the idle-device listing to anyone but a server admin", async () => {
    const synapse = new SynapseClient({ baseUrl: stack().homeserver.url });
    const demo = stack().demoUsers[0]!;
    const token = (await synapse.loginWithPassword(demo.userId, readPassword(demo.passwordFile))).accessToken;
    const res = await rawRequest(stack(), "GET", `/_synapse/client/wardroom/v1/idle_devices?before_ts=${Date.now()}`, { token });
    expect(res).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect((await rawRequest(stack(), "GET", `/_synapse/client/wardroom/v1/idle_devices?before_ts=${Date.now()}`)).status).toBe(401);
    await rawRequest(stack(), "POST", "/_matrix/client/v3/logout", { token, body: {} });
  });
});
