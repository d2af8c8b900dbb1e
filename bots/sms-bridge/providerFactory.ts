import { AwsSmsProvider } from "./providers/aws.ts";
import { SimulatorProvider } from "./providers/simulator.ts";
import { TwilioProvider } from "./providers/twilio.ts";
import type { SmsProvider } from "./providers/types.ts";
import type { BridgeConfig } from "../../runtime/config/index.ts";

/** The configured provider, and whether it answers STOP/START itself (carriers' confirmations). */
export async function createProvider(config: BridgeConfig): Promise<{ provider: SmsProvider; confirmsKeywords: boolean; idempotent: boolean }> {
  const p = config.provider;
  const webhookUrl = `${config.publicBaseUrl.replace(/\/$/, "")}/webhooks/sms`;
  switch (p.kind) {
    case "simulator":
      return { provider: new SimulatorProvider({ baseUrl: p.baseUrl, secret: p.secret }), confirmsKeywords: false, idempotent: true };
    case "twilio":
      return {
        provider: new TwilioProvider({
          accountSid: p.accountSid,
          authToken: p.authToken,
          statusCallbackUrl: `${webhookUrl}/status`,
          ...(p.apiKey ? { apiKey: p.apiKey } : {}),
          ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}),
          ...(p.messagingServiceSid ? { messagingServiceSid: p.messagingServiceSid } : {}),
        }),
        confirmsKeywords: true,
        idempotent: false,
      };
    case "aws": {
      const { readFile } = await import("node:fs/promises");
      const { defaultCredentials } = await import("./providers/awsCredentials.ts");
      return {
        provider: new AwsSmsProvider({
          region: p.region,
          credentials: defaultCredentials({ env: process.env, readFile: (path) => readFile(path, "utf8") }),
          topicArns: [p.topicArn],
          ...(p.endpoint ? { baseUrl: p.endpoint } : {}),
          ...(p.configurationSetName ? { configurationSetName: p.configurationSetName } : {}),
        }),
        confirmsKeywords: true,
        idempotent: false,
      };
    }
  }
}
