import type { SessionData } from "express-session";
import { afterAll, describe, expect, it } from "vitest";
import { SqlSessionStore } from "../../../admin-console/SqlSessionStore.ts";
import { backends } from "../../helpers/databases.ts";

/** The store's callback API as promises. */
const get = (s: SqlSessionStore, sid: string) => new Promise<SessionData | null | undefined>((resolve, reject) => s.get(sid, (err, data) => (err ? reject(err as Error) : resolve(data))));
const set = (s: SqlSessionStore, sid: string, data: SessionData) => new Promise<void>((resolve, reject) => s.set(sid, data, (err) => (err ? reject(err as Error) : resolve())));
const touch = (s: SqlSessionStore, sid: string, data: SessionData) => new Promise<void>((resolve, reject) => s.touch(sid, data, (err) => (err ? reject(err as Error) : resolve())));
const destroy = (s: SqlSessionStore, sid: string) => new Promise<void>((resolve, reject) => s.destroy(sid, (err) => (err ? reject(err as Error) : resolve())));

const HOUR = 3_600_000;
const session = (createdAt: number, maxAgeMs: number, userId = "@it.grace:wardroom.localhost") =>
  ({ cookie: { originalMaxAge: maxAgeMs, httpOnly: true, path: "/" }, userId, createdAt, lastSeenAt: createdAt }) as unknown as SessionData;

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

/**
 * The console's session store on both databases it runs on: SQLite (the local stack) and
 * PostgreSQL (production), each in a fresh database (a throwaway schema on the local server,
 * dropped afterwards).
 */
for (const backend of backends) {
  describe.skipIf(backend.skipReason !== null)(`console session store (${backend.name})${backend.skipReason ? ` skipped: ${backend.skipReason}` : ""}`, () => {
    it("keeps a session across a reopen (a console restart or a second console), updates and destroys it", async () => {
      const url = backend.freshUrl("sessions");
      const now = Date.UTC(2026, 0, 5, 9);
      const clock = () => new Date(now);
      const first = await SqlSessionStore.open(url, clock);
      await set(first, "sid-1", session(now, 12 * HOUR));
      await first.close();

      const second = await SqlSessionStore.open(url, clock);
      try {
        expect(await get(second, "sid-1")).toMatchObject({ userId: "@it.grace:wardroom.localhost", createdAt: now });
        // Saving again replaces the row (one row per id).
        await set(second, "sid-1", { ...session(now, 12 * HOUR), lastSeenAt: now + 1000 } as SessionData);
        expect(await get(second, "sid-1")).toMatchObject({ lastSeenAt: now + 1000 });
        expect(await second.count()).toBe(1);
        await touch(second, "sid-1", session(now, 12 * HOUR));
        expect(await get(second, "sid-1")).not.toBeNull();
        await destroy(second, "sid-1");
        expect(await get(second, "sid-1")).toBeNull();
        expect(await get(second, "never-existed")).toBeNull();
        expect(await second.count()).toBe(0);
        // A request of that session still in flight saves it after the sign-out: it stays
        // signed out (the row is marked, not deleted, so the save cannot recreate it).
        await set(second, "sid-1", { ...session(now, 12 * HOUR), lastSeenAt: now + 2000 } as SessionData);
        expect(await get(second, "sid-1")).toBeNull();
        expect(await second.count()).toBe(0);
      } finally {
        await second.close();
      }
    });

    it("never returns a session past its lifetime (plus the grace hour) and deletes expired rows on the next write", async () => {
      const url = backend.freshUrl("sessions");
      let now = Date.UTC(2026, 0, 5, 9);
      const store = await SqlSessionStore.open(url, () => new Date(now));
      try {
        const signedIn = now;
        await set(store, "short", session(signedIn, 1 * HOUR));
        await set(store, "long", session(signedIn, 12 * HOUR));
        // The lifetime counts from sign-in: a later save does not extend it.
        now += 90 * 60_000;
        await set(store, "short", session(signedIn, 1 * HOUR));
        expect(await get(store, "short")).not.toBeNull();
        now = signedIn + 2 * HOUR + 1;
        expect(await get(store, "short")).toBeNull();
        expect(await get(store, "long")).not.toBeNull();
        expect(await store.count()).toBe(2);
        await set(store, "new", session(now, 12 * HOUR));
        expect(await store.count()).toBe(2);
        const rows = await backend.raw(url, "SELECT sid FROM console_sessions ORDER BY sid");
        expect(rows.map((r) => r.sid)).toEqual(["long", "new"]);
      } finally {
        await store.close();
      }
    });
  });
}
