import type { Policy } from "../../core/policy/index.ts";
import { patientText } from "../../core/sms/patientTexts.ts";

/**
 * The replies carriers require to STOP, START and HELP (CTIA), and the note about withheld
 * pictures: fixed texts without PHI, from the policy (`sms.languages.<code>.confirmations`,
 * `sms.helpReply`), in the patient's language.
 */
export function carrierReply(kind: "stop" | "start" | "help" | "media", language: string, policy: Policy): string {
  const which = kind === "stop" ? "optedOut" : kind === "start" ? "optedIn" : kind === "media" ? "mediaWithheld" : "help";
  return patientText(policy, which, language).text;
}
