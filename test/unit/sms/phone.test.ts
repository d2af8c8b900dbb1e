import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../../core/errors.ts";
import { isE164, maskPhone, parsePhone, tryParsePhone } from "../../../core/sms/phone.ts";

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error("expected an InputError");
}

describe("parsePhone", () => {
  it("normalises international input to E.164", () => {
    expect(parsePhone("+1 212 555 0100")).toBe("+12125550100");
    expect(parsePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(parsePhone("  +1 (212) 555-0100  ")).toBe("+12125550100");
  });

  it("reads national input in the default country", () => {
    expect(parsePhone("(212) 555-0100", { defaultCountry: "US" })).toBe("+12125550100");
    expect(parsePhone("212.555.0100", { defaultCountry: "US" })).toBe("+12125550100");
    expect(parsePhone("020 7946 0958", { defaultCountry: "GB" })).toBe("+442079460958");
    expect(parsePhone("011 44 20 7946 0958", { defaultCountry: "US" })).toBe("+442079460958");
  });

  it("refuses a national number without a default country, naming the field", () => {
    const err = errorOf(() => parsePhone("(212) 555-0100", { field: "to" }));
    expect(err.message).toMatch(/^to: /);
    expect(err.message).toContain("country code");
    expect(err.exitCode).toBe(2);
  });

  it("treats the fictional +1 555 area code as possible but not valid", () => {
    expect(() => parsePhone("+15555550100")).toThrow(InputError);
    expect(parsePhone("+15555550100", { check: "possible" })).toBe("+15555550100");
    expect(parsePhone("555-555-0100", { check: "possible", defaultCountry: "US" })).toBe("+15555550100");
  });

  it.each([
    ["empty", "", /required/],
    ["spaces", "   ", /required/],
    ["letters", "1-800-FLOWERS", /letters/],
    ["a name", "John Smith", /letters/],
    ["too short", "+1 212", /short|length|not a valid/],
    ["too long", "+1 212 555 0100 1234 5678 9012 3456 7890 1234 5678", /too long/],
    ["extension", "+1 212 555 0100 ext. 12", /extension/],
    ["punctuation only", "+-()", /not a phone number|short/],
    ["unknown country code", "+999 123 456 789", /country code|not a/],
  ])("rejects %s", (_name, input, message) => {
    const err = errorOf(() => parsePhone(input, { field: "from", defaultCountry: "US" }));
    expect(err.message).toMatch(/^from: /);
    expect(err.message).toMatch(message);
  });

  it("never echoes more than the last two digits of the input", () => {
    for (const input of ["+1 212 555 019", "+1 555 555 0199", "212 555 01999999", "+1 555 555 0177 ext 4", "+999 123 456 789"]) {
      const err = errorOf(() => parsePhone(input));
      const digits = err.message.replace(/[^0-9]/g, "");
      expect(digits.length).toBeLessThanOrEqual(2);
    }
  });

  it("names the problem without a bare mask when the input shows no digits worth keeping", () => {
    expect(errorOf(() => parsePhone("abc", { field: "number" })).message).toBe("number: the value has letters in it; write the number with digits only");
    expect(errorOf(() => parsePhone("+1 555 555 0199", { field: "number" })).message).toBe("number: the number +*********99 is not a valid phone number");
  });

  it("rejects a malformed default country with the parameter's name", () => {
    expect(errorOf(() => parsePhone("+12125550100", { defaultCountry: "usa" })).message).toMatch(/^defaultCountry: /);
  });

  it("tryParsePhone answers null instead of throwing", () => {
    expect(tryParsePhone("garbage")).toBeNull();
    expect(tryParsePhone("+12125550100")).toBe("+12125550100");
  });

  it("every result is E.164 and parsing it again gives itself", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 ()+.-]{0,20}$/), (input) => {
        const out = tryParsePhone(input, { defaultCountry: "US", check: "possible" });
        if (out === null) return;
        expect(isE164(out)).toBe(true);
        expect(parsePhone(out, { check: "possible" })).toBe(out);
      }),
    );
  });
});

describe("maskPhone", () => {
  it("keeps only the last two digits and the plus sign", () => {
    expect(maskPhone("+15555550123")).toBe("+*********23");
    expect(maskPhone("(555) 555-0123")).toBe("********23");
  });

  it("masks short or digit-free input entirely", () => {
    expect(maskPhone("1234")).toBe("****");
    expect(maskPhone("Jane Doe")).toBe("**");
    expect(maskPhone("")).toBe("**");
  });
});
