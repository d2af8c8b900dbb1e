import type { AdminRequester } from "./SynapseAccountActions.ts";

/**
 * How many devices (sessions) the homeserver has, and how many of them were used since
 * `activeSinceMs`. Synapse's admin API lists devices one user at a time; Wardroom's Synapse
 * module answers this from the devices table (GET /_synapse/client/wardroom/v1/device_count,
 * server admins only; infra/synapse/modules/wardroom_synapse/idle_devices.py). Throws when the
 * homeserver cannot answer.
 */
export async function deviceCount(synapse: AdminRequester, activeSinceMs: number): Promise<{ devices: number; active: number }> {
  const q = new URLSearchParams({ active_since_ts: String(Math.max(0, Math.floor(activeSinceMs))) });
  const r = await synapse.request<{ devices: unknown; active: unknown }>("GET", `/_synapse/client/wardroom/v1/device_count?${q}`);
  if (typeof r.devices !== "number" || typeof r.active !== "number") throw new Error("device_count: the homeserver module gave an answer this console does not know");
  return { devices: r.devices, active: r.active };
}
