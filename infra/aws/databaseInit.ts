/**
 * The SQL that prepares the RDS instance for Wardroom, run by the `db-init` container before
 * the Synapse main process starts (idempotent: it runs on every deployment of main).
 *
 * - Synapse's database with C collation and ctype (Synapse refuses other collations).
 * - Wardroom's database for the bridge, the consent ledger and the audit ledger.
 * - The audit ledger's role can append and read audit records, never change or delete them:
 *   the tables belong to `wardroom_audit_owner` (migrations and the six-year retention purge
 *   run as that role), and the app role gets SELECT and INSERT only, also on tables created
 *   later (default privileges).
 * Passwords come from psql variables (-v), never from this text.
 */
export function databaseInitSql(): string {
  return `
\\set ON_ERROR_STOP on
SELECT 'CREATE ROLE synapse LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'synapse')\\gexec
ALTER ROLE synapse WITH LOGIN PASSWORD :'synapse_password';
SELECT 'CREATE ROLE wardroom_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wardroom_app')\\gexec
ALTER ROLE wardroom_app WITH LOGIN PASSWORD :'app_password';
SELECT 'CREATE ROLE wardroom_audit_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wardroom_audit_owner')\\gexec
ALTER ROLE wardroom_audit_owner WITH LOGIN PASSWORD :'audit_owner_password';
SELECT 'CREATE ROLE wardroom_audit_writer LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wardroom_audit_writer')\\gexec
ALTER ROLE wardroom_audit_writer WITH LOGIN PASSWORD :'audit_writer_password';
GRANT synapse TO CURRENT_USER;
GRANT wardroom_app TO CURRENT_USER;
GRANT wardroom_audit_owner TO CURRENT_USER;
SELECT 'CREATE DATABASE synapse OWNER synapse ENCODING ''UTF8'' LC_COLLATE ''C'' LC_CTYPE ''C'' TEMPLATE template0'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'synapse')\\gexec
SELECT 'CREATE DATABASE wardroom OWNER wardroom_app ENCODING ''UTF8'' TEMPLATE template0'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'wardroom')\\gexec
SELECT 'CREATE DATABASE wardroom_audit OWNER wardroom_audit_owner ENCODING ''UTF8'' TEMPLATE template0'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'wardroom_audit')\\gexec
\\connect wardroom_audit
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO wardroom_audit_writer;
GRANT ALL ON SCHEMA public TO wardroom_audit_owner;
ALTER DEFAULT PRIVILEGES FOR ROLE wardroom_audit_owner IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO wardroom_audit_writer;
ALTER DEFAULT PRIVILEGES FOR ROLE wardroom_audit_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO wardroom_audit_writer;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO wardroom_audit_writer;
REVOKE UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM wardroom_audit_writer;
`.trimStart();
}
