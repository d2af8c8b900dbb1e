import { describe, expect, it } from "vitest";
import { classifyReply, CONSENT_STATES, decideReply, replyKeywords, type ConsentState } from "../../../core/consent/index.ts";
import { policy } from "./events.ts";

const keywords = replyKeywords(policy);
const classify = (body: string, state: ConsentState = "warned") => classifyReply(body, state, keywords);

describe("classifyReply", () => {
  it.each([
    ["YES", "accept", "YES"],
    ["yes", "accept", "YES"],
    ["  Yes!  ", "accept", "YES"],
    ["Sí", "accept", "SI"],
    ["sí", "accept", "SI"],
    ["si.", "accept", "SI"],
    ["SÍ", "accept", "SI"],
    ["y", "accept", "Y"],
    ["accept", "accept", "ACCEPT"],
    ["NO", "decline", "NO"],
    ["no.", "decline", "NO"],
    ["n", "decline", "N"],
    ["Decline", "decline", "DECLINE"],
    ["STOP", "stop", "STOP"],
    ["stop", "stop", "STOP"],
    ["Parar", "stop", "PARAR"],
    ["START", "start", "START"],
    ["unstop", "start", "UNSTOP"],
    ["HELP", "help", "HELP"],
    ["¿Ayuda?", "help", "AYUDA"],
  ] as const)("%j in warned is %s (%s)", (body, kind, keyword) => {
    expect(classify(body)).toEqual({ kind, keyword });
  });

  it.each(["yes please", "what is this?", "I said no to the other thing", "yess", "", "   ", "👍"])("%j is other", (body) => {
    expect(classify(body)).toEqual({ kind: "other", keyword: null });
  });

  it("treats STOP, START and HELP the same in every state", () => {
    for (const state of CONSENT_STATES) {
      expect(classify("stop", state).kind).toBe("stop");
      expect(classify("Start", state).kind).toBe("start");
      expect(classify("help", state).kind).toBe("help");
    }
  });

  it("reads accept and decline keywords only as answers to a warning", () => {
    // After acceptance, "NO" answers a clinician's question; it is not a revocation.
    expect(classify("NO", "accepted")).toEqual({ kind: "other", keyword: null });
    expect(classify("yes", "accepted")).toEqual({ kind: "other", keyword: null });
    expect(classify("yes", "unknown")).toEqual({ kind: "other", keyword: null });
    expect(classify("yes", "opted_out")).toEqual({ kind: "other", keyword: null });
    // A declined patient who changes their mind: recognised as accept (decideReply re-sends the warning).
    expect(classify("yes", "declined")).toEqual({ kind: "accept", keyword: "YES" });
    expect(classify("no", "declined")).toEqual({ kind: "other", keyword: null });
  });
});

describe("decideReply", () => {
  const status = (state: ConsentState, reminders = 0) => ({ state, reminders });
  const decide = (body: string, state: ConsentState, reminders = 0, max = policy.sms.consent.maxReminders) =>
    decideReply(status(state, reminders), classifyReply(body, state, keywords), max);

  it("sends the warning on first contact, whatever the text", () => {
    expect(decide("hello, is this the clinic?", "unknown")).toEqual({ action: "send_warning", reason: "first_contact" });
    expect(decide("yes", "unknown")).toEqual({ action: "send_warning", reason: "first_contact" });
  });

  it("records an answer to the warning", () => {
    expect(decide("Sí", "warned")).toEqual({ action: "record_accepted" });
    expect(decide("no", "warned")).toEqual({ action: "record_declined" });
  });

  it("sends at most maxReminders reminders, then nothing", () => {
    expect(policy.sms.consent.maxReminders).toBe(1);
    expect(decide("what?", "warned", 0)).toEqual({ action: "send_reminder", reminder: 1 });
    expect(decide("what?", "warned", 1)).toEqual({ action: "none", reason: "reminders_exhausted" });
    expect(decide("what?", "warned", 1, 3)).toEqual({ action: "send_reminder", reminder: 2 });
    expect(decide("what?", "warned", 3, 3)).toEqual({ action: "none", reason: "reminders_exhausted" });
    expect(decide("what?", "warned", 0, 0)).toEqual({ action: "none", reason: "reminders_exhausted" });
    // An answer still counts after the reminders ran out.
    expect(decide("yes", "warned", 1)).toEqual({ action: "record_accepted" });
  });

  it("opts out on STOP in every state, and sends nothing after it but honours START", () => {
    for (const state of CONSENT_STATES) expect(decide("STOP", state)).toEqual({ action: "record_opted_out" });
    expect(decide("help", "opted_out")).toEqual({ action: "none", reason: "opted_out" });
    expect(decide("yes", "opted_out")).toEqual({ action: "none", reason: "opted_out" });
    expect(decide("hello", "opted_out")).toEqual({ action: "none", reason: "opted_out" });
    expect(decide("START", "opted_out")).toEqual({ action: "record_opted_in" });
    expect(decide("START", "accepted")).toEqual({ action: "none", reason: "not_opted_out" });
  });

  it("answers HELP, and leaves ordinary conversation alone", () => {
    expect(decide("HELP", "accepted")).toEqual({ action: "send_help" });
    expect(decide("HELP", "warned")).toEqual({ action: "send_help" });
    expect(decide("see you tuesday", "accepted")).toEqual({ action: "none", reason: "already_accepted" });
    expect(decide("no", "accepted")).toEqual({ action: "none", reason: "already_accepted" });
  });

  it("re-sends the warning to a declined patient who now says yes", () => {
    expect(decide("YES", "declined")).toEqual({ action: "send_warning", reason: "accept_after_decline" });
    expect(decide("thanks", "declined")).toEqual({ action: "none", reason: "declined" });
  });
});
