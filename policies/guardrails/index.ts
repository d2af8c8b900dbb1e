import { PolicyPack } from "@pulumi/policy";
import { guardrailPolicies } from "./policies.ts";

// `pulumi up --policy-pack policies/guardrails` runs this pack next to the program.
new PolicyPack("wardroom-guardrails", {
  description: "HIPAA guardrails for Wardroom on AWS: encryption, TLS, no public data stores, backups, six-year retention, audit Object Lock.",
  enforcementLevel: "mandatory",
  policies: guardrailPolicies,
});
