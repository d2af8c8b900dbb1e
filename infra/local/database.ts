import pg from "pg";
import { InputError } from "../../core/errors.ts";
import type { SynapseDatabase } from "../../core/synapse/renderConfig.ts";

/** Parses WARDROOM_DATABASE_URL (postgres://user[:password]@host[:port]/database). */
export function parsePostgresUrl(url: string, what = "WARDROOM_DATABASE_URL"): Extract<SynapseDatabase, { kind: "postgres" }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`${what}: not a URL (expected postgres://user@host:5432/database)`);
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw new InputError(`${what}: must start with postgres:// (got ${u.protocol}//)`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!database) throw new InputError(`${what}: names no database (expected postgres://user@host:5432/database)`);
  return {
    kind: "postgres",
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || "postgres",
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    database,
  };
}

function clientFor(db: Extract<SynapseDatabase, { kind: "postgres" }>, database: string): pg.Client {
  return new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database, connectionTimeoutMillis: 5000 });
}

/** One line naming the variable when the server does not answer (worker mode checks it before starting). */
export async function ensureReachable(db: Extract<SynapseDatabase, { kind: "postgres" }>, timeoutMs: number, what = "WARDROOM_DATABASE_URL"): Promise<void> {
  const probe = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: "postgres", connectionTimeoutMillis: timeoutMs });
  try {
    await probe.connect();
  } catch (err) {
    throw new InputError(`${what}: PostgreSQL at ${db.host}:${db.port} does not answer as ${db.user} (${(err as Error).message})`);
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/**
 * Synapse needs a UTF8 database with C collation. Creates the database that way when it does
 * not exist yet; refuses one with another collation rather than let Synapse fail later.
 */
export async function ensureSynapseDatabase(db: Extract<SynapseDatabase, { kind: "postgres" }>): Promise<void> {
  const admin = clientFor(db, "postgres");
  try {
    await admin.connect();
  } catch (err) {
    throw new InputError(`cannot connect to PostgreSQL at ${db.host}:${db.port} as ${db.user}: ${(err as Error).message}`);
  }
  try {
    const found = await admin.query<{ datcollate: string; enc: string }>(
      "SELECT datcollate, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = $1",
      [db.database],
    );
    const row = found.rows[0];
    if (!row) {
      await admin.query(
        `CREATE DATABASE ${pg.escapeIdentifier(db.database)} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
      );
      return;
    }
    if (row.datcollate !== "C" || row.enc !== "UTF8") {
      throw new InputError(
        `database ${db.database} has collation ${row.datcollate} and encoding ${row.enc}; Synapse needs UTF8 with C collation ` +
          "(CREATE DATABASE ... ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0)",
      );
    }
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(db: Extract<SynapseDatabase, { kind: "postgres" }>): Promise<void> {
  const admin = clientFor(db, "postgres");
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(db.database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
