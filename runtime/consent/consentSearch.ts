import { InputError } from "../../core/errors.ts";
import { CONSENT_STATES, isConsentState, type ConsentHistory, type ConsentState } from "../../core/consent/index.ts";
import type { E164 } from "../../core/sms/phone.ts";
import type { SqlConsentStore } from "./SqlConsentStore.ts";

export interface ConsentRow {
  phone: E164;
  phoneRef: string;
  state: ConsentState;
  revision: number;
  updatedAt: string;
}

export interface ConsentSearch {
  /** Digits with or without the leading +: numbers starting with them. */
  phonePrefix?: string;
  state?: string;
  /** The last phone of the previous page. */
  after?: string;
  limit?: number;
}

export interface ConsentPage {
  rows: ConsentRow[];
  nextCursor: string | null;
}

/** A phone number or its beginning as typed: spaces, dashes, dots and parentheses are dropped. */
export function normalizePhonePrefix(input: string): string {
  const compact = input.replace(/[\s().-]/g, "");
  if (!/^\+?[0-9]{1,15}$/.test(compact)) throw new InputError("phone: digits of a phone number, optionally starting with +");
  return compact.startsWith("+") ? compact : `+${compact}`;
}

/**
 * Numbers by prefix and state, in phone order, one keyset page at a time: a prefix is a
 * range on consent_state's primary key and a state uses the (state, phone) index of
 * migration 0002, so a page costs the same on the first and the thousandth.
 */
export async function searchConsents(store: SqlConsentStore, search: ConsentSearch): Promise<ConsentPage> {
  const limit = search.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new InputError("limit: must be an integer from 1 to 500");
  if (search.state !== undefined && !isConsentState(search.state)) throw new InputError(`state: must be one of ${CONSENT_STATES.join(", ")}`);
  let q = store.db.selectFrom("consent_state").select(["phone", "state", "revision", "updated_at"]);
  if (search.phonePrefix !== undefined) {
    const prefix = normalizePhonePrefix(search.phonePrefix);
    // ':' sorts right after '9': [prefix, prefix + ':') is every number starting with prefix.
    q = q.where("phone", ">=", prefix).where("phone", "<", `${prefix}:`);
  }
  if (search.state !== undefined) q = q.where("state", "=", search.state);
  if (search.after !== undefined) q = q.where("phone", ">", normalizePhonePrefix(search.after));
  const rows = await q.orderBy("phone").limit(limit + 1).execute();
  const page = rows.slice(0, limit).map((r) => ({
    phone: r.phone as E164,
    phoneRef: store.phoneRef(r.phone as E164),
    state: r.state as ConsentState,
    revision: Number(r.revision),
    updatedAt: r.updated_at,
  }));
  return { rows: page, nextCursor: rows.length > limit ? page[page.length - 1]!.phone : null };
}

/** How many numbers are in each state (every state listed, zero when none). */
export async function consentCountsByState(store: SqlConsentStore): Promise<Record<ConsentState, number>> {
  const rows = await store.db
    .selectFrom("consent_state")
    .select(["state", (eb) => eb.fn.countAll<number | string>().as("n")])
    .groupBy("state")
    .execute();
  const out = Object.fromEntries(CONSENT_STATES.map((s) => [s, 0])) as Record<ConsentState, number>;
  for (const r of rows) if (isConsentState(r.state)) out[r.state] = Number(r.n);
  return out;
}

/** One number's full trail as JSON Lines: its status, each event, each warning text it names. */
export function* consentTrailLines(history: ConsentHistory): Generator<string> {
  yield `${JSON.stringify({ type: "status", phone: history.phone, phoneRef: history.phoneRef, ...history.status })}\n`;
  for (const e of history.events) yield `${JSON.stringify({ type: "event", ...e })}\n`;
  for (const w of history.warnings) yield `${JSON.stringify({ type: "warning", ...w })}\n`;
}
