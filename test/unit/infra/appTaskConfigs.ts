import { expect } from "vitest";
import type { z } from "zod";
import { AuditDrainConfigSchema } from "../../../runtime/audit/spoolDrainConfig.ts";
import { placeholdersIn } from "../../../infra/aws/containerFiles.ts";
import { BridgeConfigSchema, ComplianceBotConfigSchema, ConsoleConfigSchema, LifecycleBotConfigSchema, ScimConfigSchema } from "../../../runtime/config/index.ts";
import { ofType, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The schema each app's process loads its config file with (its main.ts). */
export const APP_SCHEMAS: Record<string, z.ZodType> = {
  "sms-bridge": BridgeConfigSchema,
  compliance: ComplianceBotConfigSchema,
  lifecycle: LifecycleBotConfigSchema,
  console: ConsoleConfigSchema,
  scim: ScimConfigSchema,
  "audit-drain": AuditDrainConfigSchema,
};

export interface AppTask {
  app: string;
  files: Record<string, string>;
  configFile: string;
  /** Secret names (without WARDROOM_SECRET_) -> valueFrom. */
  secrets: Record<string, string>;
}

/** What the entrypoint gets for one app: its WARDROOM_FILES, the file its config variable names, and its secrets. */
export function appTasks(resources: RecordedResource[]): AppTask[] {
  return ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")
    .filter((t) => t.name.startsWith("apps-"))
    .map((td) => {
      const app = td.name.slice("apps-".length);
      const container = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === app)!;
      const env = Object.fromEntries((container.environment as Props[]).map((e) => [e.name, e.value as string]));
      const configEnv = Object.keys(env).find((k) => /^WARDROOM_[A-Z_]+_CONFIG$/.test(k))!;
      const secrets = Object.fromEntries((container.secrets as Props[]).map((s) => [(s.name as string).replace(/^WARDROOM_SECRET_/, ""), s.valueFrom as string]));
      return { app, files: JSON.parse(env.WARDROOM_FILES!) as Record<string, string>, configFile: env[configEnv]!, secrets };
    });
}

/** A value of the shape each secret has (a Twilio Account SID is AC + 32 hex digits). */
const dummy = (name: string) => (name === "TWILIO_ACCOUNT_SID" ? `AC${"0".repeat(32)}` : `dummy-${name.toLowerCase()}-0123456789abcdef`);

/** What the entrypoint does: every placeholder replaced by its secret's value. */
export const fillPlaceholders = (text: string): string => text.replace(/\$\{secret:([A-Z0-9_]+)\}/g, (_, name: string) => dummy(name));

/** Each config file parses with its process's schema, names only files the task writes, and has a secret behind every placeholder. */
export function expectAppTasksValid(resources: RecordedResource[]): AppTask[] {
  const tasks = appTasks(resources);
  expect(tasks.map((t) => t.app).sort()).toEqual(Object.keys(APP_SCHEMAS).sort());
  const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "apps-execution-secrets")!;
  const readable = (JSON.parse(policy.inputs.policy as string) as Props).Statement.find((s: Props) => s.Action === "secretsmanager:GetSecretValue").Resource as string[];
  for (const t of tasks) {
    const text = t.files[t.configFile];
    expect(text, `${t.app}: its config file is in WARDROOM_FILES`).toBeDefined();
    const parsed = APP_SCHEMAS[t.app]!.safeParse(JSON.parse(fillPlaceholders(text!)));
    expect(parsed.error?.issues ?? [], `${t.app} config against its schema`).toEqual([]);
    // Every *File the config names (except the policy, shipped in the image) is written by the entrypoint.
    const named = [...text!.matchAll(/"(\w+File)": "([^"]+)"/g)].filter((m) => m[1] !== "policyFile").map((m) => m[2]!);
    for (const path of named) expect(Object.keys(t.files), `${t.app}: ${path}`).toContain(path);
    for (const [path, content] of Object.entries(t.files)) {
      for (const name of placeholdersIn(content)) {
        expect(Object.keys(t.secrets), `${t.app}: ${path} uses \${secret:${name}}`).toContain(name);
        expect(readable, `${t.app}: the execution role may read ${name}`).toContain(t.secrets[name]!.replace(/:[^:]*::$/, ""));
      }
    }
    // No secret value inline: the files' only secret material is placeholders.
    // (The mocks' generated passwords and Cognito's client secret.)
    for (const content of Object.values(t.files)) expect(content).not.toMatch(/generatedGenerated|"client-secret"|^client-secret$/);
  }
  return tasks;
}
