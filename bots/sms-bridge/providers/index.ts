import { AwsSmsProvider, type AwsProviderOptions } from "./aws.ts";
import { SimulatorProvider, type SimulatorProviderOptions } from "./simulator.ts";
import { TwilioProvider, type TwilioProviderOptions } from "./twilio.ts";
import type { SmsProvider } from "./types.ts";

/** The SMS providers the bridge can use, chosen by configuration. */
export type ProviderConfig =
  | ({ provider: "simulator" } & SimulatorProviderOptions)
  | ({ provider: "twilio" } & TwilioProviderOptions)
  | ({ provider: "aws" } & AwsProviderOptions);

export function createProvider(config: ProviderConfig): SmsProvider {
  switch (config.provider) {
    case "simulator":
      return new SimulatorProvider(config);
    case "twilio":
      return new TwilioProvider(config);
    case "aws":
      return new AwsSmsProvider(config);
  }
}

export { AwsSmsProvider, SimulatorProvider, TwilioProvider };
export type { AwsProviderOptions, SimulatorProviderOptions, TwilioProviderOptions };
export { ProviderError, type ProviderErrorKind } from "./errors.ts";
export { containerCredentials, credentialsFromEnv, defaultCredentials, staticCredentials, type AwsCredentialsProvider } from "./awsCredentials.ts";
export type * from "./types.ts";
