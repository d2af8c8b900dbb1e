import type { Policy } from "../policy/index.ts";
import type { Role } from "../roles/index.ts";

/**
 * Break-glass (emergency access, 45 CFR 164.312(a)(2)(ii), required): a person with the
 * `emergency` role enters a patient room at once, for a limited time, with a stated reason;
 * a second person is told at once; the access ends by itself. These are the pure decisions;
 * runtime/breakglass carries them out and audits every step.
 */

export type BreakGlassRefusal = "no_role" | "not_a_patient_room" | "reason_too_short" | "too_long" | "already_active";

export type BreakGlassDecision =
  | { ok: true; minutes: number; expiresAt: Date }
  | { ok: false; refusal: BreakGlassRefusal; message: string };

export interface BreakGlassAsk {
  roles: readonly Role[];
  isPatientRoom: boolean;
  reason: string;
  minutes?: number;
  /** The requester already holds an open grant for this room. */
  hasActiveGrant: boolean;
  now: Date;
}

/** Decides a request; a refusal says why in words the requester can act on (no PHI). */
export function decideBreakGlass(ask: BreakGlassAsk, policy: Policy["breakGlass"]): BreakGlassDecision {
  if (!ask.roles.includes("emergency")) return { ok: false, refusal: "no_role", message: "break-glass access needs the emergency role" };
  if (!ask.isPatientRoom) return { ok: false, refusal: "not_a_patient_room", message: "break-glass access is for patient (SMS) rooms only" };
  if (ask.reason.trim().length < policy.minReasonLength) {
    return { ok: false, refusal: "reason_too_short", message: `state a reason of at least ${policy.minReasonLength} characters` };
  }
  const minutes = ask.minutes ?? policy.defaultMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > policy.maxMinutes) {
    return { ok: false, refusal: "too_long", message: `the access lasts from 1 to ${policy.maxMinutes} minutes` };
  }
  if (ask.hasActiveGrant) return { ok: false, refusal: "already_active", message: "you already have access to this room" };
  return { ok: true, minutes, expiresAt: new Date(ask.now.getTime() + minutes * 60_000) };
}

export interface GrantTimes {
  id: string;
  expiresAt: string;
  endedAt: string | null;
}

/** Grants whose time is up and that have not ended yet, oldest first. */
export function grantsDueToEnd<T extends GrantTimes>(grants: readonly T[], now: Date): T[] {
  return grants.filter((g) => g.endedAt === null && Date.parse(g.expiresAt) <= now.getTime()).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}
