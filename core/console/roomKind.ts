/** A room as the console lists it: what kind it is and whether its guardrails are in place. */
export interface RoomOverview {
  roomId: string;
  kind: "clinical" | "sms" | "admin" | "notices" | "other";
  encrypted: boolean;
  /** `max_lifetime` of m.room.retention in days, or null when the room has none. */
  retentionDays: number | null;
  joinedMembers: number;
  /** Portal rooms: the portal's state (`org.wardroom.sms_portal` content's `state`), else null. */
  portalState: string | null;
}

const KINDS = new Set(["clinical", "sms", "admin", "notices"]);

/**
 * A room's kind the way the homeserver module decides it (infra/synapse/modules/
 * wardroom_synapse/homeserver.py `_room_kind`): the creation content's org.wardroom.room_kind,
 * else a portal marker means sms, else clinical.
 */
export function roomOverviewFromState(roomId: string, joinedMembers: number, state: ReadonlyArray<{ type: string; state_key: string; content: Record<string, unknown> }>): RoomOverview {
  const get = (type: string) => state.find((e) => e.type === type && e.state_key === "")?.content;
  const declared = get("m.room.create")?.["org.wardroom.room_kind"];
  const portal = get("org.wardroom.sms_portal");
  const kind = typeof declared === "string" ? (KINDS.has(declared) ? (declared as RoomOverview["kind"]) : "other") : portal ? "sms" : "clinical";
  const maxLifetime = get("m.room.retention")?.max_lifetime;
  const portalState = portal && typeof portal.state === "string" ? portal.state : portal ? "present" : null;
  return {
    roomId,
    kind,
    encrypted: get("m.room.encryption") !== undefined,
    retentionDays: typeof maxLifetime === "number" && maxLifetime > 0 ? Math.round(maxLifetime / 86_400_000) : null,
    joinedMembers,
    portalState,
  };
}
