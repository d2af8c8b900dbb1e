import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditDrainConfigSchema } from "../../../runtime/audit/spoolDrainConfig.ts";
import { routeOn } from "./albRouting.ts";
import { appTasks, fillPlaceholders } from "./appTaskConfigs.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Synapse's own audit records on AWS (example stack): every Synapse process loads Wardroom's
 * homeserver policy module with the drain token's file (room guardrails, retention, the audit
 * spool), and the audit-drain app moves the spool into the ledger with that token, through the
 * internal load balancer; the public edge refuses the module's endpoints.
 */
let resources: RecordedResource[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig());
  await runProgram();
}, 60_000);

const DOMAIN = "matrix.example.org";
const TOKEN_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:tokens-audit-drain";
const SPOOL = "/_synapse/client/wardroom/v1/audit_spool";

function synapseTasks(): Array<{ instance: string; files: Record<string, string>; secrets: Props[] }> {
  return ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")
    .filter((t) => t.name.startsWith("homeserver-"))
    .map((td) => {
      const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
      const env = Object.fromEntries((synapse.environment as Props[]).map((e) => [e.name, e.value as string]));
      return { instance: env.SYNAPSE_INSTANCE!, files: JSON.parse(env.WARDROOM_FILES!) as Record<string, string>, secrets: synapse.secrets as Props[] };
    });
}

describe("Synapse's audit spool on AWS (example stack)", () => {
  it("every Synapse process loads the homeserver policy module and holds the drain token's file from its secret", () => {
    const tasks = synapseTasks();
    expect(tasks.map((t) => t.instance)).toContain("main");
    expect(tasks.length).toBeGreaterThan(5);
    for (const t of tasks) {
      const shared = parse(t.files["/run/wardroom/homeserver.yaml"]!) as Props;
      const policy = (shared.modules as Props[]).find((m) => m.module === "wardroom_synapse.HomeserverPolicy");
      expect(policy?.config.audit, t.instance).toEqual({ drain_token_file: "/run/wardroom/secrets/audit_drain_token" });
      expect(t.files["/run/wardroom/secrets/audit_drain_token"], t.instance).toBe("${secret:AUDIT_DRAIN_TOKEN}");
      expect(t.secrets.find((s) => s.name === "WARDROOM_SECRET_AUDIT_DRAIN_TOKEN")?.valueFrom, t.instance).toBe(TOKEN_ARN);
    }
    const exec = JSON.parse(ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "homeserver-execution-secrets")!.inputs.policy as string) as Props;
    expect(JSON.stringify(exec)).toContain(TOKEN_ARN);
  });

  it("the audit-drain app presents the same token, writes the ledger as the append-only role, and holds nothing else", () => {
    const drain = appTasks(resources).find((t) => t.app === "audit-drain")!;
    expect(Object.keys(drain.secrets).sort()).toEqual(["AUDIT_DRAIN_TOKEN", "DB_AUDIT_WRITER"]);
    expect(drain.secrets.AUDIT_DRAIN_TOKEN).toBe(TOKEN_ARN);
    const c = AuditDrainConfigSchema.parse(JSON.parse(fillPlaceholders(drain.files[drain.configFile]!)));
    expect(c.homeserverUrl).toBe(`https://${DOMAIN}`);
    expect(c.auditUrl).toMatch(/^postgres:\/\/wardroom_audit_writer:.+\/wardroom_audit\?sslmode=verify-full/);
    expect(drain.files[c.drainTokenFile]).toBe("${secret:AUDIT_DRAIN_TOKEN}");
    const service = ofType(resources, "aws:ecs/service:Service").find((s) => s.name === "apps-audit-drain")!;
    // One drain at a time (the spool hands out records in order; two would only race).
    expect(service.inputs).toMatchObject({ desiredCount: 1, deploymentMaximumPercent: 100, loadBalancers: [] });
    expect((service.inputs.networkConfiguration as Props).assignPublicIp).toBe(false);
  });

  it("inside the VPC the spool reaches Synapse; the public edge refuses every endpoint of the module", () => {
    const inside = routeOn(resources, "edge-https-internal", { host: DOMAIN, path: SPOOL, method: "GET" });
    expect(inside.type).toBe("forward");
    expect(String(inside.targetGroupArn)).toContain("homeserver-tg-");
    for (const path of [SPOOL, `${SPOOL}/ack`, "/_synapse/client/wardroom/v1/fix_retention", "/_synapse/client/wardroom/v1/sms_portal_room"]) {
      expect(routeOn(resources, "edge-https-public", { host: DOMAIN, path, method: "GET" }), path).toMatchObject({ rule: "apps-rule-internal-apis-refused", type: "fixed-response" });
    }
    // Synapse's own client API still goes through the public edge.
    expect(routeOn(resources, "edge-https-public", { host: DOMAIN, path: "/_matrix/client/v3/sync", method: "GET" }).type).toBe("forward");
  });
});
