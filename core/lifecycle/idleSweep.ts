/**
 * Automatic logoff (45 CFR 164.312(a)(2)(iii)), server side: devices whose last activity is
 * older than the policy's idle limit are deleted, which is a hard logout (the client is told
 * `soft_logout: false` and clears its local data), whatever kind of token they hold. A token
 * expiry alone would be a soft logout that keeps the data, and an access token without a
 * refresh token would otherwise live for the whole session lifetime.
 */

export interface IdleCandidate {
  userId: string;
  deviceId: string;
  /** Last use Synapse recorded (at most two minutes stale), or null for a device never used. */
  lastSeenTs: number | null;
}

export interface IdleCursor {
  fromUser: string;
  fromDevice: string;
}

/**
 * What the sweep needs from the homeserver. Rules: `idlePage` answers devices not used since
 * `beforeTs` (and never-used ones) in a stable order, with a cursor for the next page or null;
 * `deleteDevices` is idempotent; both throw when the homeserver cannot answer.
 */
export interface IdleDeviceActions {
  idlePage(beforeTs: number, limit: number, cursor: IdleCursor | null): Promise<{ devices: IdleCandidate[]; next: IdleCursor | null }>;
  deleteDevices(userId: string, deviceIds: string[]): Promise<void>;
}

export interface IdleSweepSettings {
  idleLimitMs: number;
  /** Accounts the policy exempts (service accounts whose processes hold a device). */
  isExempt(userId: string): boolean;
  pageSize: number;
}

/** What one sweep did, for the log and the audit record (ids and counts only). */
export interface IdleSweepReport {
  scanned: number;
  loggedOff: Array<{ userId: string; deviceIds: string[] }>;
  exemptSkipped: number;
  /** Never-used devices first noticed in this sweep: they get the full idle limit from now. */
  neverUsedNoticed: number;
  failures: Array<{ userId: string; error: string }>;
}

/**
 * When never-used devices were first noticed. Synapse records no time for a device that was
 * created by a login and never used, so the sweep gives it the idle limit from the first
 * sweep that saw it. Lost on restart, which only ever delays a logoff by one idle limit.
 */
export type FirstNoticed = Map<string, number>;

const key = (c: IdleCandidate) => `${c.userId}\u0000${c.deviceId}`;

/** The pure decision: which of these candidates are idle past the limit at `now`. */
export function selectIdle(candidates: readonly IdleCandidate[], now: number, s: Pick<IdleSweepSettings, "idleLimitMs" | "isExempt">, firstNoticed: FirstNoticed): { idle: IdleCandidate[]; exempt: number; noticed: number } {
  const idle: IdleCandidate[] = [];
  let exempt = 0;
  let noticed = 0;
  for (const c of candidates) {
    if (s.isExempt(c.userId)) {
      exempt++;
      continue;
    }
    let since = c.lastSeenTs;
    if (since === null) {
      since = firstNoticed.get(key(c)) ?? null;
      if (since === null) {
        firstNoticed.set(key(c), now);
        noticed++;
        continue;
      }
    }
    if (now - since >= s.idleLimitMs) idle.push(c);
  }
  return { idle, exempt, noticed };
}

/** One sweep over every idle candidate, page by page, deleting per user. */
export async function sweepIdleDevices(actions: IdleDeviceActions, s: IdleSweepSettings, now: number, firstNoticed: FirstNoticed): Promise<IdleSweepReport> {
  const report: IdleSweepReport = { scanned: 0, loggedOff: [], exemptSkipped: 0, neverUsedNoticed: 0, failures: [] };
  const stillNeverUsed = new Set<string>();
  let cursor: IdleCursor | null = null;
  do {
    const page: { devices: IdleCandidate[]; next: IdleCursor | null } = await actions.idlePage(now - s.idleLimitMs, s.pageSize, cursor);
    report.scanned += page.devices.length;
    for (const c of page.devices) if (c.lastSeenTs === null) stillNeverUsed.add(key(c));
    const { idle, exempt, noticed } = selectIdle(page.devices, now, s, firstNoticed);
    report.exemptSkipped += exempt;
    report.neverUsedNoticed += noticed;
    const byUser = new Map<string, string[]>();
    for (const c of idle) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c.deviceId]);
    for (const [userId, deviceIds] of byUser) {
      try {
        await actions.deleteDevices(userId, deviceIds);
        report.loggedOff.push({ userId, deviceIds });
        for (const d of deviceIds) firstNoticed.delete(`${userId}\u0000${d}`);
      } catch (err) {
        // One user's failure does not stop the sweep; the next sweep tries again.
        report.failures.push({ userId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    cursor = page.next;
  } while (cursor !== null);
  // Forget devices that were deleted or have been used since.
  for (const k of firstNoticed.keys()) if (!stillNeverUsed.has(k)) firstNoticed.delete(k);
  return report;
}
