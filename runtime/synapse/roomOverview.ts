import { roomOverviewFromState, type RoomOverview } from "../../core/console/roomKind.ts";
import type { SynapseClient, StateEvent } from "./SynapseClient.ts";

type Requester = Pick<SynapseClient, "request">;

/**
 * One page of rooms (Synapse's admin room list, by name) with each room's kind, encryption,
 * retention and portal state read from its state. Room names are left out on purpose: a
 * portal's or a care room's name can name a patient.
 */
export async function roomOverviewPage(synapse: Requester, o: { from?: number; limit: number }): Promise<{ rooms: RoomOverview[]; next: number | null; total: number }> {
  const q = new URLSearchParams({ from: String(o.from ?? 0), limit: String(o.limit), order_by: "name" });
  const page = await synapse.request<{ rooms: Array<{ room_id: string; joined_members?: number }>; next_batch?: number | null; total_rooms?: number }>("GET", `/_synapse/admin/v1/rooms?${q}`);
  const rooms: RoomOverview[] = [];
  // Four state reads at a time: a page stays quick without flooding the homeserver.
  for (let i = 0; i < page.rooms.length; i += 4) {
    const batch = page.rooms.slice(i, i + 4);
    rooms.push(
      ...(await Promise.all(
        batch.map(async (r) => {
          const { state } = await synapse.request<{ state: StateEvent[] }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(r.room_id)}/state`);
          return roomOverviewFromState(r.room_id, r.joined_members ?? 0, state);
        }),
      )),
    );
  }
  return { rooms, next: typeof page.next_batch === "number" ? page.next_batch : null, total: page.total_rooms ?? rooms.length };
}
