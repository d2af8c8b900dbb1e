import type { SynapseClient } from "./SynapseClient.ts";
import { MatrixHttpError } from "./MatrixHttpError.ts";

type Requester = Pick<SynapseClient, "request">;

/** What the homeserver did when asked to give a room its kind's retention. */
export type RetentionFix =
  | { outcome: "fixed"; kind: string; sentAs: string; maxLifetimeMs: number }
  | { outcome: "present"; kind: string; maxLifetimeMs: number }
  /** Nobody joined here may set it (no_member, no_power), or the policy has none for the kind. */
  | { outcome: "no_member" | "no_power" | "no_policy"; kind: string }
  | { outcome: "no_such_room" };

const UNFIXABLE = new Set(["no_member", "no_power", "no_policy"]);

/**
 * Asks Wardroom's Synapse module (POST /_synapse/client/wardroom/v1/fix_retention, server
 * admins only) to give a room without m.room.retention its kind's retention from the policy,
 * sent as the room's most powerful joined local member: Synapse's admin API cannot send a state
 * event as a member. Throws MatrixHttpError when the homeserver cannot answer or refuses the
 * caller, and an Error when it answers something this client does not know.
 */
export async function fixRoomRetention(synapse: Requester, roomId: string): Promise<RetentionFix> {
  let r: { outcome?: string; kind?: string; sentAs?: string; retention?: { max_lifetime?: number } };
  try {
    r = await synapse.request("POST", "/_synapse/client/wardroom/v1/fix_retention", { body: { room_id: roomId } });
  } catch (err) {
    if (err instanceof MatrixHttpError && err.status === 404 && err.errcode === "M_NOT_FOUND") return { outcome: "no_such_room" };
    throw err;
  }
  const kind = String(r.kind ?? "unknown");
  const maxLifetimeMs = Number(r.retention?.max_lifetime ?? 0);
  if (r.outcome === "fixed" && typeof r.sentAs === "string") return { outcome: "fixed", kind, sentAs: r.sentAs, maxLifetimeMs };
  if (r.outcome === "present") return { outcome: "present", kind, maxLifetimeMs };
  if (typeof r.outcome === "string" && UNFIXABLE.has(r.outcome)) return { outcome: r.outcome as "no_member" | "no_power" | "no_policy", kind };
  throw new Error("fix_retention: the homeserver module gave an answer this console does not know (is the module up to date?)");
}
