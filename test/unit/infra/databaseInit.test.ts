import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseInitSql } from "../../../infra/aws/databaseInit.ts";

/**
 * The db-init SQL run by psql, as the db-init container runs it, against a throwaway
 * PostgreSQL 15 cluster (its own directory and Unix socket: nothing shared with the machine's
 * server). Checks Synapse's collation and that the audit writer can append but never change.
 */
/** The newest PostgreSQL server binaries Debian installed (the machine runs PostgreSQL 15). */
function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
  return `${root}/${versions[0]}/bin`;
}
const bin = postgresBin();
const dir = mkdtempSync(join(tmpdir(), "wardroom-pg-"));
const data = join(dir, "data");
const asPostgres = (cmd: string, args: string[]): SpawnSyncReturns<string> =>
  process.getuid?.() === 0 ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });

function psql(user: string, db: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync("psql", ["-X", "-q", "-h", dir, "-p", "5433", "-U", user, "-d", db, ...args], { encoding: "utf8" });
}
const sql = (user: string, db: string, text: string) => psql(user, db, ["-v", "ON_ERROR_STOP=1", "-At", "-c", text]);

beforeAll(() => {
  // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
  if (process.getuid?.() === 0) {
    const pg = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    chownSync(dir, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
  }
  const init = asPostgres(`${bin}/initdb`, ["-D", data, "-U", "admin", "--auth=trust", "-E", "UTF8"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const start = asPostgres(`${bin}/pg_ctl`, ["-D", data, "-w", "-l", join(dir, "log"), "-o", `-p 5433 -k ${dir} -c listen_addresses=''`, "start"]);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}`);
  writeFileSync(join(dir, "init.sql"), databaseInitSql());
}, 60_000);

afterAll(() => {
  asPostgres(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "stop"]);
  rmSync(dir, { recursive: true, force: true });
});

const runInit = () =>
  psql("admin", "postgres", ["-v", "synapse_password=s1", "-v", "app_password=a1", "-v", "audit_owner_password=o1", "-v", "audit_writer_password=w1", "-f", join(dir, "init.sql")]);

describe("the db-init SQL", () => {
  it("runs, and runs again without error (every deployment of main runs it)", () => {
    const first = runInit();
    expect(first.status, first.stderr).toBe(0);
    const second = runInit();
    expect(second.status, second.stderr).toBe(0);
  });

  it("makes Synapse's database with C collation and ctype, owned by synapse", () => {
    expect(sql("admin", "postgres", "SELECT datcollate, datctype, pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'synapse'").stdout.trim()).toBe("C|C|synapse");
  });

  it("lets the audit writer append and read audit records, never update, delete or truncate them", () => {
    const owner = sql("wardroom_audit_owner", "wardroom_audit", "CREATE TABLE audit_records (seq bigint PRIMARY KEY, action text NOT NULL); INSERT INTO audit_records VALUES (1, 'sms.relayed');");
    expect(owner.status, owner.stderr).toBe(0);
    expect(sql("wardroom_audit_writer", "wardroom_audit", "INSERT INTO audit_records VALUES (2, 'consent.acknowledged')").status).toBe(0);
    expect(sql("wardroom_audit_writer", "wardroom_audit", "SELECT count(*) FROM audit_records").stdout.trim()).toBe("2");
    for (const statement of ["UPDATE audit_records SET action = 'x'", "DELETE FROM audit_records", "TRUNCATE audit_records"]) {
      const res = sql("wardroom_audit_writer", "wardroom_audit", statement);
      expect(res.status, statement).not.toBe(0);
      expect(res.stderr, statement).toMatch(/permission denied/);
    }
    // The records are untouched.
    expect(sql("admin", "wardroom_audit", "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_records").stdout.trim()).toBe("sms.relayed,consent.acknowledged");
  });

  it("keeps the writer out of other schemas' DDL", () => {
    const res = sql("wardroom_audit_writer", "wardroom_audit", "CREATE TABLE sneaky (x int)");
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/permission denied/);
  });
});
