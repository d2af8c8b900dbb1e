import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { renderWarning } from "../../core/consent/index.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { patientText } from "../../core/sms/patientTexts.ts";
import { openConsentStore } from "../../runtime/consent/index.ts";
import type { E164 } from "../../core/sms/phone.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { queryDatabase } from "../helpers/databases.ts";
import { runCli } from "../helpers/cli.ts";
import { clinician, loginAs, loginWithCrypto } from "../helpers/matrix.ts";
import { AdminApi, bridgeSecret, eventually, killBridge, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

describeWithStack("consent over SMS: warning, acknowledgment, PHI enforcement", (stack) => {
  let admin: AdminApi;
  let alice: MatrixClient;
  const policy = () => loadPolicyFile(`${stack().internal.stackDir}/policy.yaml`);
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    alice = await loginAs(stack(), clinician(stack(), 0));
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
  });

  const portalFor = (phone: string) => admin.waitForPortal(phone);
  async function textsReceived(phone: string, count: number): Promise<string[]> {
    return eventually(`${count} text(s) at ${phone}`, async () => {
      const texts = await textsTo(stack(), phone);
      return texts.length >= count ? texts.map((t) => t.body) : undefined;
    });
  }
  async function consentState(roomId: string, state: string): Promise<Record<string, unknown>> {
    return eventually(`consent state ${state}`, async () => {
      const ev = (await admin.state(roomId)).find((e) => e.type === "org.wardroom.consent");
      return ev?.content.state === state ? ev.content : undefined;
    });
  }
  /** Alice joins the portal (she was invited with the care team) and writes in it. */
  async function aliceWrites(roomId: string, text: string): Promise<string> {
    await alice.joinRoom(roomId);
    const { event_id } = await alice.sendTextMessage(roomId, text);
    return event_id;
  }
  /**
   * The bridge is done with a number: every inbound text processed and nothing waiting in the
   * outbox. What was not sent by then will not be (the final state, instead of a fixed wait).
   */
  async function bridgeSettled(phone: string): Promise<void> {
    await eventually(`the bridge settled for ${phone}`, async () => {
      const [inbound] = await queryDatabase(stack().internal.bridgeStoreUrl, "SELECT COUNT(*) AS n FROM bridge_inbound WHERE phone = ? AND status = 'pending'", [phone]);
      const [outbox] = await queryDatabase(stack().internal.bridgeStoreUrl, "SELECT COUNT(*) AS n FROM bridge_outbox WHERE phone = ? AND status IN ('queued', 'sending')", [phone]);
      return Number(inbound?.n) === 0 && Number(outbox?.n) === 0 ? true : undefined;
    });
  }
  async function redacted(roomId: string, eventId: string): Promise<boolean> {
    const msg = (await admin.messages(roomId)).find((m) => m.event_id === eventId);
    return msg !== undefined && Object.keys(msg.content).length === 0 ? true : false;
  }

  it("runs the whole conversation: warning, PHI blocked, logistics through, YES recorded, PHI through", async () => {
    const phone = uniquePhone();
    const warning = renderWarning(policy(), "en");
    await patientTexts(stack(), phone, "hello, can I get my lab results by text?");
    const roomId = await portalFor(phone);

    // First contact: the warning is the first thing the patient receives.
    expect(await textsReceived(phone, 1)).toEqual([warning.text]);
    await consentState(roomId, "warned");

    // PHI before acknowledgment: never sent, redacted, the sender told privately.
    const phiEvent = await aliceWrites(roomId, "Your A1c came back at 9.2 so we will start metformin 500 mg twice daily");
    await eventually("the PHI message redacted", async () => ((await redacted(roomId, phiEvent)) ? true : undefined));
    // The local stack tells the sender through the compliance bot, end-to-end encrypted (the
    // notice's content is checked decrypted in blockedNotices.test.ts): one notice, recorded.
    const told = await eventually("a private notice to the sender", async () => {
      const rows = (await queryDatabase(stack().internal.auditUrl, "SELECT seq, details FROM audit_records WHERE action = 'sms.blocked' ORDER BY seq")) as Array<{ seq: number; details: string }>;
      const blockedRow = rows.find((r) => (JSON.parse(r.details) as Record<string, unknown>).eventId === phiEvent);
      if (!blockedRow) return undefined;
      expect(JSON.parse(blockedRow.details)).toMatchObject({ reason: "phi_without_consent", sender: alice.getUserId(), phiCategories: expect.arrayContaining(["HEALTH"]) });
      const sent = (await queryDatabase(stack().internal.auditUrl, "SELECT target, details FROM audit_records WHERE action = 'sms.blocked_notified' ORDER BY seq")) as Array<{ target: string; details: string }>;
      return sent.map((r) => ({ target: r.target, details: JSON.parse(r.details) as Record<string, unknown> })).find((r) => r.details.blockedSeq === Number(blockedRow.seq) && r.target === alice.getUserId() && r.details.outcome === "sent");
    });
    const noticeState = await admin.state(String(told.details.roomId));
    expect(noticeState.find((e) => e.type === "m.room.encryption")?.content.algorithm).toBe("m.megolm.v1.aes-sha2");
    expect(JSON.stringify(told)).not.toMatch(/metformin|9\.2|A1c/i);

    // A logistics message without PHI does reach the patient.
    await aliceWrites(roomId, "We are running about 10 minutes late today.");
    expect(await textsReceived(phone, 2)).toEqual([warning.text, "We are running about 10 minutes late today."]);

    // YES: consent recorded with all the evidence, and confirmed to the patient.
    await patientTexts(stack(), phone, "YES");
    await consentState(roomId, "accepted");
    expect((await textsReceived(phone, 3))[2]).toBe(patientText(policy(), "accepted", "en").text);
    const ledger = await openConsentStore({ url: stack().internal.consentUrl, mustExist: true });
    try {
      const history = await ledger.history(phone as E164);
      const accepted = history.events.find((e) => e.event === "accepted");
      expect(accepted?.evidence).toMatchObject({
        phone,
        roomId,
        warningVersion: warning.version,
        warning: { providerMessageId: expect.any(String), sentAt: expect.any(String), noticeEventId: expect.stringMatching(/^\$/) },
        reply: { providerMessageId: expect.any(String), receivedAt: expect.any(String), eventId: expect.stringMatching(/^\$/), keyword: "YES" },
        language: "en",
      });
      expect((await ledger.warningText(warning.version))?.text).toBe(warning.text);
    } finally {
      await ledger.close();
    }

    // Clinicians can ask the room; the command itself is never texted.
    await alice.sendTextMessage(roomId, "!consent status");
    const status = await eventually("the status notice", async () => {
      const found = (await admin.messages(roomId)).filter((m) => m.sender === stack().internal.bridge.botUserId && String(m.content.body).startsWith("Consent: the patient accepted"));
      return found.length > 0 ? found : undefined;
    });
    expect(String(status[0]!.content.body)).toMatch(/health information may be texted/);
    expect((await textsTo(stack(), phone)).some((t) => t.body.includes("!consent"))).toBe(false);

    // The compliance officer's view: the whole history with its evidence.
    const shown = await runCli(["consent", "show", phone, "--json", "--db", stack().internal.consentUrl], { env: { WARDROOM_POLICY: `${stack().internal.stackDir}/policy.yaml` } });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ phone, status: { state: "accepted" }, events: [{ event: "warning_sent" }, { event: "accepted" }] });

    // Now PHI reaches the patient.
    await aliceWrites(roomId, "Your A1c came back at 9.2, please start metformin 500 mg twice daily");
    expect((await textsReceived(phone, 4)).at(-1)).toBe("Your A1c came back at 9.2, please start metformin 500 mg twice daily");
    // The PHI that was blocked earlier never went out.
    expect((await textsTo(stack(), phone)).filter((t) => t.body.includes("metformin"))).toHaveLength(1);
  });

  it("STOP stops everything, including the warning; START needs a new warning before PHI", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hi");
    const roomId = await portalFor(phone);
    await textsReceived(phone, 1);
    await patientTexts(stack(), phone, "STOP");
    await consentState(roomId, "opted_out");
    const afterStop = await textsReceived(phone, 2); // the carrier-required confirmation
    expect(afterStop[1]).toMatch(/unsubscribed/);

    // Nothing more goes out: not a clinician's logistics text, not a warning, not a reminder.
    const logistics = await aliceWrites(roomId, "Please call the office when you can.");
    await patientTexts(stack(), phone, "what time do you open?");
    await eventually("the clinician's text refused", async () => ((await redacted(roomId, logistics)) ? true : undefined));
    await eventually("the patient's text in the room", async () => ((await admin.messages(roomId)).some((m) => m.content.body === "what time do you open?") ? true : undefined));
    await bridgeSettled(phone);
    expect(await textsTo(stack(), phone)).toHaveLength(2);

    await patientTexts(stack(), phone, "START");
    await consentState(roomId, "warned");
    const afterStart = await textsReceived(phone, 4);
    expect(afterStart[2]).toMatch(/subscribed to texts again/);
    expect(afterStart[3]).toBe(renderWarning(policy(), "en").text);

    // Still no PHI until the new warning is accepted.
    const phiEvent = await aliceWrites(roomId, "Your potassium was 5.9, stop the lisinopril");
    await eventually("the PHI message redacted", async () => ((await redacted(roomId, phiEvent)) ? true : undefined));
    expect(await textsTo(stack(), phone)).toHaveLength(4);
  });

  it("reminds at most maxReminders times, answers HELP, and records a NO as a decline", async () => {
    const phone = uniquePhone();
    const warning = renderWarning(policy(), "en").text;
    await patientTexts(stack(), phone, "who is this?");
    const roomId = await portalFor(phone);
    expect(await textsReceived(phone, 1)).toEqual([warning]);
    await consentState(roomId, "warned");
    await patientTexts(stack(), phone, "what does this mean");
    expect(await textsReceived(phone, 2)).toEqual([warning, warning]); // the one reminder (maxReminders: 1)
    await patientTexts(stack(), phone, "still confused");
    await patientTexts(stack(), phone, "HELP");
    const afterHelp = await textsReceived(phone, 3);
    expect(afterHelp[2]).toMatch(/secure messaging help/);
    await patientTexts(stack(), phone, "NO");
    await consentState(roomId, "declined");
    await bridgeSettled(phone);
    // No second reminder; after the decline only its confirmation.
    const all = (await textsTo(stack(), phone)).map((t) => t.body);
    expect(all).toHaveLength(4);
    expect(all[3]).toBe(patientText(policy(), "declined", "en").text);
  });

  it("keeps the conversation's state when the bridge and its consent flow restart mid-conversation", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hi, it's about my refill");
    const roomId = await portalFor(phone);
    await textsReceived(phone, 1);
    await consentState(roomId, "warned");
    await killBridge(stack());
    await patientTexts(stack(), phone, "yes");
    await consentState(roomId, "accepted");
    await bridgeSettled(phone);
    // No second warning was sent after the restart: the warning, then the confirmation.
    expect((await textsTo(stack(), phone)).map((t) => t.body)).toEqual([renderWarning(policy(), "en").text, patientText(policy(), "accepted", "en").text]);
  });

  it("opens an SMS conversation from an encrypted room with !sms open (the compliance bot)", async () => {
    const phone = uniquePhone();
    const secure = await loginWithCrypto(stack(), clinician(stack(), 1));
    try {
      const botId = stack().internal.complianceBot.userId;
      const { room_id } = await secure.createRoom({ name: "triage", invite: [botId] });
      expect(await secure.getStateEvent(room_id, "m.room.encryption", "")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
      await eventually("the bot in the room", async () => ((await admin.members(room_id))[botId] === "join" ? true : undefined));
      await secure.sendTextMessage(room_id, `!sms open ${phone} es`);
      const portal = await portalFor(phone);
      expect(await textsReceived(phone, 1)).toEqual([renderWarning(policy(), "es").text]);
      // The clinician who asked is invited to the new portal room.
      expect((await admin.members(portal))[secure.getUserId()!]).toBe("invite");
    } finally {
      secure.stopClient();
      await secure.logout(true).catch(() => undefined);
    }
  });

  it("sends the Spanish warning when a clinician opens the conversation in Spanish", async () => {
    const phone = uniquePhone();
    const res = await fetch(`${stack().internal.bridge.url}/_wardroom/v1/sms/open`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridgeSecret(stack(), "control_token")}`, "content-type": "application/json" },
      body: JSON.stringify({ phone, language: "es", requestedBy: alice.getUserId() }),
    });
    expect(res.status).toBe(200);
    const { roomId } = (await res.json()) as { roomId: string };
    expect(await textsReceived(phone, 1)).toEqual([renderWarning(policy(), "es").text]);
    await consentState(roomId, "warned");
    await patientTexts(stack(), phone, "Sí");
    await consentState(roomId, "accepted");
    expect((await textsReceived(phone, 2))[1]).toBe(patientText(policy(), "accepted", "es").text);
  });

  it("answers a patient who texts in Spanish in Spanish: warning, AYUDA, SI, a language switch and ALTO", async () => {
    const phone = uniquePhone();
    const p = policy();
    const es = (kind: Parameters<typeof patientText>[1]) => patientText(p, kind, "es").text;
    await patientTexts(stack(), phone, "Hola, necesito una cita");
    const roomId = await portalFor(phone);
    expect(await textsReceived(phone, 1)).toEqual([renderWarning(p, "es").text]);
    await consentState(roomId, "warned");
    // The language is kept with the portal (and shown in its state), as a two-letter code.
    const portalState = (await admin.state(roomId)).find((e) => e.type === "org.wardroom.sms_portal");
    expect(portalState?.content.language).toBe("es");

    await patientTexts(stack(), phone, "¿AYUDA?");
    expect((await textsReceived(phone, 2))[1]).toBe(es("help"));

    await patientTexts(stack(), phone, "SI");
    await consentState(roomId, "accepted");
    expect((await textsReceived(phone, 3))[2]).toBe(es("accepted"));

    // A keyword switches the language, confirmed in the new one; and back.
    await patientTexts(stack(), phone, "English");
    expect((await textsReceived(phone, 4))[3]).toBe(patientText(p, "languageChanged", "en").text);
    await patientTexts(stack(), phone, "ESPAÑOL");
    expect((await textsReceived(phone, 5))[4]).toBe(es("languageChanged"));

    await patientTexts(stack(), phone, "¡Alto!");
    await consentState(roomId, "opted_out");
    expect((await textsReceived(phone, 6))[5]).toBe(es("optedOut"));

    // The evidence says which warning (its Spanish version) and in which language the patient answered.
    const ledger = await openConsentStore({ url: stack().internal.consentUrl, mustExist: true });
    try {
      const events = (await ledger.history(phone as E164)).events;
      expect(events.map((e) => e.event)).toEqual(["warning_sent", "accepted", "opted_out"]);
      expect(events[0]!.evidence).toMatchObject({ language: "es", warningVersion: renderWarning(p, "es").version });
      expect(events[1]!.evidence).toMatchObject({ language: "es", warningVersion: renderWarning(p, "es").version, reply: { keyword: "SI" } });
      expect(events[2]!.evidence).toMatchObject({ language: "es", keyword: "ALTO" });
    } finally {
      await ledger.close();
    }
  });

  it("answers a first text that is only a language keyword with the confirmation and the warning in that language", async () => {
    const phone = uniquePhone();
    const p = policy();
    await patientTexts(stack(), phone, "Español");
    const roomId = await portalFor(phone);
    expect(await textsReceived(phone, 2)).toEqual([patientText(p, "languageChanged", "es").text, renderWarning(p, "es").text]);
    await consentState(roomId, "warned");
  });

  it("follows a patient who answers an English warning in Spanish: the warning again in Spanish, then SI", async () => {
    const phone = uniquePhone();
    const p = policy();
    await patientTexts(stack(), phone, "ok");
    const roomId = await portalFor(phone);
    // "ok" says nothing about the language: the policy's default.
    expect(await textsReceived(phone, 1)).toEqual([renderWarning(p, "en").text]);
    await consentState(roomId, "warned");
    await patientTexts(stack(), phone, "no entiendo, hablo español");
    expect((await textsReceived(phone, 2))[1]).toBe(renderWarning(p, "es").text);
    // The Spanish warning is the outstanding one once the ledger has it (its state in the room).
    await eventually("the Spanish warning recorded", async () => {
      const ev = (await admin.state(roomId)).find((e) => e.type === "org.wardroom.consent");
      return ev?.content.warningVersion === renderWarning(p, "es").version ? true : undefined;
    });
    await patientTexts(stack(), phone, "sí");
    await consentState(roomId, "accepted");
    expect((await textsReceived(phone, 3))[2]).toBe(patientText(p, "accepted", "es").text);
    const ledger = await openConsentStore({ url: stack().internal.consentUrl, mustExist: true });
    try {
      const accepted = (await ledger.history(phone as E164)).events.find((e) => e.event === "accepted");
      // Bound to the Spanish text the patient answered, not the English one sent first.
      expect(accepted?.evidence).toMatchObject({ warningVersion: renderWarning(p, "es").version, language: "es" });
    } finally {
      await ledger.close();
    }
  });
});
