"""The audit spool: audit records waiting in Synapse's own database for the ledger.

Why Synapse's database: it is durable, backed up with the homeserver, shared by every worker
and written in the same place as the events the records describe. Records wait there, in
seq order, for as long as the receiving side (runtime/audit/SpoolDrain.ts) is down.

- Order: seq comes from the database (AUTOINCREMENT on SQLite, BIGSERIAL on PostgreSQL) and
  seqs are never reused. On PostgreSQL each insert holds an EXCLUSIVE lock on the table, so
  seqs commit in the order they are allocated: a reader that has seen seq N never sees a
  smaller seq appear later (which would make an in-order drain skip it).
- No duplicates: the drain appends records to the ledger together with the last seq applied
  (one transaction), so a record handed out twice is applied once; acknowledged rows are
  deleted here.
- Failed logins are aggregated per user and minute in their own table, and moved into the
  spool as one record once their minute is over.
"""

import json
from typing import Any, Optional

from synapse.storage.engines import PostgresEngine

SPOOL = "wardroom_audit_spool"
FAILED = "wardroom_failed_logins"
MAX_SOURCES = 10


def _is_pg(txn: Any) -> bool:
    return isinstance(txn.database_engine, PostgresEngine)


def create_tables(txn: Any) -> None:
    seq = "BIGSERIAL PRIMARY KEY" if _is_pg(txn) else "INTEGER PRIMARY KEY AUTOINCREMENT"
    txn.execute(f"CREATE TABLE IF NOT EXISTS {SPOOL} (seq {seq}, ts BIGINT NOT NULL, record TEXT NOT NULL)")
    txn.execute(
        f"CREATE TABLE IF NOT EXISTS {FAILED} (user_key TEXT NOT NULL, minute BIGINT NOT NULL, record TEXT NOT NULL,"
        " PRIMARY KEY (user_key, minute))"
    )


def _lock(txn: Any, table: str) -> None:
    if _is_pg(txn):
        txn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")


def insert_records(txn: Any, records: list[dict[str, Any]]) -> None:
    """Appends records (ts in ms, actor, action, target, details) in order."""
    _lock(txn, SPOOL)
    for r in records:
        txn.execute(f"INSERT INTO {SPOOL} (ts, record) VALUES (?, ?)", (r["ts"], json.dumps(r, sort_keys=True)))


def add_failed_login(txn: Any, user_key: str, minute: int, ts: int, base: dict[str, Any], reason: str, source: Optional[str], method: str) -> None:
    """One failed attempt: a new row for (user, minute) or one more in its count."""
    _lock(txn, FAILED)
    txn.execute(f"SELECT record FROM {FAILED} WHERE user_key = ? AND minute = ?", (user_key, minute))
    row = txn.fetchone()
    if row is None:
        record = dict(base)
        record["ts"] = ts
        record["details"] = dict(base["details"], count=1, reasons=[reason], sources=[source] if source else [], methods=[method])
        txn.execute(f"INSERT INTO {FAILED} (user_key, minute, record) VALUES (?, ?, ?)", (user_key, minute, json.dumps(record)))
        return
    record = json.loads(row[0])
    details = record["details"]
    details["count"] += 1
    if reason not in details["reasons"]:
        details["reasons"].append(reason)
    # Rows aggregated before login methods were recorded have none yet.
    methods = details.setdefault("methods", [])
    if method not in methods:
        methods.append(method)
    if source and source not in details["sources"] and len(details["sources"]) < MAX_SOURCES:
        details["sources"].append(source)
    txn.execute(f"UPDATE {FAILED} SET record = ? WHERE user_key = ? AND minute = ?", (json.dumps(record), user_key, minute))


def close_failed_minutes(txn: Any, before_minute: int) -> int:
    """Moves the aggregates of minutes before `before_minute` into the spool, oldest first."""
    _lock(txn, FAILED)
    txn.execute(f"SELECT user_key, minute, record FROM {FAILED} WHERE minute < ? ORDER BY minute, user_key", (before_minute,))
    rows = txn.fetchall()
    if not rows:
        return 0
    insert_records(txn, [json.loads(r[2]) for r in rows])
    txn.execute(f"DELETE FROM {FAILED} WHERE minute < ?", (before_minute,))
    return len(rows)


def read_after(txn: Any, after: int, limit: int) -> list[tuple[int, str]]:
    txn.execute(f"SELECT seq, record FROM {SPOOL} WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit))
    return [(int(r[0]), r[1]) for r in txn.fetchall()]


def pending(txn: Any) -> int:
    txn.execute(f"SELECT COUNT(*) FROM {SPOOL}")
    return int(txn.fetchone()[0])


def acknowledge(txn: Any, through: int) -> int:
    txn.execute(f"DELETE FROM {SPOOL} WHERE seq <= ?", (through,))
    return int(txn.rowcount)


def rooms_lacking_retention(txn: Any, limit: int) -> list[str]:
    """Rooms whose current state has no m.room.retention, or one without a max_lifetime."""
    txn.execute(
        "SELECT r.room_id FROM rooms r WHERE NOT EXISTS (SELECT 1 FROM current_state_events c"
        " WHERE c.room_id = r.room_id AND c.type = 'm.room.retention' AND c.state_key = '')"
        " UNION SELECT c.room_id FROM current_state_events c JOIN event_json j ON j.event_id = c.event_id"
        " WHERE c.type = 'm.room.retention' AND c.state_key = '' AND j.json NOT LIKE ?"
        " LIMIT ?",
        # A parameter, not a literal: psycopg2 would read the % signs as placeholders.
        ('%"max_lifetime"%', limit),
    )
    return [r[0] for r in txn.fetchall()]


def device_ids(txn: Any, user_id: str) -> set[str]:
    txn.execute("SELECT device_id FROM devices WHERE user_id = ?", (user_id,))
    return {r[0] for r in txn.fetchall()}


def login_token_state(txn: Any, token: str, now_ms: int) -> tuple[Optional[str], str]:
    """(user, reason) for a login token Synapse refused: whose it was, if it exists, and why."""
    txn.execute("SELECT user_id, expiry_ts, used_ts FROM login_tokens WHERE token = ?", (token,))
    row = txn.fetchone()
    if row is None:
        return None, "bad_token"
    user_id, expiry_ts, used_ts = row
    if used_ts is not None:
        return user_id, "reused_token"
    if expiry_ts is not None and int(expiry_ts) <= now_ms:
        return user_id, "expired_token"
    return user_id, "bad_token"
