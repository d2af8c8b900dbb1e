import type { PhiCategoryName } from "../policy/index.ts";

/**
 * The outbound SMS gate: the one decision on whether a message from a portal room may leave
 * for the SMS network. Pure: the consent lookup and the PHI detector are passed in, and any
 * failure of either blocks the message (fail closed).
 */

export type ConsentStateName = "unknown" | "warned" | "accepted" | "declined" | "opted_out";

export interface PhiFinding {
  containsPhi: boolean;
  /** `start`/`end`: UTF-16 offsets into the text, when the detector gives them. */
  spans: ReadonlyArray<{ category: PhiCategoryName; subcategory?: string; start?: number; end?: number }>;
}

export interface GateInput {
  /** "system": fixed texts from Wardroom itself (the risk warning, reminders, HELP replies). */
  kind: "clinician" | "system";
  text: string;
  /** Categories the policy blocks without consent (`phi.blockWithoutConsent`). */
  blockWithoutConsent: readonly PhiCategoryName[];
  consentState: () => Promise<ConsentStateName>;
  detectPhi: (text: string) => PhiFinding;
}

export type GateReason =
  | "consent_unavailable"
  | "detector_unavailable"
  | "opted_out"
  | "phi_without_consent"
  | "too_long_to_scan"
  | "empty";

export type GateDecision =
  | { allowed: true; categories: PhiCategoryName[]; consent: ConsentStateName }
  | { allowed: false; reason: GateReason; categories: PhiCategoryName[]; consent: ConsentStateName | null };

function categoriesOf(f: PhiFinding): PhiCategoryName[] {
  return [...new Set(f.spans.map((s) => s.category))].sort();
}

export async function decideOutbound(input: GateInput): Promise<GateDecision> {
  if (input.text.trim() === "") return { allowed: false, reason: "empty", categories: [], consent: null };
  let consent: ConsentStateName;
  try {
    consent = await input.consentState();
  } catch {
    return { allowed: false, reason: "consent_unavailable", categories: [], consent: null };
  }
  if (consent === "opted_out") return { allowed: false, reason: "opted_out", categories: [], consent };

  let finding: PhiFinding;
  try {
    finding = input.detectPhi(input.text);
  } catch {
    return { allowed: false, reason: "detector_unavailable", categories: [], consent };
  }
  const categories = categoriesOf(finding);
  // Text past the detector's input cap was never looked at: it never goes out unscanned,
  // whatever the policy blocks and whatever the consent.
  if (finding.spans.some((s) => s.subcategory === "unscanned")) return { allowed: false, reason: "too_long_to_scan", categories, consent };
  // Wardroom's own texts are fixed templates (no PHI); they still pass the detector so that
  // the audit record says what categories, if any, they were found to contain.
  if (input.kind === "system" || consent === "accepted") return { allowed: true, categories, consent };

  const blocked = categories.filter((c) => input.blockWithoutConsent.includes(c));
  if (blocked.length > 0) return { allowed: false, reason: "phi_without_consent", categories: blocked, consent };
  return { allowed: true, categories, consent };
}
