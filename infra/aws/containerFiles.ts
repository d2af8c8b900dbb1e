import * as pulumi from "@pulumi/pulumi";

/**
 * How a task gets its config files without putting secrets in a task definition: the files
 * travel as one JSON environment variable (`WARDROOM_FILES`, path -> content) in which
 * secrets appear only as `${secret:NAME}` placeholders; ECS injects each secret from Secrets
 * Manager as `WARDROOM_SECRET_NAME`, and the image's entrypoint (infra/synapse/entrypoint.py,
 * bin/container-entrypoint.mjs) writes the files with the values, mode 0600, refusing to
 * start if a placeholder has no value.
 */

export const secretRef = (name: string): string => `\${secret:${name}}`;

export interface TaskSecret {
  name: string;
  /** A secret ARN, optionally with `:json-key::` for one key of a JSON secret. */
  valueFrom: pulumi.Input<string>;
}

export function filesEnv(files: Record<string, pulumi.Input<string>>): pulumi.Output<{ name: string; value: string }> {
  return pulumi.output(files).apply((f) => ({ name: "WARDROOM_FILES", value: JSON.stringify(f) }));
}

export function secretEnv(secrets: TaskSecret[]): { name: string; valueFrom: pulumi.Input<string> }[] {
  return secrets.map((s) => ({ name: `WARDROOM_SECRET_${s.name}`, valueFrom: s.valueFrom }));
}

/** Placeholders used in a text (to check that every one has a secret behind it). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\$\{secret:([A-Z0-9_]+)\}/g)].map((m) => m[1] as string);
}
