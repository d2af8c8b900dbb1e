import { expect, it } from "vitest";
import { deviceCount } from "../../runtime/lifecycle/deviceCount.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { rawRequest, registerUser } from "../helpers/matrix.ts";
import { describeWithStack, readPassword } from "../helpers/stack.ts";

/**
 * The dashboard's device count: Wardroom's Synapse module counts the devices table (Synapse's
 * admin API has none server-wide), for server admins only.
 */
describeWithStack("device count (Wardroom's Synapse module, for the console's dashboard)", (stack) => {
  it("counts logged-in devices and the recently used ones; a new login adds one, a logout takes it away; refused to a non-admin", async () => {
    const hs = new SynapseClient({ baseUrl: stack().homeserver.url });
    const adminToken = (await hs.loginWithPassword(stack().admin.userId, readPassword(stack().admin.passwordFile), "device count test")).accessToken;
    const admin = hs.withToken(adminToken);
    const person = await registerUser(stack(), "device.count");
    const before = await deviceCount(admin, Date.now() - 86_400_000);
    expect(before.devices).toBeGreaterThan(0);
    expect(before.active).toBeLessThanOrEqual(before.devices);

    const login = await hs.loginWithPassword(person.userId, person.password, "counted phone");
    const during = await deviceCount(admin, 0);
    // Other test files are not running (one file at a time): only this login changed the table.
    expect(during.devices).toBe(before.devices + 1);
    // Nothing was used after the far future.
    expect((await deviceCount(admin, Date.now() + 86_400_000)).active).toBe(0);

    const refused = await rawRequest(stack(), "GET", "/_synapse/client/wardroom/v1/device_count?active_since_ts=0", { token: login.accessToken });
    expect(refused.status).toBe(403);
    const bad = await rawRequest(stack(), "GET", "/_synapse/client/wardroom/v1/device_count", { token: adminToken });
    expect(bad.status).toBe(400);

    await hs.withToken(login.accessToken).request("POST", "/_matrix/client/v3/logout", { body: {} });
    expect((await deviceCount(admin, 0)).devices).toBe(before.devices);
    await admin.request("POST", "/_matrix/client/v3/logout", { body: {} });
  });
});
