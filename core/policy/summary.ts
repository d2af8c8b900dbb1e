import type { Policy } from "./schema.ts";

/** A few lines an operator can eyeball after `policy check`. */
export function summarizePolicy(p: Policy): string[] {
  const fed = p.homeserver.federation;
  return [
    `organization: ${p.organization.name}`,
    `server name: ${p.homeserver.serverName}`,
    `federation: ${fed.enabled ? `allow-list (${fed.allowDomains.join(", ")})` : "off"}`,
    `idle logoff: ${p.sessions.idleLogoffMinutes} min; session lifetime: ${p.sessions.sessionLifetimeHours} h`,
    `retention (days): clinical ${p.retention.clinical.maxLifetimeDays}, sms ${p.retention.sms.maxLifetimeDays}, admin ${p.retention.admin.maxLifetimeDays}`,
    `sms: practice ${p.sms.practiceNumber}, warning languages ${Object.keys(p.sms.consent.warning).join(", ")}`,
    `phi blocked without consent: ${p.phi.blockWithoutConsent.join(", ")}`,
    `audit retention: ${p.audit.retentionDays} days`,
    `console roles: ${Object.keys(p.console.roles).join(", ")}`,
  ];
}
