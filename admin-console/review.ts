import type { AuditEntry, AuditRecord, ExportFormat } from "../core/audit/index.ts";
import { CONSOLE_VIEWS } from "../core/audit/actions/consoleViews.ts";
import { fillDays, ledgerVerdict, parseAuditFilters, renderChart, type AuditFilterInput, type DashboardStats } from "../core/console/index.ts";
import { CONSENT_STATES, type ConsentHistory } from "../core/consent/index.ts";
import { InputError } from "../core/errors.ts";
import { summarizePolicy } from "../core/policy/index.ts";
import type { E164 } from "../core/sms/phone.ts";
import { exportAudit, type ExportProgress } from "../runtime/audit/auditExport.ts";
import { dailyActionCounts, ledgerHealth, roomsCreatedByKind } from "../runtime/audit/auditStats.ts";
import { consentCountsByState, consentTrailLines, normalizePhonePrefix, searchConsents } from "../runtime/consent/consentSearch.ts";
import { roomOverviewPage } from "../runtime/synapse/roomOverview.ts";
import { deviceCount } from "../runtime/lifecycle/deviceCount.ts";
import type { ConsoleRecords } from "./records.ts";
import type { AdminRequester } from "../runtime/lifecycle/SynapseAccountActions.ts";

export type View = (typeof CONSOLE_VIEWS)[number];
export type Via = "page" | "api";
const CHART_DAYS = 14;

/**
 * What the review pages and the JSON API do, once: read a ledger, record that someone looked
 * (every view and export is an audit record), and hand back plain data. Pages render it,
 * the API sends it as JSON; neither reads a store itself.
 */
export class ReviewService {
  constructor(
    private readonly records: ConsoleRecords,
    private readonly audit: { append(entry: AuditEntry): Promise<AuditRecord> },
    private readonly synapse: AdminRequester,
    private readonly clock: () => Date,
  ) {}

  async viewed(actor: string, view: View, via: Via, extra: { results?: number; filters?: string[] } = {}): Promise<void> {
    await this.audit.append({ actor, action: "console.viewed", details: { view, via, ...extra } });
  }

  async searchAudit(actor: string, input: AuditFilterInput, via: Via) {
    const filters = parseAuditFilters(input);
    const page = await this.records.ledger.query(filters.query);
    await this.viewed(actor, "audit", via, { results: page.records.length, filters: filters.used });
    return { ...page, filters };
  }

  /**
   * Streams an export through `write` (false: the client went away) and records it after,
   * with how many records went out and whether it was complete.
   */
  async exportAudit(actor: string, input: AuditFilterInput, format: ExportFormat, via: Via, write: (chunk: string) => Promise<boolean>): Promise<ExportProgress> {
    const filters = parseAuditFilters({ ...input, cursor: undefined, limit: undefined });
    const progress: ExportProgress = { records: 0, complete: false };
    try {
      for await (const chunk of exportAudit(this.records.ledger, filters.query, format, progress)) {
        if (!(await write(chunk))) break;
      }
    } finally {
      await this.audit.append({
        actor,
        action: "audit.exported",
        details: { format, records: progress.records, filters: filters.used, via, complete: progress.complete },
      });
    }
    return progress;
  }

  async verifyAudit(actor: string) {
    const report = await this.records.ledger.verify();
    await this.audit.append({ actor, action: "audit.verified", details: { ok: report.ok, checked: report.checked, ...(report.problem ? { problem: report.problem.kind } : {}) } });
    return report;
  }

  async searchConsents(actor: string, input: { phone?: string; state?: string; after?: string }, via: Via) {
    const phone = input.phone?.trim() || undefined;
    const state = input.state?.trim() || undefined;
    const after = input.after?.trim() || undefined;
    const page = await searchConsents(this.records.consents, { ...(phone ? { phonePrefix: phone } : {}), ...(state ? { state } : {}), ...(after ? { after } : {}) });
    await this.viewed(actor, "consents", via, { results: page.rows.length, filters: [...(phone ? ["phone"] : []), ...(state ? ["state"] : [])] });
    return { ...page, phone: phone ?? "", state: state ?? "", states: CONSENT_STATES };
  }

  /** One number's trail; opening it is itself an audit record naming the number's reference. */
  async evidence(actor: string, phoneText: string, via: Via): Promise<ConsentHistory> {
    const phone = exactPhone(phoneText);
    const history = await this.records.consents.history(phone);
    await this.audit.append({ actor, action: "consent.evidence_viewed", target: history.phoneRef, details: { events: history.events.length, via } });
    return history;
  }

