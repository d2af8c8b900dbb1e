import { afterAll, describe, expect, it } from "vitest";
import { AuditActionRegistry } from "../../../core/audit/actionRegistry.ts";
import { auditActions } from "../../../core/audit/actions/index.ts";
import { defaultActionRegistry, type AuditLedger, type AuditRecord } from "../../../core/audit/index.ts";
import {
  ConsentConflictError,
  ConsentTransitionError,
  ConsentUnavailableError,
  foldConsent,
  INITIAL_STATUS,
  PHONE_REF,
  renderWarning,
  withConsentAuditActions,
  type ConsentExportItem,
} from "../../../core/consent/index.ts";
import { InputError } from "../../../core/errors.ts";
import type { E164 } from "../../../core/sms/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { openConsentStore, type SqlConsentStore } from "../../../runtime/consent/index.ts";
import { backends, type Backend } from "./backends.ts";
import { BOT, CLINICIAN, OTHER_PHONE, optedIn, optedOut, PHONE, policy, reminder, reply, requested, revoked, warningSent } from "./events.ts";

/** A clock the test moves by hand. */
function manualClock(start = "2025-03-01T10:00:00.000Z"): { now: () => Date; tick: () => void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), tick: () => (t += 60_000) };
}

interface Opened {
  store: SqlConsentStore;
  audit: AuditLedger;
  consentUrl: string;
  auditUrl: string;
  clock: ReturnType<typeof manualClock>;
  close(): Promise<void>;
}

async function open(backend: Backend, urls: { consentUrl?: string; auditUrl?: string } = {}): Promise<Opened> {
  const consentUrl = urls.consentUrl ?? backend.freshUrl("consent");
  const auditUrl = urls.auditUrl ?? backend.freshUrl("audit");
  const clock = manualClock();
  const audit = await openAuditLedger({ url: auditUrl, actions: withConsentAuditActions(defaultActionRegistry()) });
  const store = await openConsentStore({ url: consentUrl, audit, clock: clock.now });
  return {
    store,
    audit,
    consentUrl,
    auditUrl,
    clock,
    async close() {
      await store.close();
      await audit.close();
    },
  };
}

