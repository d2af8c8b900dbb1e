import type { AdminRequester } from "./SynapseAccountActions.ts";

const PORTAL_STATE = "org.wardroom.sms_portal";

/** Every portal (patient SMS) room on the homeserver, found by its state event. */
export async function listPortalRooms(synapse: AdminRequester): Promise<string[]> {
  const out: string[] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    const page: { rooms: Array<{ room_id: string }>; next_batch?: number } = await synapse.request("GET", `/_synapse/admin/v1/rooms?from=${from}&limit=500`);
    for (const room of page.rooms) {
      const { state } = await synapse.request<{ state: Array<{ type: string }> }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(room.room_id)}/state`);
      if (state.some((e) => e.type === PORTAL_STATE)) out.push(room.room_id);
    }
    from = page.next_batch;
  }
  return out;
}

/**
 * Adds a new care-team member to the patient rooms that exist already (new ones invite them by
 * themselves). Portal rooms let only the bridge and administrators invite, and Synapse's admin
 * join needs the administrator in the room, so this goes through Wardroom's Synapse module,
 * which invites through the room's most powerful local member (the bridge) and joins. Answers
 * the rooms the person was added to (not those they were in).
 */
export async function joinExistingPortals(synapse: AdminRequester, userId: string): Promise<{ added: string[]; failed: Array<{ roomId: string; error: string }> }> {
  const added: string[] = [];
  const failed: Array<{ roomId: string; error: string }> = [];
  for (const roomId of await listPortalRooms(synapse)) {
    try {
      const { members } = await synapse.request<{ members: string[] }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/members`);
      if (members.includes(userId)) continue;
      await synapse.request("POST", "/_synapse/client/wardroom/v1/room_membership", { body: { room_id: roomId, user_id: userId, action: "grant" } });
      added.push(roomId);
    } catch (err) {
      // One room that cannot take a new member (the bridge left it) does not stop the others.
      failed.push({ roomId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { added, failed };
}
