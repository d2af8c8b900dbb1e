import { InputError } from "../core/errors.ts";
import { fixRoomRetention, type RetentionFix } from "../runtime/synapse/roomRetention.ts";
import type { ConsoleDeps } from "./deps.ts";
import type { Via } from "./review.ts";

const ROOM_ID = /^![A-Za-z0-9._=\-/+:~]{1,254}$/;
const KNOWN_KINDS = new Set(["clinical", "sms", "admin"]);

/** A room id from a form or JSON body, or an InputError naming the field. */
export function parseRoomId(value: unknown, field = "roomId"): string {
  if (typeof value !== "string" || !ROOM_ID.test(value)) throw new InputError(`${field}: must be a Matrix room id (!…)`);
  return value;
}

/**
 * "Fix missing retention", once for the /rooms page and the JSON API: asks the homeserver
 * module to give the room its kind's retention and records `console.retention_fixed` with the
 * person as the actor, the room as the target, its kind and the outcome (never its name).
 * A room the homeserver does not know is an InputError (nothing is recorded).
 */
export async function fixRetention(deps: Pick<ConsoleDeps, "synapse" | "audit">, actor: string, roomId: string, via: Via): Promise<Exclude<RetentionFix, { outcome: "no_such_room" }>> {
  const fix = await fixRoomRetention(deps.synapse, roomId);
  if (fix.outcome === "no_such_room") throw new InputError("roomId: there is no such room on the homeserver");
  await deps.audit.append({ actor, action: "console.retention_fixed", target: roomId, details: { kind: KNOWN_KINDS.has(fix.kind) ? fix.kind : "other", outcome: fix.outcome, via } });
  return fix;
}

/** What the /rooms page tells the person after a fix. */
export function retentionFixMessage(fix: Exclude<RetentionFix, { outcome: "no_such_room" }>): string {
  switch (fix.outcome) {
    case "fixed":
      return `The room now carries the ${fix.kind} retention (${Math.round(fix.maxLifetimeMs / 86_400_000)} days).`;
    case "present":
      return "The room already has a retention; nothing was changed.";
    case "no_member":
      return "Nobody from this homeserver is in the room any more, so its retention cannot be set (the server's default retention applies).";
    case "no_power":
      return "No member of the room from this homeserver may set its retention; nothing was changed.";
    case "no_policy":
      return `The policy has no retention for ${fix.kind} rooms; nothing was changed.`;
  }
}