async function auditRecords(audit: AuditLedger): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of audit.records()) out.push(r);
  return out;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe.each(backends)("consent ledger on $name", (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skipReason);

  test("records a conversation with its evidence, its state and an audit record per event", async () => {
    const o = await open(backend);
    try {
      const { store, audit } = o;
      expect(await store.currentState(PHONE)).toEqual(INITIAL_STATUS);
      const sent = warningSent();
      const r1 = await store.record({ event: sent.event, actor: BOT, expectedRevision: 0, warningText: sent.warning.text });
      o.clock.tick();
      const r2 = await store.record({ event: reminder(sent), actor: BOT, expectedRevision: 1, maxReminders: policy.sms.consent.maxReminders });
      o.clock.tick();
      const yes = reply("accepted", sent);
      const r3 = await store.record({ event: yes, actor: BOT, expectedRevision: 2 });

      expect(r3.status).toMatchObject({ state: "accepted", revision: 3, reminders: 1, warning: { version: sent.warning.version, providerMessageId: sent.providerMessageId } });
      expect(await store.currentState(PHONE)).toEqual(r3.status);
      expect([r1, r2, r3].map((r) => [r.record.revision, r.record.event, r.record.stateAfter])).toEqual([
        [1, "warning_sent", "warned"],
        [2, "reminder_sent", "warned"],
        [3, "accepted", "accepted"],
      ]);
      expect(r3.record).toMatchObject({ phone: PHONE, actor: BOT, warningVersion: sent.warning.version, evidence: yes.evidence, ts: "2025-03-01T10:02:00.000Z" });

      const history = await store.history(PHONE);
      expect(history.status).toEqual(r3.status);
      expect(history.events).toEqual([r1.record, r2.record, r3.record]);
      expect(history.warnings).toEqual([{ version: sent.warning.version, language: "en", text: sent.warning.text, firstSentAt: "2025-03-01T10:00:00.000Z" }]);
      // The state table holds exactly the fold of the events.
      expect(foldConsent(history.events.map((e) => ({ event: { type: e.event, evidence: e.evidence } as never, ts: e.ts })))).toEqual(history.status);
      const [row] = await backend.raw(o.consentUrl, "SELECT state, revision, status FROM consent_state WHERE phone = $1".replace("$1", backend.name === "sqlite" ? "?" : "$1"), [PHONE]);
      expect({ ...row, status: JSON.parse(row!.status as string) }).toEqual({ state: "accepted", revision: 3, status: history.status });

      // One audit record per event, about the phone reference, with ids only.
      const ref = store.phoneRef(PHONE);
      expect(ref).toMatch(PHONE_REF);
      const records = await auditRecords(audit);
      expect(records.map((r) => [r.action, r.actor, r.target])).toEqual([
        ["consent.warning_sent", BOT, ref],
        ["consent.reminder_sent", BOT, ref],
        ["consent.acknowledged", BOT, ref],
      ]);
      const w = sent.event.type === "warning_sent" ? sent.event.evidence : null;
      const y = yes.type === "accepted" ? yes.evidence : null;
      expect(records[0]!.details).toEqual({ warningHash: sent.warning.version, eventId: w!.noticeEventId, providerMessageId: w!.providerMessageId });
      expect(records[1]!.details).toMatchObject({ warningHash: sent.warning.version, reminder: 1, consentId: r2.record.id });
      expect(records[2]!.details).toEqual({ warningHash: sent.warning.version, consentId: r3.record.id, eventId: y!.reply.eventId, providerMessageId: y!.reply.providerMessageId });
      expect(r3.audit).toEqual(records[2]);
      const text = JSON.stringify(records);
      expect(text).not.toContain(PHONE.slice(1));
      expect(text).not.toContain("encrypted");
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 3 });
      expect(await store.verify()).toEqual({ ok: true, numbers: 1, events: 3, problems: [] });
    } finally {
      await o.close();
    }
  });

  test("audits every kind of event with its action and reason", async () => {
    const o = await open(backend);
    try {
      const { store } = o;
      const sent = warningSent();
      await store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
      await store.record({ event: reply("declined", sent), actor: BOT });
      await store.record({ event: requested(), actor: CLINICIAN });
      const again = warningSent();
      await store.record({ event: again.event, actor: BOT, warningText: again.warning.text });
      await store.record({ event: reply("accepted", again), actor: BOT });
      await store.record({ event: revoked(), actor: CLINICIAN });
      await store.record({ event: optedOut(), actor: BOT });
      await store.record({ event: optedIn(), actor: BOT });
      const records = await auditRecords(o.audit);
      expect(records.map((r) => [r.action, r.actor, r.details.reason ?? r.details.previousState ?? null])).toEqual([
        ["consent.warning_sent", BOT, null],
        ["consent.declined", BOT, null],
        ["consent.requested", CLINICIAN, "declined"],
        ["consent.warning_sent", BOT, null],
        ["consent.acknowledged", BOT, null],
        ["consent.revoked", CLINICIAN, "staff_request"],
        ["consent.revoked", BOT, "stop_keyword"],
        ["consent.reset", BOT, "start_keyword"],
      ]);
      expect(await store.currentState(PHONE)).toMatchObject({ state: "unknown", revision: 8, warning: null });
      expect((await store.verify()).ok).toBe(true);
    } finally {
      await o.close();
    }
  });

  test("keeps each warning text once and gives back the exact text of a version", async () => {
    const o = await open(backend);
    try {
      const { store } = o;
      const en = warningSent(PHONE);
      await store.record({ event: en.event, actor: BOT, warningText: en.warning.text });
      const en2 = warningSent(OTHER_PHONE, en.warning);
      o.clock.tick();
      await store.record({ event: en2.event, actor: BOT, warningText: en2.warning.text });
      const es = warningSent("+15555550177" as E164, renderWarning(policy, "es"));
      await store.record({ event: es.event, actor: BOT, warningText: es.warning.text });

      expect(await store.warningText(en.warning.version)).toEqual({ version: en.warning.version, language: "en", text: en.warning.text, firstSentAt: "2025-03-01T10:00:00.000Z" });
      const spanish = await store.warningText(es.warning.version);
      expect(spanish).toMatchObject({ language: "es", text: renderWarning(policy, "es").text });
      expect(spanish!.text).toContain("no estan cifrados");
      expect(await store.warningText("0".repeat(64))).toBeNull();
      await expect(store.warningText("not-a-version")).rejects.toThrow(InputError);
      expect(await backend.raw(o.consentUrl, "SELECT COUNT(*) AS n FROM consent_warnings")).toEqual([{ n: backend.name === "sqlite" ? 2 : "2" }]);

      // The text must be the one the version names; a mismatch records nothing.
      const lie = warningSent("+15555550166" as E164);
      const err = await caught(store.record({ event: lie.event, actor: BOT, warningText: `${lie.warning.text} ` }));
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/warningText: its SHA-256 is not evidence.warningVersion/);
      await expect(store.record({ event: lie.event, actor: BOT })).rejects.toThrow(/warningText: the exact warning text is required/);
      expect(await store.currentState("+15555550166" as E164)).toEqual(INITIAL_STATUS);
    } finally {
      await o.close();
    }
  });

  test("refuses an impossible transition and records nothing, not even in the audit ledger", async () => {
    const o = await open(backend);
    try {
      const sent = warningSent();
      const err = await caught(o.store.record({ event: reply("accepted", sent), actor: BOT }));
      expect(err).toBeInstanceOf(ConsentTransitionError);
      expect(err).toMatchObject({ from: "unknown", event: "accepted", refusal: "not_allowed" });
      await o.store.record({ event: optedOut(), actor: BOT });
      await expect(o.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text })).rejects.toMatchObject({ from: "opted_out", event: "warning_sent" });
      expect(await o.store.currentState(PHONE)).toMatchObject({ state: "opted_out", revision: 1 });
      expect((await auditRecords(o.audit)).map((r) => r.action)).toEqual(["consent.revoked"]);
      expect((await o.store.history(PHONE)).events).toHaveLength(1);
    } finally {
      await o.close();
    }
  });

  test("enforces the reminder limit it is given", async () => {
    const o = await open(backend);
    try {
      const sent = warningSent();
      await o.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
      await o.store.record({ event: reminder(sent), actor: BOT, maxReminders: 1 });
      await expect(o.store.record({ event: reminder(sent), actor: BOT, maxReminders: 1 })).rejects.toMatchObject({ refusal: "reminder_limit" });
      expect(await o.store.currentState(PHONE)).toMatchObject({ state: "warned", reminders: 1, revision: 2 });
    } finally {
      await o.close();
    }
  });

  test("refuses bad evidence and actors without repeating the value", async () => {
    const o = await open(backend);
    try {
      const sent = warningSent();
      const badPhone = { ...sent.event, evidence: { ...sent.event.evidence, phone: "555 0123" } };
      const e1 = await caught(o.store.record({ event: badPhone as never, actor: BOT, warningText: sent.warning.text }));
      expect(e1).toBeInstanceOf(InputError);
      expect((e1 as Error).message).toBe('consent event: evidence.phone: must be a phone number in E.164 form such as "+15555550100"');
      const withText = { ...sent.event, evidence: { ...sent.event.evidence, text: "Your biopsy results" } };
      const e2 = await caught(o.store.record({ event: withText as never, actor: BOT, warningText: sent.warning.text }));
      expect((e2 as Error).message).toBe("consent event: evidence: unknown field(s) text");
      const e3 = await caught(o.store.record({ event: sent.event, actor: "Dr Alice", warningText: sent.warning.text }));
      expect((e3 as Error).message).toMatch(/^consent event: actor: must be a Matrix user id/);
      await expect(o.store.currentState("5550123" as E164)).rejects.toThrow(/^phone: must be a phone number in E.164 form/);
      expect(await auditRecords(o.audit)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test("state, history and phone references survive a restart", async () => {
    const first = await open(backend);
    const sent = warningSent();
    await first.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
    await first.store.record({ event: reply("accepted", sent), actor: BOT });
    const status = await first.store.currentState(PHONE);
    const history = await first.store.history(PHONE);
    const ref = first.store.phoneRef(PHONE);
    await first.close();

    const second = await open(backend, { consentUrl: first.consentUrl, auditUrl: first.auditUrl });
    try {
      expect(await second.store.currentState(PHONE)).toEqual(status);
      expect(await second.store.history(PHONE)).toEqual(history);
      expect(second.store.phoneRef(PHONE)).toBe(ref);
      // The next event continues from the stored revision.
      const r = await second.store.record({ event: optedOut(), actor: BOT, expectedRevision: 2 });
      expect(r.status).toMatchObject({ state: "opted_out", revision: 3 });
    } finally {
      await second.close();
    }
    // Another ledger has another key: its references do not match this one's.
    const other = await open(backend);
    try {
      expect(other.store.phoneRef(PHONE)).not.toBe(ref);
    } finally {
      await other.close();
    }
  });

  test("two writers deciding on the same revision: one wins, the other gets a conflict", async () => {
    const o = await open(backend);
    try {
      const sent = warningSent();
      await o.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
      const { revision } = await o.store.currentState(PHONE);
      const results = await Promise.allSettled([
        o.store.record({ event: reply("accepted", sent), actor: BOT, expectedRevision: revision }),
        o.store.record({ event: optedOut(), actor: BOT, expectedRevision: revision }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect([won.length, lost.length]).toEqual([1, 1]);
      expect(lost[0]!.reason).toBeInstanceOf(ConsentConflictError);
      expect(lost[0]!.reason).toMatchObject({ expectedRevision: 1, actualRevision: 2, exitCode: 1 });
      expect(await o.store.currentState(PHONE)).toMatchObject({ revision: 2 });
      expect(await auditRecords(o.audit)).toHaveLength(2);
    } finally {
      await o.close();
    }
  });

  test("an event whose audit record cannot be written is not recorded", async () => {
    const o = await open(backend);
    try {
      const sent = warningSent();
      await o.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
      await o.audit.close();
      const err = await caught(o.store.record({ event: reply("accepted", sent), actor: BOT }));
      expect(err).toBeInstanceOf(ConsentUnavailableError);
      expect(await o.store.currentState(PHONE)).toMatchObject({ state: "warned", revision: 1 });
      expect((await o.store.history(PHONE)).events).toHaveLength(1);
    } finally {
      await o.store.close();
    }
  });

  test("refuses an audit ledger that cannot record consent actions, and writes nothing without one", async () => {
    const auditUrl = backend.freshUrl("audit");
    const consentUrl = backend.freshUrl("consent");
    // A narrowed registry that lacks some consent actions (the default registry has them all).
    const ownActions = ["consent.reminder_sent", "consent.requested", "consent.reset"];
    const plain = await openAuditLedger({ url: auditUrl, actions: new AuditActionRegistry(auditActions.filter((a) => !ownActions.includes(a.name))) });
    try {
      await expect(openConsentStore({ url: consentUrl, audit: plain })).rejects.toThrow(
        /lacks consent.reminder_sent, consent.requested, consent.reset; open it with actions: withConsentAuditActions/,
      );
    } finally {
      await plain.close();
    }
    const readOnly = await openConsentStore({ url: consentUrl });
    try {
      const sent = warningSent();
      await expect(readOnly.record({ event: sent.event, actor: BOT, warningText: sent.warning.text })).rejects.toThrow(/read-only/);
      expect(await readOnly.currentState(PHONE)).toEqual(INITIAL_STATUS);
    } finally {
      await readOnly.close();
    }
  });

  test("currentState fails closed: a closed store, missing tables or a tampered state row give no answer", async () => {
    const o = await open(backend);
    const sent = warningSent();
    await o.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
    await o.store.record({ event: reply("accepted", sent), actor: BOT });
    await o.store.record({ event: optedOut(OTHER_PHONE), actor: BOT });
    const q = (sql: string) => (backend.name === "sqlite" ? sql.replace(/\$\d/g, "?") : sql);

    // The state row says accepted, but the ledger's last event says otherwise.
    await backend.raw(o.consentUrl, q("UPDATE consent_state SET state = 'accepted', revision = 1, status = $1 WHERE phone = $2"), [
      JSON.stringify({ state: "accepted", warning: null, reminders: 0, revision: 1, updatedAt: null }),
      OTHER_PHONE,
    ]);
    const tampered = await caught(o.store.currentState(OTHER_PHONE));
    expect(tampered).toBeInstanceOf(ConsentUnavailableError);
    expect((tampered as Error).message).toMatch(/disagrees with its events/);
    expect((tampered as Error).message).not.toContain(OTHER_PHONE);
    const report = await o.store.verify();
    expect(report).toMatchObject({ ok: false, numbers: 2, events: 3 });
    expect(report.problems).toEqual([{ phoneRef: o.store.phoneRef(OTHER_PHONE), message: expect.stringMatching(/disagrees with its events \(opted_out, revision 1\)/) }]);
    // A state row for a number without events (the gate must not believe it either).
    await backend.raw(o.consentUrl, q("INSERT INTO consent_state (phone, state, revision, status, updated_at) VALUES ($1, 'accepted', 1, '{}', 'x')"), ["+15555550111"]);
    await expect(o.store.currentState("+15555550111" as E164)).rejects.toThrow(ConsentUnavailableError);

    // Tables gone: the store cannot answer.
    await backend.raw(o.consentUrl, "DROP TABLE consent_state");
    const gone = await caught(o.store.currentState(PHONE));
    expect(gone).toBeInstanceOf(ConsentUnavailableError);
    expect((gone as Error).message).toMatch(/^consent ledger unavailable: /);

    await o.close();
    await expect(o.store.currentState(PHONE)).rejects.toThrow(new ConsentUnavailableError("the store is closed"));
    await expect(o.store.history(PHONE)).rejects.toThrow(ConsentUnavailableError);
    await expect(o.store.record({ event: optedOut(), actor: BOT })).rejects.toThrow(ConsentUnavailableError);
  });

  test("keeps events and warning texts append-only in the database", async () => {
    const o = await open(backend);
    try {
      const sent = warningSent();
      await o.store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
      for (const sql of [
        "UPDATE consent_events SET state_after = 'accepted'",
        "DELETE FROM consent_events",
        "UPDATE consent_warnings SET text = 'something else'",
        "DELETE FROM consent_warnings",
      ]) {
        await expect(backend.raw(o.consentUrl, sql), sql).rejects.toThrow(/append-only/);
      }
      expect(await o.store.currentState(PHONE)).toMatchObject({ state: "warned" });
    } finally {
      await o.close();
    }
  });

  test("exports every warning text, then every event in ledger order, page by page", async () => {
    const o = await open(backend);
    try {
      const a = warningSent(PHONE);
      const b = warningSent(OTHER_PHONE, renderWarning(policy, "es"));
      await o.store.record({ event: a.event, actor: BOT, warningText: a.warning.text });
      o.clock.tick();
      await o.store.record({ event: b.event, actor: BOT, warningText: b.warning.text });
      await o.store.record({ event: reply("accepted", a), actor: BOT });
      await o.store.record({ event: reply("declined", b, "NO"), actor: BOT });
      await o.store.record({ event: optedOut(PHONE), actor: BOT });
      const items: ConsentExportItem[] = [];
      for await (const item of o.store.exportAll({ pageSize: 2 })) items.push(item);
      expect(items.map((i) => (i.type === "warning" ? `warning:${i.language}` : `${i.seq}:${i.event}:${i.phoneRef === o.store.phoneRef(i.phone)}`))).toEqual([
        "warning:en",
        "warning:es",
        "1:warning_sent:true",
        "2:warning_sent:true",
        "3:accepted:true",
        "4:declined:true",
        "5:opted_out:true",
      ]);
      const events = items.filter((i) => i.type === "event");
      expect(events.map((e) => e.phone)).toEqual([PHONE, OTHER_PHONE, PHONE, OTHER_PHONE, PHONE]);
      expect(events.map((e) => e.revision)).toEqual([1, 1, 2, 2, 3]);
    } finally {
      await o.close();
    }
  });
});
