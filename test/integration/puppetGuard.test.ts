import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs } from "../helpers/matrix.ts";
import { AdminApi, bridgeSecret, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

/** Issue 10, item 13: a patient's puppet is the bridge's alone (its name, its existence). */
describeWithStack("SMS puppets cannot be imitated or made up", (stack) => {
  let admin: AdminApi;
  let alice: MatrixClient;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    alice = await loginAs(stack(), clinician(stack(), 0));
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
  });

  async function setMyName(roomId: string, displayname: string): Promise<string> {
    const me = alice.getUserId()!;
    return alice.sendStateEvent(roomId, "m.room.member" as never, { membership: "join", displayname } as never, me).then(
      () => "ok",
      (err: { errcode?: string; data?: Record<string, unknown> }) => `${err.errcode}:${String(err.data?.["org.wardroom.rule"])}`,
    );
  }

  it("refuses a clinician's display name that imitates the patient's puppet in the portal room", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello there");
    const roomId = await admin.waitForPortal(phone);
    await eventually("the warning texted", async () => ((await textsTo(stack(), phone)).length > 0 ? true : undefined));
    const puppet = (await admin.state(roomId)).find((e) => e.type === "m.room.member" && /^@sms_/.test(e.state_key ?? "") && e.content.membership === "join")!;
    const puppetName = String(puppet.content.displayname);
    expect(puppetName).toMatch(/\(SMS\)$/);
    await alice.joinRoom(roomId);

    const digits = puppetName.replace(/ \(SMS\)$/, "");
    const fullWidth = [...puppetName].map((c) => (/[0-9+]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join("");
    const lookalike = puppetName.replaceAll("0", "O").replaceAll("1", "l").replace("SMS", "\u0405\u041C\u0405"); // Cyrillic DZE, EM
    const invisible = puppetName.replace(" ", "\u200B").toLowerCase();
    for (const name of [puppetName, digits, fullWidth, lookalike, invisible]) {
      expect(await setMyName(roomId, name), name).toBe("M_FORBIDDEN:no-puppet-impersonation");
    }
    // Her own name is fine, and what the room shows for her is not the patient's name.
    expect(await setMyName(roomId, "Dr Alice Example (clinic)")).toBe("ok");
    const mine = (await admin.state(roomId)).find((e) => e.type === "m.room.member" && e.state_key === alice.getUserId());
    expect(mine?.content.displayname).toBe("Dr Alice Example (clinic)");
    // The refusals are audited (rule and event type, no name).
    const { openAuditLedger } = await import("../../runtime/audit/index.ts");
    const ledger = await openAuditLedger({ url: stack().internal.auditUrl });
    try {
      const found = await eventually("the refusals audited", async () => {
        const { records } = await ledger.query({ action: "room.change_refused", limit: 200 });
        const mineRefused = records.filter((r) => r.actor === alice.getUserId() && r.details.rule === "no-puppet-impersonation");
        return mineRefused.length >= 5 ? mineRefused : undefined;
      });
      expect(JSON.stringify(found)).not.toContain(digits.replace(/\D/g, "").slice(-7));
    } finally {
      await ledger.store.close();
    }
  });

  it("refuses an invite of a puppet id that has no portal; the bridge's user query says it does not exist", async () => {
    const madeUp = `@sms_${randomBytes(12).toString("hex")}:${stack().homeserver.serverName}`;
    const asked = await fetch(`${stack().internal.bridge.url}/_matrix/app/v1/users/${encodeURIComponent(madeUp)}`, {
      headers: { authorization: `Bearer ${bridgeSecret(stack(), "hs_token")}` },
    });
    expect(asked.status).toBe(404);

    const { room_id } = await alice.createRoom({ name: "triage" });
    const invited = await alice.invite(room_id, madeUp).then(
      () => "invited",
      (err: { errcode?: string; data?: Record<string, unknown> }) => `${err.errcode}:${String(err.data?.["org.wardroom.rule"])}`,
    );
    expect(invited).toBe("M_FORBIDDEN:unknown-sms-puppet");
    expect((await admin.members(room_id))[madeUp]).toBeUndefined();

    // A puppet that exists (its patient texted) is still invited by the bridge as before.
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hi");
    const portal = await admin.waitForPortal(phone);
    await eventually("the puppet joined its portal", async () => (Object.entries(await admin.members(portal)).some(([id, m]) => /^@sms_/.test(id) && m === "join") ? true : undefined));
  });
});
