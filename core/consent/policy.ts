import type { Policy } from "../policy/schema.ts";

/**
 * The part of the policy (policies/hipaa.yaml) that consent reads: `organization.name`,
 * `sms.defaultLanguage`, `sms.consent.*` and `sms.keywords.*`. A whole Policy fits; tests
 * and tools can pass just these keys.
 */
export interface ConsentPolicy {
  organization: Pick<Policy["organization"], "name">;
  sms: Pick<Policy["sms"], "defaultLanguage" | "consent" | "keywords">;
}
