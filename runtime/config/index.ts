/** Process configuration: the one loader and the schema of each process's config file. */
export { loadConfigFile, parseConfigText } from "./loadConfigFile.ts";
export { BridgeConfigSchema, loadBridgeConfig, type BridgeConfig, type ProviderConfig } from "./bridgeConfig.ts";
export { ComplianceBotConfigSchema, loadComplianceBotConfig, type ComplianceBotConfig } from "./complianceBotConfig.ts";
export { LifecycleBotConfigSchema, loadLifecycleBotConfig, type LifecycleBotConfig } from "./lifecycleBotConfig.ts";
export { ConsoleConfigSchema, loadConsoleConfig, type ConsoleConfig } from "./consoleConfig.ts";
export { ScimConfigSchema, loadScimConfig, type ScimConfig } from "./scimConfig.ts";
export { AccountsBootstrapConfigSchema, loadAccountsBootstrapConfig, type AccountsBootstrapConfig } from "./accountsBootstrapConfig.ts";
