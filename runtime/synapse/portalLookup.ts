import type { SynapseClient } from "./SynapseClient.ts";

/**
 * The portal room of a number, found through the admin API by the `org.wardroom.sms_portal`
 * state event the bridge puts in it (for tools, benchmarks and tests: the bridge itself knows
 * its portals from its own store). Needs an administrator's token.
 */
export async function findPortalRoom(client: SynapseClient, phone: string): Promise<string | undefined> {
  const rooms = await client.listRooms(phone.slice(1).slice(-4));
  for (const room of rooms) {
    const state = await client.roomState(room.room_id);
    if (state.some((e) => e.type === "org.wardroom.sms_portal" && (e.content as { phone?: string }).phone === phone)) return room.room_id;
  }
  return undefined;
}
