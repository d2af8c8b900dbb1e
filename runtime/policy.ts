import { readFileSync } from "node:fs";
import { InputError } from "../core/errors.ts";
import { parsePolicy, policyOrThrow, type PolicyParseResult } from "../core/policy/index.ts";
import type { Policy } from "../core/policy/index.ts";
import { checkWarnings } from "../core/consent/warnings.ts";
import { checkPatientTexts } from "../core/sms/patientTexts.ts";
import { defaultPolicyPath } from "./paths.ts";

/** The policy file in use: $WARDROOM_POLICY or policies/hipaa.yaml. */
export function policyPath(explicit?: string): string {
  return explicit ?? process.env.WARDROOM_POLICY ?? defaultPolicyPath;
}

function readPolicyText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read policy file ${file}: ${code === "ENOENT" ? "no such file" : code ?? "unreadable"}`);
  }
}

/** Every check a policy must pass: the schema, then the consent warnings (segments, keywords) and the confirmations. */
const CHECKS = [checkWarnings, checkPatientTexts];

export function checkPolicyFile(file: string): PolicyParseResult {
  return parsePolicy(readPolicyText(file), CHECKS);
}

export function loadPolicyFile(file = policyPath()): Policy {
  return policyOrThrow(file, readPolicyText(file), CHECKS);
}
