import { AuditActionRegistry, type AuditActionDefinition } from "../actionRegistry.ts";
import { consentActions } from "./consent.ts";
import { consoleActions } from "./console.ts";
import { homeserverActions } from "./homeserver.ts";
import { lifecycleActions } from "./lifecycle.ts";
import { smsActions } from "./sms.ts";
import { systemActions } from "./system.ts";

/**
 * Every audit action Wardroom records, listed explicitly. A new action goes into its domain's
 * file (or a new file listed here) with its details schema.
 */
export const auditActions: readonly AuditActionDefinition[] = [
  ...smsActions,
  ...consentActions,
  ...lifecycleActions,
  ...consoleActions,
  ...systemActions,
  ...homeserverActions,
];

export function defaultActionRegistry(): AuditActionRegistry {
  return new AuditActionRegistry(auditActions);
}
