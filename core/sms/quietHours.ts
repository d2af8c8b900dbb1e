import { InputError } from "../errors.ts";

/**
 * Quiet hours (policy `sms.quietHours`): non-urgent texts wait until the window ends in the
 * patient's time zone. Times are local wall-clock times; a window whose start is after its end
 * crosses midnight ("21:00" to "08:00"). Equal start and end mean no quiet hours at all.
 *
 * Daylight saving is handled with the platform's time zone data (Intl): the window ends the
 * first time the local clock reads the end time, so a night with a spring-forward change is an
 * hour shorter, one with a fall-back change an hour longer, and an end time that does not exist
 * that day (02:30 when clocks jump from 02:00 to 03:00) ends the window at the jump.
 */

export interface QuietHours {
  /** "HH:MM", 24-hour. */
  start: string;
  /** "HH:MM", 24-hour. */
  end: string;
}

export interface QuietHoursState {
  quiet: boolean;
  /** When quiet: the instant the window ends. */
  endsAt: Date | null;
  /** When not quiet: the instant the next window starts (null when there are no quiet hours). */
  nextStartsAt: Date | null;
}

const DAY_MS = 86_400_000;

interface WallTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new InputError(`timeZone: "${timeZone}" is not an IANA time zone such as "America/New_York"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local wall-clock time at instant `t`, expressed as if it were UTC (ms). */
function wallAsUtc(timeZone: string, t: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

function wallTime(timeZone: string, t: number): WallTime {
  const w = new Date(wallAsUtc(timeZone, t));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    minutes: w.getUTCHours() * 60 + w.getUTCMinutes() + w.getUTCSeconds() / 60,
  };
}

/**
 * The first instant (not before `notBefore`) at which the local clock in `timeZone` reads the
 * given wall time, or, if that wall time is skipped by a daylight-saving jump, the instant of
 * the jump. A wall time repeated by a fall-back change has two instants; the earlier is chosen
 * unless it is before `notBefore`.
 */
export function zonedWallTimeToInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  minutes: number,
  notBefore = Number.NEGATIVE_INFINITY,
): Date {
  const target = Date.UTC(year, month - 1, day, 0, minutes);
  const floorSecond = (t: number): number => Math.floor(t / 1000) * 1000;
  // The offset from 12 h before and after covers any single transition near the target.
  const offsets = new Set<number>();
  for (const probe of [target - DAY_MS / 2, target + DAY_MS / 2]) {
    const t = floorSecond(probe);
    offsets.add(wallAsUtc(timeZone, t) - t);
  }
  const candidates = [...offsets].map((o) => target - o).sort((a, b) => a - b);
  const exact = candidates.filter((t) => wallAsUtc(timeZone, t) === target);
  const chosen = exact.find((t) => t >= notBefore) ?? exact[exact.length - 1];
  if (chosen !== undefined) return new Date(chosen);
  // The wall time falls in a gap: find the first instant whose wall time is past the target.
  let lo = candidates[0] ?? target;
  let hi = candidates[candidates.length - 1] ?? target;
  if (wallAsUtc(timeZone, lo) > target) return new Date(lo);
  while (hi - lo > 1000) {
    const mid = floorSecond(lo + (hi - lo) / 2);
    if (wallAsUtc(timeZone, mid) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

function parseClock(value: string, field: string): number {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  if (!m) throw new InputError(`${field}: must be a 24-hour time such as "21:00"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The local date `days` after the given one. */
function addDays(w: WallTime, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function at(timeZone: string, w: WallTime, days: number, minutes: number, now: number): Date {
  const d = addDays(w, days);
  return zonedWallTimeToInstant(timeZone, d.year, d.month, d.day, minutes, now);
}

/** Whether `now` falls in the quiet hours of `timeZone`, and when that changes. */
export function quietHoursAt(hours: QuietHours, timeZone: string, now: Date): QuietHoursState {
  const start = parseClock(hours.start, "sms.quietHours.start");
  const end = parseClock(hours.end, "sms.quietHours.end");
  const t = now.getTime();
  if (!Number.isFinite(t)) throw new InputError("now: not a valid date");
  const w = wallTime(timeZone, t);
  if (start === end) return { quiet: false, endsAt: null, nextStartsAt: null };
  const m = w.minutes;
  if (start < end) {
    // Same-day window, e.g. 12:00-14:00.
    if (m >= start && m < end) return { quiet: true, endsAt: at(timeZone, w, 0, end, t), nextStartsAt: null };
    return { quiet: false, endsAt: null, nextStartsAt: at(timeZone, w, m < start ? 0 : 1, start, t) };
  }
  // Window across midnight, e.g. 21:00-08:00.
  if (m >= start) return { quiet: true, endsAt: at(timeZone, w, 1, end, t), nextStartsAt: null };
  if (m < end) return { quiet: true, endsAt: at(timeZone, w, 0, end, t), nextStartsAt: null };
  return { quiet: false, endsAt: null, nextStartsAt: at(timeZone, w, 0, start, t) };
}

/** The instant a non-urgent text to this patient may go: `now` itself, or the end of quiet hours. */
export function earliestSendTime(hours: QuietHours & { enabled?: boolean }, timeZone: string, now: Date): Date {
  if (hours.enabled === false) return now;
  const state = quietHoursAt(hours, timeZone, now);
  return state.quiet && state.endsAt !== null ? state.endsAt : now;
}
