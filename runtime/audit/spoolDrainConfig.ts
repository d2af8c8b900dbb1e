import { z } from "zod";

/** The audit drain's config file (runtime/audit/spoolDrainMain.ts; the local stack and infra/aws/appConfigs.ts write it). */
export const AuditDrainConfigSchema = z.strictObject({
  homeserverUrl: z.url(),
  drainTokenFile: z.string().min(1),
  auditUrl: z.string().min(1),
});
