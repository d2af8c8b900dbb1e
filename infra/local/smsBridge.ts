import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { renderAppserviceRegistration, smsBridgeRegistration } from "../../core/synapse/appserviceRegistration.ts";
import type { BridgeConfig } from "../../runtime/config/index.ts";
import { randomSecret, secretFile, writeSecretFile } from "./secrets.ts";

export interface LocalBridgeFiles {
  registrationFile: string;
  configFile: string;
  appserviceId: string;
  botUserId: string;
  simulatorSecret: string;
  controlToken: string;
  webhookUrl: string;
  bridgeUrl: string;
}

/**
 * Writes the SMS bridge's appservice registration (for Synapse) and its config (for the bridge
 * process), with tokens generated once and reused by later runs.
 */
export function writeLocalBridgeFiles(args: {
  dir: string;
  homeserverUrl: string;
  serverName: string;
  host: string;
  bridgePort: number;
  simulatorUrl: string;
  policyFile: string;
  careTeam: string[];
  /** The one role directory (the care team is read from it at every message). */
  directoryUrl: string;
  complianceBotUserId: string;
  databases: BridgeConfig["databases"];
}): LocalBridgeFiles {
  mkdirSync(args.dir, { recursive: true, mode: 0o700 });
  const secrets = join(args.dir, "secrets");
  const asToken = secretFile(join(secrets, "as_token"), () => randomSecret(32));
  const hsToken = secretFile(join(secrets, "hs_token"), () => randomSecret(32));
  const simulatorSecret = secretFile(join(secrets, "simulator_secret"), () => randomSecret(32));
  const controlToken = secretFile(join(secrets, "control_token"), () => randomSecret(32));
  const bridgeUrl = `http://${args.host}:${args.bridgePort}`;
  const registration = smsBridgeRegistration({ url: bridgeUrl, asToken, hsToken, serverName: args.serverName });
  const registrationFile = join(args.dir, "registration.yaml");
  writeSecretFile(registrationFile, renderAppserviceRegistration(registration));

  const config: BridgeConfig = {
    homeserverUrl: args.homeserverUrl,
    serverName: args.serverName,
    appserviceId: registration.id,
    asToken,
    hsToken,
    botLocalpart: registration.senderLocalpart,
    listen: { host: args.host, port: args.bridgePort },
    publicBaseUrl: bridgeUrl,
    controlToken,
    complianceBotUserId: args.complianceBotUserId,
    careTeam: args.careTeam,
    directoryUrl: args.directoryUrl,
    policyFile: args.policyFile,
    // The compliance bot tells the sender of a blocked message, end-to-end encrypted.
    blockedNotices: "compliance_bot",
    databases: args.databases,
    provider: { kind: "simulator", baseUrl: args.simulatorUrl, secret: simulatorSecret },
  };
  const configFile = join(args.dir, "config.json");
  writeSecretFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return {
    registrationFile,
    configFile,
    appserviceId: registration.id,
    botUserId: `@${registration.senderLocalpart}:${args.serverName}`,
    simulatorSecret,
    controlToken,
    webhookUrl: `${bridgeUrl}/webhooks/sms`,
    bridgeUrl,
  };
}
