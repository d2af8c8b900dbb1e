import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../../core/errors.ts";
import { earliestSendTime, quietHoursAt, zonedWallTimeToInstant } from "../../../core/sms/quietHours.ts";

const NIGHT = { start: "21:00", end: "08:00" };
const NY = "America/New_York";
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

describe("quietHoursAt, window across midnight", () => {
  it("is quiet in the evening until 08:00 the next morning", () => {
    const s = quietHoursAt(NIGHT, NY, new Date("2024-06-02T02:00:00Z")); // 22:00 EDT on June 1
    expect(s.quiet).toBe(true);
    expect(iso(s.endsAt)).toBe("2024-06-02T12:00:00.000Z"); // 08:00 EDT
  });

  it("is quiet in the early morning until 08:00 the same day", () => {
    const s = quietHoursAt(NIGHT, NY, new Date("2024-06-01T11:59:00Z")); // 07:59 EDT
    expect(s.quiet).toBe(true);
    expect(iso(s.endsAt)).toBe("2024-06-01T12:00:00.000Z");
  });

  it("is not quiet from 08:00, and says when the next window starts", () => {
    const s = quietHoursAt(NIGHT, NY, new Date("2024-06-01T12:00:00Z")); // 08:00 EDT
    expect(s).toEqual({ quiet: false, endsAt: null, nextStartsAt: new Date("2024-06-02T01:00:00Z") });
    const last = quietHoursAt(NIGHT, NY, new Date("2024-06-02T00:59:59Z")); // 20:59:59 EDT
    expect(last.quiet).toBe(false);
    expect(iso(last.nextStartsAt)).toBe("2024-06-02T01:00:00.000Z");
    expect(quietHoursAt(NIGHT, NY, new Date("2024-06-02T01:00:00Z")).quiet).toBe(true);
  });

  it("depends on the patient's time zone, not the server's", () => {
    const now = new Date("2024-06-01T16:00:00Z");
    expect(quietHoursAt(NIGHT, NY, now).quiet).toBe(false); // 12:00 in New York
    expect(quietHoursAt(NIGHT, "Asia/Tokyo", now).quiet).toBe(true); // 01:00 in Tokyo
    const kolkata = quietHoursAt(NIGHT, "Asia/Kolkata", new Date("2024-01-15T16:00:00Z")); // 21:30 IST
    expect(iso(kolkata.endsAt)).toBe("2024-01-16T02:30:00.000Z");
  });
});

describe("quietHoursAt across daylight-saving changes", () => {
  it("ends at 08:00 local after a spring-forward night (one hour shorter)", () => {
    const now = new Date("2024-03-10T02:00:00Z"); // 21:00 EST, March 9
    const s = quietHoursAt(NIGHT, NY, now);
    expect(iso(s.endsAt)).toBe("2024-03-10T12:00:00.000Z"); // 08:00 EDT
    expect((s.endsAt!.getTime() - now.getTime()) / 3_600_000).toBe(10);
  });

  it("ends at 08:00 local after a fall-back night (one hour longer)", () => {
    const now = new Date("2024-11-03T01:00:00Z"); // 21:00 EDT, November 2
    const s = quietHoursAt(NIGHT, NY, now);
    expect(iso(s.endsAt)).toBe("2024-11-03T13:00:00.000Z"); // 08:00 EST
    expect((s.endsAt!.getTime() - now.getTime()) / 3_600_000).toBe(12);
  });

  it("ends at the jump when the end time does not exist that day", () => {
    const s = quietHoursAt({ start: "01:00", end: "02:30" }, NY, new Date("2024-03-10T06:10:00Z")); // 01:10 EST
    expect(s.quiet).toBe(true);
    expect(iso(s.endsAt)).toBe("2024-03-10T07:00:00.000Z"); // 03:00 EDT, the first instant past 02:30
  });

  it("ends at the first 01:30 of a repeated hour, or the second when already past the first", () => {
    const hours = { start: "00:30", end: "01:30" };
    const first = quietHoursAt(hours, NY, new Date("2024-11-03T04:40:00Z")); // 00:40 EDT
    expect(iso(first.endsAt)).toBe("2024-11-03T05:30:00.000Z"); // 01:30 EDT
    const second = quietHoursAt(hours, NY, new Date("2024-11-03T06:10:00Z")); // 01:10 EST, the repeated hour
    expect(second.quiet).toBe(true);
    expect(iso(second.endsAt)).toBe("2024-11-03T06:30:00.000Z"); // 01:30 EST
  });

  it("handles a half-hour daylight-saving shift (Lord Howe Island)", () => {
    const s = quietHoursAt(NIGHT, "Australia/Lord_Howe", new Date("2024-10-05T11:30:00Z")); // 22:00 +10:30
    expect(iso(s.endsAt)).toBe("2024-10-05T21:00:00.000Z"); // 08:00 +11:00 on October 6
  });

  it("converts wall times in and around gaps", () => {
    expect(iso(zonedWallTimeToInstant(NY, 2024, 3, 10, 2 * 60 + 30))).toBe("2024-03-10T07:00:00.000Z");
    expect(iso(zonedWallTimeToInstant(NY, 2024, 3, 10, 3 * 60))).toBe("2024-03-10T07:00:00.000Z");
    expect(iso(zonedWallTimeToInstant(NY, 2024, 3, 10, 60 + 59))).toBe("2024-03-10T06:59:00.000Z");
    expect(iso(zonedWallTimeToInstant("UTC", 2024, 2, 29, 0))).toBe("2024-02-29T00:00:00.000Z");
  });
});

