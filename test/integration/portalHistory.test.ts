import { afterAll, beforeAll, expect, it } from "vitest";
import { Direction, type MatrixClient } from "matrix-js-sdk";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs } from "../helpers/matrix.ts";
import { AdminApi, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

describeWithStack("portal room history (issue 10, item 1)", (stack) => {
  let admin: AdminApi;
  let bob: MatrixClient;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    bob = await loginAs(stack(), clinician(stack(), 1));
  });
  afterAll(async () => {
    await bob?.logout(true).catch(() => undefined);
  });

  it("lets a care-team member who joins after the first texts read them and the warning", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "Hi, this is my first text");
    const roomId = await admin.waitForPortal(phone);
    // The warning went out and the patient wrote again, all before Bob accepted the invite.
    await eventually("the risk warning texted", async () => ((await textsTo(stack(), phone)).length > 0 ? true : undefined));
    await patientTexts(stack(), phone, "And a second one");
    await eventually("both texts in the room", async () => ((await admin.messages(roomId)).filter((m) => String(m.content.body).includes("one") || String(m.content.body).includes("first")).length >= 2 ? true : undefined));
    const state = await admin.state(roomId);
    expect(state.find((e) => e.type === "m.room.history_visibility")?.content.history_visibility).toBe("shared");

    await bob.joinRoom(roomId);
    const page = await bob.createMessagesRequest(roomId, null, 100, Direction.Backward);
    const bodies = page.chunk.filter((e) => e.type === "m.room.message").map((e) => String(e.content?.body ?? ""));
    expect(bodies).toContain("Hi, this is my first text");
    expect(bodies).toContain("And a second one");
    // The warning the bridge posted in the room for the care team, before Bob joined.
    const warning = (await textsTo(stack(), phone))[0]!.body;
    expect(bodies.some((b) => b.includes(warning.slice(0, 40)))).toBe(true);
  });
});
