import { describe, expect, it } from "vitest";
import { isCommand, parseCommand } from "../../../core/compliance/commands.ts";

describe("bot commands", () => {
  it("parses !sms open with a number written with spaces and an optional language", () => {
    expect(parseCommand("!sms open +1 555 555 0123")).toEqual({ ok: true, command: { name: "sms.open", phone: "+1 555 555 0123" } });
    expect(parseCommand("  !SMS Open (555) 555-0123 es")).toEqual({ ok: true, command: { name: "sms.open", phone: "(555) 555-0123", language: "es" } });
  });

  it("parses !consent request and status", () => {
    expect(parseCommand("!consent status")).toEqual({ ok: true, command: { name: "consent.status" } });
    expect(parseCommand("!consent request es")).toEqual({ ok: true, command: { name: "consent.request", language: "es" } });
    expect(parseCommand("!consent request spanish")).toMatchObject({ ok: false });
  });

  it("answers unknown verbs and a missing number with usage, not silence", () => {
    expect(parseCommand("!sms open")).toMatchObject({ ok: false, error: expect.stringMatching(/phone number/) });
    expect(parseCommand("!sms frobnicate")).toMatchObject({ ok: false, error: expect.stringMatching(/unknown command/) });
    expect(parseCommand("!sms")).toEqual({ ok: true, command: { name: "sms.help" } });
  });

  it("treats only !sms and !consent as commands", () => {
    expect(isCommand("!sms open +15555550123")).toBe(true);
    expect(isCommand("!consentimiento")).toBe(false);
    expect(isCommand("see you at 3! sms me")).toBe(false);
    expect(parseCommand("hello")).toBeNull();
  });
});

describe("!breakglass", () => {
  it("takes a room id or a number, an optional duration and a reason", () => {
    expect(parseCommand("!breakglass !abc:x 20 patient collapsed on the phone")).toEqual({ ok: true, command: { name: "breakglass.request", target: "!abc:x", minutes: 20, reason: "patient collapsed on the phone" } });
    expect(parseCommand("!breakglass +15555550123 needs history now")).toEqual({ ok: true, command: { name: "breakglass.request", target: "+15555550123", reason: "needs history now" } });
    expect(isCommand("!BreakGlass +1555")).toBe(true);
  });

  it("names the usage when the target or the reason is missing", () => {
    for (const body of ["!breakglass", "!breakglass +15555550123", "!breakglass patient collapsed", "!breakglass !abc:x 30"]) {
      expect(parseCommand(body)).toMatchObject({ ok: false, error: expect.stringMatching(/^usage: !breakglass/) });
    }
  });
});