describe("quietHoursAt, other windows and input", () => {
  it("handles a same-day window", () => {
    const lunch = { start: "12:00", end: "14:00" };
    expect(quietHoursAt(lunch, "UTC", new Date("2024-05-01T13:00:00Z"))).toEqual({
      quiet: true,
      endsAt: new Date("2024-05-01T14:00:00Z"),
      nextStartsAt: null,
    });
    expect(iso(quietHoursAt(lunch, "UTC", new Date("2024-05-01T15:00:00Z")).nextStartsAt)).toBe("2024-05-02T12:00:00.000Z");
    expect(iso(quietHoursAt(lunch, "UTC", new Date("2024-05-01T09:00:00Z")).nextStartsAt)).toBe("2024-05-01T12:00:00.000Z");
  });

  it("treats equal start and end as no quiet hours", () => {
    expect(quietHoursAt({ start: "08:00", end: "08:00" }, NY, new Date())).toEqual({ quiet: false, endsAt: null, nextStartsAt: null });
  });

  it("rejects bad input naming the field", () => {
    expect(() => quietHoursAt(NIGHT, "Mars/Olympus", new Date())).toThrow(/^timeZone: /);
    expect(() => quietHoursAt({ start: "25:00", end: "08:00" }, NY, new Date())).toThrow(/^sms\.quietHours\.start: /);
    expect(() => quietHoursAt({ start: "21:00", end: "8:00" }, NY, new Date())).toThrow(InputError);
    expect(() => quietHoursAt(NIGHT, NY, new Date(Number.NaN))).toThrow(/^now: /);
  });

  it("earliestSendTime waits for the end of quiet hours unless they are disabled", () => {
    const now = new Date("2024-06-02T02:00:00Z");
    expect(iso(earliestSendTime(NIGHT, NY, now))).toBe("2024-06-02T12:00:00.000Z");
    expect(earliestSendTime({ ...NIGHT, enabled: false }, NY, now)).toBe(now);
    const day = new Date("2024-06-01T16:00:00Z");
    expect(earliestSendTime(NIGHT, NY, day)).toBe(day);
  });
});

describe("quietHoursAt properties", () => {
  const zones = ["America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "America/St_Johns"];
  const times = ["21:00", "08:00", "00:00", "01:30", "02:30", "23:59", "12:00"];
  const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) }).map((ms) => new Date(Math.floor(ms / 1000) * 1000));

  it("a quiet window ends in the future and is over at its end; a free period leads to a quiet start", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom(...times), fc.constantFrom(...times), instant, (tz, start, end, now) => {
        fc.pre(start !== end);
        const s = quietHoursAt({ start, end }, tz, now);
        if (s.quiet) {
          expect(s.endsAt!.getTime()).toBeGreaterThan(now.getTime());
          expect(s.endsAt!.getTime() - now.getTime()).toBeLessThanOrEqual(26 * 3_600_000);
          expect(quietHoursAt({ start, end }, tz, s.endsAt!).quiet).toBe(false);
          expect(quietHoursAt({ start, end }, tz, new Date(s.endsAt!.getTime() - 1000)).quiet).toBe(true);
        } else {
          expect(s.nextStartsAt!.getTime()).toBeGreaterThan(now.getTime());
          expect(quietHoursAt({ start, end }, tz, s.nextStartsAt!).quiet).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
