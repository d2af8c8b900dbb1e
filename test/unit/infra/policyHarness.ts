import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Runs a CrossGuard resource policy in-process the way the policy engine does: the policy's
 * validate function gets the resource's type and inputs and reports violations; a policy for
 * another type marks itself not applicable.
 */
class NotApplicable extends Error {}

export type PolicyOutcome = { applicable: false } | { applicable: true; violations: string[] };

export async function runPolicy(policy: ResourceValidationPolicy, resource: { type: string; name: string; props: Record<string, unknown> }): Promise<PolicyOutcome> {
  const violations: string[] = [];
  const args = {
    type: resource.type,
    props: resource.props,
    urn: `urn:pulumi:example::wardroom::${resource.type}::${resource.name}`,
    name: resource.name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map<string, string>(),
    isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === resource.type,
    asType: (cls: { __pulumiType?: string }) => (cls.__pulumiType === resource.type ? resource.props : undefined),
    getConfig: () => ({}),
    notApplicable: (): never => {
      throw new NotApplicable();
    },
  } as unknown as ResourceValidationArgs;
  const fns = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
  // As the engine does: each validation of a policy runs; one for another type is skipped.
  let applicable = false;
  for (const fn of fns) {
    try {
      await fn(args, (message) => violations.push(message));
      applicable = true;
    } catch (err) {
      if (!(err instanceof NotApplicable)) throw err;
    }
  }
  return applicable ? { applicable: true, violations } : { applicable: false };
}

export async function violationsOf(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>): Promise<string[]> {
  const out = await runPolicy(policy, { type, name: "r", props });
  if (!out.applicable) throw new Error(`${policy.name} does not apply to ${type}`);
  return out.violations;
}
