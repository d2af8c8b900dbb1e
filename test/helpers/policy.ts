import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { parsePolicy, type Policy } from "../../core/policy/index.ts";
import { defaultPolicyPath } from "../../runtime/paths.ts";

/** The shipped policy without quiet hours, so that every text is due at once (unit tests). */
export function policyWithoutQuietHours(): Policy {
  const doc = parseDocument(readFileSync(defaultPolicyPath, "utf8"));
  doc.setIn(["sms", "quietHours", "enabled"], false);
  const parsed = parsePolicy(doc.toString(), []);
  if (!parsed.ok) throw new Error("test policy does not parse");
  return parsed.policy;
}
