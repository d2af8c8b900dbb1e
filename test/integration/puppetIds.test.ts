import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs } from "../helpers/matrix.ts";
import { AdminApi, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

/** Every way a number can be written in a log line: E.164, digits, URL-encoded. */
function spellings(phone: string): string[] {
  const digits = phone.slice(1);
  return [phone, digits, encodeURIComponent(phone), digits.slice(-10)];
}

describeWithStack("opaque puppet ids (issue 10, item 11)", (stack) => {
  let admin: AdminApi;
  let alice: MatrixClient;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    alice = await loginAs(stack(), clinician(stack(), 0));
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
  });

  it("keeps the patient's number out of Synapse's log and out of every Matrix id after a conversation", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "Hello, is the clinic open on Saturday?");
    const roomId = await admin.waitForPortal(phone);
    const portal = (await admin.state(roomId)).find((e) => e.type === "org.wardroom.sms_portal")!;
    const puppet = String(portal.content.puppet);
    // The clinician joins (once the bridge's invitation is there: in worker mode the room's
    // state can show before createRoom's invites) and answers; the bridge texts the answer.
    await eventually("Alice invited to the portal", async () => ((await admin.members(roomId))[alice.getUserId()!] === "invite" ? true : undefined));
    await alice.joinRoom(roomId);
    await alice.sendTextMessage(roomId, "Yes, from 9 to 12.");
    await eventually("the answer texted to the patient", async () => ((await textsTo(stack(), phone)).some((t) => t.body.includes("from 9 to 12")) ? true : undefined));
    await eventually("the patient's text in the room", async () => ((await admin.messages(roomId)).some((m) => m.sender === puppet) ? true : undefined));

    // Where the number is meant to be: the room's name and the puppet's display name.
    const state = await admin.state(roomId);
    expect(String(state.find((e) => e.type === "m.room.name")?.content.name)).toContain(phone.slice(-4));
    const member = state.find((e) => e.type === "m.room.member" && e.state_key === puppet);
    expect(String(member?.content.displayname)).toContain(phone.slice(-4));

    // Nowhere else: no Matrix id in the room's state carries it.
    for (const e of state) for (const s of spellings(phone)) expect(`${e.sender} ${e.state_key}`).not.toContain(s);
    for (const s of spellings(phone)) expect(puppet).not.toContain(s);

    // Synapse's logs (request paths, memberships, receipts) never name it: main's, and in
    // worker mode every worker's (the client readers log the bridge's requests).
    const logFiles = [stack().internal.components.find((c) => c.name === "synapse")!.logFile!, ...(stack().internal.synapseWorkers ?? []).map((w) => w.logFile)];
    const log = logFiles.map((f) => readFileSync(f, "utf8")).join("\n");
    expect(log).toContain(roomId.slice(1, 8)); // the log did record this conversation
    for (const s of spellings(phone)) expect(log.includes(s), `homeserver.log contains ${s.length} characters of the number`).toBe(false);
  });
});
