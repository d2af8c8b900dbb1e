import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** The ledger's own actions and process start-up. */
export const systemActions = [
  defineAuditAction({
    name: "audit.anchored",
    description: "A checkpoint of the chain (seq, hash) was written outside the database.",
    fields: {
      seq: detail.count(),
      hash: detail.hash(),
      sink: detail.category(),
      anchorDigest: detail.hash(),
    },
  }),
  defineAuditAction({
    name: "audit.purged",
    description: "Records older than the audit retention were deleted; the chain now starts after throughSeq.",
    fields: {
      throughSeq: detail.count(),
      lastHash: detail.hash(),
      deleted: detail.count(),
      before: detail.timestamp(),
      retentionDays: detail.count(),
    },
  }),
  defineAuditAction({
    name: "policy.loaded",
    description: "A process loaded the organisation's policy (identified by hash).",
    fields: {
      policyHash: detail.hash(),
    },
  }),
  defineAuditAction({
    name: "stack.started",
    description: "The local stack or a process started.",
    fields: {
      components: detail.list(detail.category()).optional(),
      version: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "stack.component_restarted",
    description: "A component of the stack (Synapse, the bridge, a bot) stopped unexpectedly and was started again.",
    fields: {
      component: detail.category(),
      exitCode: detail.count().optional(),
      restart: detail.count(),
    },
  }),
];
