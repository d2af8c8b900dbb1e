import { readFileSync } from "node:fs";
import { parsePolicy, type Policy } from "../../../core/policy/index.ts";
import type { SynapseDeployment } from "../../../core/synapse/renderConfig.ts";
import type { LocalPorts } from "../../../core/synapse/topologyLocal.ts";
import { defaultPolicyPath } from "../../../runtime/paths.ts";

/** Shared by the topology tests and the AWS program's tests: the local worker mode's inputs. */
export function shippedPolicy(): Policy {
  const res = parsePolicy(readFileSync(defaultPolicyPath, "utf8"));
  if (!res.ok) throw new Error("shipped policy invalid");
  return res.policy;
}

export const localDeployment: SynapseDeployment = {
  publicBaseUrl: "http://127.0.0.1:8008/",
  clientListener: { port: 8008, bindAddresses: ["127.0.0.1"] },
  metricsListener: { port: 9000, bindAddresses: ["127.0.0.1"] },
  database: { kind: "postgres", host: "127.0.0.1", port: 5432, user: "postgres", database: "synapse" },
  mediaStorePath: "/state/media",
  signingKeyPath: "/state/signing.key",
  logConfigPath: "/state/log.yaml",
  secrets: { registrationSharedSecret: "rss", macaroonSecretKey: "mac", formSecret: "form" },
  appServiceConfigFiles: ["/state/sms-bridge.yaml"],
  smsBridgeAppserviceId: "wardroom-sms",
  redis: { host: "127.0.0.1", port: 6379 },
  rateLimits: "local",
};

export function localPorts(instances: string[]): Record<string, LocalPorts> {
  const ports: Record<string, LocalPorts> = {};
  instances.forEach((name, i) => {
    ports[name] = { http: name === "main" ? 8008 : 18100 + i * 3, replication: 18101 + i * 3, metrics: 18102 + i * 3 };
  });
  return ports;
}

