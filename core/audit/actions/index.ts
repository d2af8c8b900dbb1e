import { AuditActionRegistry, type AuditActionDefinition } from "../actionRegistry.ts";
import { breakGlassActions } from "./breakglass.ts";
import { consentActions } from "./consent.ts";
import { consoleActions } from "./console.ts";
import { consoleViewActions } from "./consoleViews.ts";
import { homeserverActions } from "./homeserver.ts";
import { identityActions } from "./identity.ts";
import { lifecycleActions } from "./lifecycle.ts";
import { portalActions } from "./portal.ts";
import { smsActions } from "./sms.ts";
import { systemActions } from "./system.ts";
import { tokenActions } from "./tokens.ts";

/**
 * Every audit action Wardroom records, listed explicitly: the bridge's, the consent ledger's,
 * the console's and the lifecycle bot's all live here, so the console and the docs can list
 * them. A new action goes into its domain's file (or a new file listed here) with its details
 * schema; a test checks that docs/audit.md names each one.
 */
export const auditActions: readonly AuditActionDefinition[] = [
  ...smsActions,
  ...portalActions,
  ...consentActions,
  ...lifecycleActions,
  ...breakGlassActions,
  ...consoleActions,
  ...consoleViewActions,
  ...tokenActions,
  ...systemActions,
  ...homeserverActions,
  ...identityActions,
];

export function defaultActionRegistry(): AuditActionRegistry {
  return new AuditActionRegistry(auditActions);
}
