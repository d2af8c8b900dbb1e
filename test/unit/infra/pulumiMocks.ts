import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { repoRoot } from "../../../runtime/paths.ts";

/**
 * Pulumi's mocks for the program's tests: every resource the program registers is recorded
 * with its inputs (what a policy pack sees), and given the outputs AWS would return (ids,
 * ARNs, endpoints) so that dependent resources can be planned.
 */

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** The example stack's config, as Pulumi hands it to a program (structured values as JSON). */
export function exampleStackConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
  const doc = parse(readFileSync(join(repoRoot, "Pulumi.example.yaml"), "utf8")) as { config: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...doc.config, ...overrides })) config[k] = typeof v === "string" ? v : JSON.stringify(v);
  return config;
}

function outputsFor(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const arn = `arn:aws:${type.split(":")[1]!.split("/")[0]}:us-east-1:123456789012:${name}`;
  const base: Record<string, unknown> = { ...inputs, arn, id: `${name}-id`, name: inputs.name ?? name };
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return { ...base, bucket: inputs.bucket ?? name, arn: `arn:aws:s3:::${name}` };
    case "aws:kms/key:Key":
      return { ...base, keyId: `${name}-key-id` };
    case "aws:rds/instance:Instance":
      return { ...base, address: `${name}.cluster.us-east-1.rds.amazonaws.com`, port: 5432, masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-master`, kmsKeyId: "k", secretStatus: "active" }] };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return { ...base, primaryEndpointAddress: `master.${name}.cache.amazonaws.com` };
    case "aws:lb/loadBalancer:LoadBalancer":
      return { ...base, dnsName: `${name}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" };
    case "aws:route53/zone:Zone":
      return { ...base, zoneId: "ZPRIVATE" };
    case "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber":
      return { ...base, phoneNumber: "+18005550100" };
    case "aws:cognito/userPoolClient:UserPoolClient":
      return { ...base, clientSecret: "client-secret" };
    default:
      return base;
  }
}

export async function mockPulumi(config: Record<string, string>, stack = "example"): Promise<RecordedResource[]> {
  const recorded: RecordedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        const state = outputsFor(args.type, args.name, args.inputs as Record<string, unknown>);
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        switch (args.token) {
          case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["use1-az1", "use1-az2", "use1-az3"] };
          case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:root", userId: "x" };
          case "aws:index/getRegion:getRegion":
            return { name: "us-east-1", region: "us-east-1" };
          case "aws:secretsmanager/getRandomPassword:getRandomPassword":
            return { randomPassword: "generatedGeneratedGenerated0123456789" };
          case "aws:elb/getServiceAccount:getServiceAccount":
            return { arn: "arn:aws:iam::127311923021:root", id: "127311923021" };
          default:
            throw new Error(`unmocked call ${args.token}`);
        }
      },
    },
    "wardroom",
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config);
  return recorded;
}

/** Imports the program after the mocks and waits until every registration has reached the mock. */
export async function runProgram(): Promise<void> {
  await import("../../../infra/index.ts");
  await pulumi.runtime.disconnect();
}

/** Secret inputs reach the mock wrapped ({<signature>: ..., value}); this unwraps them. */
export function unwrapSecret(v: unknown): unknown {
  if (v && typeof v === "object" && "value" in v && "4dabf18193072939515e22adb298388d" in v) return (v as { value: unknown }).value;
  return v;
}

export const ofType = (resources: RecordedResource[], type: string): RecordedResource[] => resources.filter((r) => r.type === type);
