export { openAuditLedger, defaultAuditUrl, parseAuditUrl, type OpenAuditLedgerOptions, type ParsedAuditUrl } from "./openAuditLedger.ts";
export { FileAnchorSink, defaultAnchorsPath } from "./FileAnchorSink.ts";
export { startPeriodicAnchors } from "./periodicAnchors.ts";
export { SqlAuditStore } from "./SqlAuditStore.ts";
export { NodeSqliteDialect, type NodeSqliteDialectConfig } from "./nodeSqliteDialect.ts";
export { SpoolDrain, HttpSpoolSource, SYNAPSE_SPOOL_SOURCE, type SpoolSource, type SpoolDrainOptions } from "./SpoolDrain.ts";
export { S3AnchorSink, type S3AnchorSinkOptions } from "./S3AnchorSink.ts";
