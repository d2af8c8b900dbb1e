import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs } from "../helpers/matrix.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { AdminApi, bridgeSecret, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

describeWithStack("only the care team texts patients (issue 10, item 2)", (stack) => {
  let admin: AdminApi;
  let alice: MatrixClient;
  let carol: MatrixClient;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    alice = await loginAs(stack(), clinician(stack(), 0));
    carol = await loginAs(stack(), stack().demoUsers.find((u) => u.role === "auditor")!);
  });
  afterAll(async () => {
    for (const c of [alice, carol]) await c?.logout(true).catch(() => undefined);
  });

  it("lets only the bridge and administrators invite, and does not text an invited outsider's messages", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "Hello, a question about my bill");
    const roomId = await admin.waitForPortal(phone);
    await eventually("the warning texted", async () => ((await textsTo(stack(), phone)).length > 0 ? true : undefined));
    const carolId = carol.getUserId()!;

    // A clinician may not invite anyone into the portal room.
    await alice.joinRoom(roomId);
    const refused = await alice.invite(roomId, carolId).then(
      () => "invited",
      (err: { errcode?: string }) => err.errcode,
    );
    expect(refused).toBe("M_FORBIDDEN");
    const levels = (await admin.state(roomId)).find((e) => e.type === "m.room.power_levels")!.content;
    expect(levels.invite).toBe(50);
    expect((levels.users as Record<string, number>)[alice.getUserId()!]).toBeUndefined();

    // Someone off the care team who is in the room anyway (invited by the bridge itself, as a
    // member whose care-team role was later taken away would have been): her message is
    // refused, not texted.
    const asBridge = new SynapseClient({ baseUrl: stack().homeserver.url, token: bridgeSecret(stack(), "as_token") });
    await asBridge.invite(roomId, carolId);
    await carol.joinRoom(roomId);
    const textsBefore = (await textsTo(stack(), phone)).length;
    const { event_id } = await carol.sendTextMessage(roomId, "Hello from the compliance office");
    // Final state: the message is redacted by the bridge (the gate refused it).
    await eventually("the outsider's message redacted", async () => {
      const m = (await admin.client.roomMessages(roomId)).find((e) => e.event_id === event_id);
      return m && Object.keys(m.content).length === 0 ? true : undefined;
    });
    const { records } = await (await import("../../runtime/audit/index.ts")).openAuditLedger({ url: stack().internal.auditUrl }).then(async (l) => {
      try {
        return await l.query({ action: "sms.blocked", limit: 50 });
      } finally {
        await l.store.close();
      }
    });
    expect(records.find((r) => r.details.eventId === event_id)).toMatchObject({ actor: carolId, details: { reason: "not_care_team", sender: carolId } });
    expect((await textsTo(stack(), phone)).length).toBe(textsBefore);
  });
});
