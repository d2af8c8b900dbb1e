import type { AccountActions, DeviceInfo, IdleCandidate, IdleCursor, IdleDeviceActions, RedactionStatus, RedactScope } from "../../core/lifecycle/index.ts";

import type { SynapseClient } from "../synapse/index.ts";

/** The one call the actions need from the Synapse client, authenticated as a server admin. */
export type AdminRequester = Pick<SynapseClient, "request">;

/** Portal rooms carry this state event (DESIGN.md, Matrix names). */
const PORTAL_STATE = "org.wardroom.sms_portal";
const MEDIA_BATCH = 100;

const u = (userId: string) => encodeURIComponent(userId);

/**
 * A wipe's side effects through Synapse's admin API. Endpoint names passed to the client
 * leave the user id out, so an error message never carries one.
 */
export class SynapseAccountActions implements AccountActions, IdleDeviceActions {
  constructor(private readonly synapse: AdminRequester) {}

  async listDevices(userId: string): Promise<DeviceInfo[]> {
    const res = await this.synapse.request<{ devices: Array<{ device_id: string; last_seen_ts?: number | null; display_name?: string | null }> }>(
      "GET",
      `/_synapse/admin/v2/users/${u(userId)}/devices`
    );
    return res.devices.map((d) => ({ deviceId: d.device_id, lastSeenTs: d.last_seen_ts ?? null, ...(d.display_name ? { displayName: d.display_name } : {}) }));
  }

  async deleteDevices(userId: string, deviceIds: string[]): Promise<void> {
    await this.synapse.request("POST", `/_synapse/admin/v2/users/${u(userId)}/delete_devices`, { body: { devices: deviceIds } });
  }

  async setLocked(userId: string, locked: boolean): Promise<void> {
    await this.synapse.request("PUT", `/_synapse/admin/v2/users/${u(userId)}`, { body: { locked } });
  }

  async roomsToRedact(userId: string, scope: Exclude<RedactScope, "none">): Promise<string[]> {
    const { joined_rooms } = await this.synapse.request<{ joined_rooms: string[] }>(
      "GET",
      `/_synapse/admin/v1/users/${u(userId)}/joined_rooms`
    );
    if (scope === "all") return joined_rooms;
    const portals: string[] = [];
    for (const roomId of joined_rooms) {
      const { state } = await this.synapse.request<{ state: Array<{ type: string }> }>(
        "GET",
        `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`
      );
      if (state.some((e) => e.type === PORTAL_STATE)) portals.push(roomId);
    }
    return portals;
  }

  async startRedaction(userId: string, rooms: string[]): Promise<string> {
    const { redact_id } = await this.synapse.request<{ redact_id: string }>(
      "POST",
      `/_synapse/admin/v1/user/${u(userId)}/redact`, { body: { rooms, reason: "remote wipe" } }
    );
    return redact_id;
  }

  async redactionStatus(redactionId: string): Promise<RedactionStatus> {
    const res = await this.synapse.request<{ status: string; failed_redactions?: Record<string, string> }>(
      "GET",
      `/_synapse/admin/v1/user/redact_status/${encodeURIComponent(redactionId)}`,
    );
    switch (res.status) {
      case "scheduled":
      case "active":
        return { status: res.status };
      case "complete":
        return { status: "complete", failedEvents: Object.keys(res.failed_redactions ?? {}).length };
      default:
        return { status: "failed" };
    }
  }

  /** Wardroom's Synapse module answers this from the devices table (infra/synapse/modules). */
  async idlePage(beforeTs: number, limit: number, cursor: IdleCursor | null): Promise<{ devices: IdleCandidate[]; next: IdleCursor | null }> {
    const q = new URLSearchParams({ before_ts: String(Math.floor(beforeTs)), limit: String(limit) });
    if (cursor) {
      q.set("from_user", cursor.fromUser);
      q.set("from_device", cursor.fromDevice);
    }
    const res = await this.synapse.request<{ devices: Array<{ user_id: string; device_id: string; last_seen_ts: number | null }>; next: { from_user: string; from_device: string } | null }>(
      "GET",
      `/_synapse/client/wardroom/v1/idle_devices?${q.toString()}`
    );
    return {
      devices: res.devices.map((d) => ({ userId: d.user_id, deviceId: d.device_id, lastSeenTs: d.last_seen_ts })),
      next: res.next ? { fromUser: res.next.from_user, fromDevice: res.next.from_device } : null,
    };
  }

  async countMedia(userId: string): Promise<number> {
    const { total } = await this.synapse.request<{ total: number }>("GET", `/_synapse/admin/v1/users/${u(userId)}/media?limit=1`);
    return total;
  }

  async deleteMediaBatch(userId: string): Promise<number> {
    const { total } = await this.synapse.request<{ total: number }>(
      "DELETE",
      `/_synapse/admin/v1/users/${u(userId)}/media?limit=${MEDIA_BATCH}`
    );
    return total;
  }
}
