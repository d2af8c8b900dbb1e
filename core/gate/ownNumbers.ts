import type { Policy } from "../policy/index.ts";
import { parsePhone, type E164 } from "../sms/phone.ts";
import type { PhiFinding } from "./outboundGate.ts";

/** The organisation's own numbers: the practice number, the published ones, staff phones. */
export function organisationNumbers(policy: Policy): ReadonlySet<string> {
  return new Set([policy.sms.practiceNumber, ...policy.sms.organisationNumbers, ...policy.sms.staffNumbers]);
}

/**
 * The finding without CONTACT spans that are one of the organisation's own numbers ("call us
 * at +1 555 555 0100" is logistics, not a patient's contact information). A span without
 * offsets, or one that does not read as a number, stays: unsure means PHI.
 */
export function excludeOwnNumbers(
  text: string,
  finding: PhiFinding,
  own: ReadonlySet<string>,
  defaultCountry: string,
): PhiFinding {
  const spans = finding.spans.filter((s) => {
    if (s.category !== "CONTACT" || s.start === undefined || s.end === undefined) return true;
    let number: E164;
    try {
      number = parsePhone(text.slice(s.start, s.end), { defaultCountry, field: "span", check: "possible" });
    } catch {
      return true;
    }
    return !own.has(number);
  });
  return { ...finding, spans, containsPhi: spans.length > 0 };
}
