/** What the dashboard shows; each part is gathered by runtime/ and rendered by the console. */

export interface DailyCount {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  count: number;
}

export interface LedgerHealth {
  headSeq: number | null;
  headTs: string | null;
  lastCheckpoint: { ts: string; seq: number } | null;
  lastVerification: { ts: string; ok: boolean; checked: number } | null;
}

export interface DashboardStats {
  activeUsers: number | null;
  /** Logged-in devices (sessions) on the homeserver; null when it cannot answer. */
  devices: number | null;
  /** Of them, used in the last 24 hours. */
  activeDevices: number | null;
  roomsByKind: Record<string, number>;
  consentsByState: Record<string, number>;
  phiBlocks: DailyCount[];
  wipes: DailyCount[];
  ledger: LedgerHealth;
}

/** The last `days` UTC days ending with `today`, oldest first, with zero for days without records. */
export function fillDays(counts: readonly DailyCount[], today: Date, days: number): DailyCount[] {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const out: DailyCount[] = [];
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  return out;
}

/** How stale the ledger's checkpoint and verification are, as a verdict the page can show. */
export function ledgerVerdict(health: LedgerHealth, now: Date, maxAgeHours = 24): { ok: boolean; notes: string[] } {
  const notes: string[] = [];
  const old = (ts: string) => now.getTime() - Date.parse(ts) > maxAgeHours * 3_600_000;
  if (health.headSeq === null) notes.push("The ledger is empty.");
  if (!health.lastCheckpoint) notes.push("No checkpoint has been written yet.");
  else if (old(health.lastCheckpoint.ts)) notes.push(`The last checkpoint is older than ${maxAgeHours} hours.`);
  if (!health.lastVerification) notes.push("The chain has not been verified from the console yet.");
  else if (!health.lastVerification.ok) notes.push("The last verification found a problem.");
  else if (old(health.lastVerification.ts)) notes.push(`The last verification is older than ${maxAgeHours} hours.`);
  return { ok: notes.length === 0, notes };
}