  async exportEvidence(actor: string, phoneText: string, via: Via): Promise<{ lines: string[]; phoneRef: string }> {
    const phone = exactPhone(phoneText);
    const history = await this.records.consents.history(phone);
    await this.audit.append({ actor, action: "consent.evidence_exported", target: history.phoneRef, details: { events: history.events.length, via } });
    return { lines: [...consentTrailLines(history)], phoneRef: history.phoneRef };
  }

  async breakGlass(actor: string, before: string | undefined, via: Via) {
    const open = await this.records.breakGlass.open();
    const past = await this.records.breakGlass.past({ before: before ?? null, limit: 50 });
    await this.viewed(actor, "break_glass", via, { results: open.length + past.grants.length });
    return { open, past: past.grants, nextCursor: past.nextCursor };
  }

  async policy(actor: string, effective: unknown, summaryOf: Parameters<typeof summarizePolicy>[0], via: Via) {
    const check = this.records.checkPolicy();
    await this.viewed(actor, "policy", via);
    return {
      summary: summarizePolicy(summaryOf),
      effective,
      valid: check.ok,
      problems: check.ok ? [] : check.problems.map((p) => ({ path: p.path, message: p.message })),
    };
  }

  async rooms(actor: string, from: string | undefined, via: Via) {
    if (from !== undefined && !/^[0-9]{1,9}$/.test(from)) throw new InputError("from: must be the next-page value of a previous list");
    const page = await roomOverviewPage(this.synapse, { ...(from ? { from: Number(from) } : {}), limit: 50 });
    await this.viewed(actor, "rooms", via, { results: page.rooms.length });
    return page;
  }

  async dashboard(actor: string, via: Via): Promise<DashboardStats & { verdict: { ok: boolean; notes: string[] } }> {
    const now = this.clock();
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (CHART_DAYS - 1) * 86_400_000);
    const ledger = this.records.ledger;
    const [users, devices, roomsByKind, consentsByState, blocks, wipes, health] = await Promise.all([
      this.synapse
        .request<{ total?: number }>("GET", "/_synapse/admin/v2/users?from=0&limit=1&guests=false&deactivated=false")
        .then((r) => r.total ?? null)
        .catch(() => null),
      deviceCount(this.synapse, now.getTime() - 86_400_000).catch(() => null),
      roomsCreatedByKind(ledger),
      consentCountsByState(this.records.consents),
      dailyActionCounts(ledger, "sms.blocked", since),
      dailyActionCounts(ledger, "device.wiped", since),
      ledgerHealth(ledger),
    ]);
    await this.viewed(actor, "dashboard", via);
    return {
      activeUsers: users,
      devices: devices?.devices ?? null,
      activeDevices: devices?.active ?? null,
      roomsByKind,
      consentsByState,
      phiBlocks: fillDays(blocks, now, CHART_DAYS),
      wipes: fillDays(wipes, now, CHART_DAYS),
      ledger: health,
      verdict: ledgerVerdict(health, now),
    };
  }
}

/** The dashboard's charts as SVG text (PHI blocks and wipes per day). */
export function dashboardCharts(stats: DashboardStats): { phiBlocks: string; wipes: string } {
  const labels = stats.phiBlocks.map((d) => d.day.slice(5));
  const total = (xs: { count: number }[]) => xs.reduce((a, b) => a + b.count, 0);
  return {
    phiBlocks: renderChart({
      id: "chart-phi-blocks",
      title: "PHI blocks per day",
      description: `Outbound messages the PHI gate refused, per UTC day over the last ${labels.length} days: ${total(stats.phiBlocks)} in all.`,
      labels,
      series: [{ name: "PHI blocks", values: stats.phiBlocks.map((d) => d.count) }],
      kind: "bars",
    }),
    wipes: renderChart({
      id: "chart-wipes",
      title: "Device wipes per day",
      description: `Remote wipes completed, per UTC day over the last ${stats.wipes.length} days: ${total(stats.wipes)} in all.`,
      labels: stats.wipes.map((d) => d.day.slice(5)),
      series: [{ name: "Wipes", values: stats.wipes.map((d) => d.count) }],
      kind: "lines",
    }),
  };
}

function exactPhone(text: string): E164 {
  const phone = normalizePhonePrefix(text);
  if (phone.length < 8) throw new InputError("phone: a whole phone number in E.164 form, e.g. +15555550100");
  return phone as E164;
}
