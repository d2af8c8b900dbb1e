import { parsePhoneNumberWithError, ParseError, type CountryCode } from "libphonenumber-js/max";
import { InputError } from "../errors.ts";

/**
 * Phone numbers in E.164 form ("+15555550100"). Numbers are PHI: they never appear whole in
 * logs, errors or audit details; use maskPhone() there.
 */
export type E164 = string & { readonly __brand: "E164" };

const E164_SHAPE = /^\+[1-9][0-9]{6,14}$/;
/** Longer input is not a phone number; refusing it early keeps the parser off odd inputs. */
const MAX_INPUT_LENGTH = 40;

export interface ParsePhoneOptions {
  /** ISO 3166 country assumed for national numbers (policy `sms.defaultCountry`). */
  defaultCountry?: string;
  /** Name of the field or parameter, used in error messages. */
  field?: string;
  /**
   * "valid" (default): the number must exist in the numbering plan (libphonenumber's full
   * metadata). "possible": only its length must fit the country. The local stack uses the
   * fictional +1 555 area code, which is possible but not valid, so the simulator and the
   * local bridge pass "possible"; numbers arriving from a real provider are checked as
   * "possible" too, since the provider already delivered them.
   */
  check?: "valid" | "possible";
}

/** A shape check only: is `value` already in E.164 form? */
export function isE164(value: string): value is E164 {
  return E164_SHAPE.test(value);
}

/**
 * Parse a phone number written by a person or sent by a provider ("+1 555 555 0100",
 * "(555) 555-0100", "0044 20 7946 0958") and return it in E.164 form. Anything else throws an
 * InputError that names the field and shows at most the last two digits.
 */
export function parsePhone(input: string, options: ParsePhoneOptions = {}): E164 {
  const field = options.field ?? "phone";
  const check = options.check ?? "valid";
  const text = input.trim();
  if (text === "") {
    throw new InputError(`${field}: a phone number is required`);
  }
  // What the messages call the input: the masked number when it shows something useful (its
  // last two digits), never a bare run of stars that reads like a garbled message.
  const shown = text.replace(/[^0-9]/g, "").length > 4 ? `the number ${maskPhone(text)}` : "the value";
  if (text.length > MAX_INPUT_LENGTH) {
    throw new InputError(`${field}: too long to be a phone number`);
  }
  // Letters are refused rather than read as a keypad word (1-800-FLOWERS): a patient's number
  // with a letter in it is a typo, and a typo must not reach someone else.
  if (/\p{L}/u.test(text.replace(/\b(ext|x)\.?\s*\d+$/i, ""))) {
    throw new InputError(`${field}: ${shown} has letters in it; write the number with digits only`);
  }
  const country = options.defaultCountry;
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
    throw new InputError(`defaultCountry: must be an ISO 3166 country code such as "US"`);
  }
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, country as CountryCode | undefined);
  } catch (err) {
    if (err instanceof ParseError) {
      throw new InputError(`${field}: ${shown} ${describeParseError(err.message, country)}`);
    }
    throw err;
  }
  if (parsed.ext !== undefined) {
    throw new InputError(`${field}: ${shown} has an extension; text messages need a number without one`);
  }
  const ok = check === "valid" ? parsed.isValid() : parsed.isPossible();
  if (!ok) {
    throw new InputError(
      check === "valid"
        ? `${field}: ${shown} is not a valid phone number${country ? ` (national numbers are read as ${country})` : ""}`
        : `${field}: ${shown} has the wrong length for a phone number`,
    );
  }
  const e164 = parsed.number;
  if (!isE164(e164)) {
    throw new InputError(`${field}: ${shown} is not a phone number`);
  }
  return e164;
}

/** Like parsePhone, but answers null instead of throwing. */
export function tryParsePhone(input: string, options: ParsePhoneOptions = {}): E164 | null {
  try {
    return parsePhone(input, options);
  } catch (err) {
    if (err instanceof InputError) return null;
    throw err;
  }
}

function describeParseError(code: string, country: string | undefined): string {
  switch (code) {
    case "INVALID_COUNTRY":
      return country
        ? "has a country code that does not exist"
        : "has no country code; write it with + and the country code, or set a default country";
    case "TOO_SHORT":
      return "is too short for a phone number";
    case "TOO_LONG":
      return "is too long for a phone number";
    case "INVALID_LENGTH":
      return "has the wrong length for a phone number";
    default:
      return "is not a phone number";
  }
}

/**
 * A form of a phone number (or of anything typed where one was expected) that is safe for
 * logs and messages: every digit but the last two becomes "*", and nothing else is kept.
 * Inputs with four digits or fewer are masked entirely.
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/[^0-9]/g, "");
  const plus = value.trimStart().startsWith("+") ? "+" : "";
  if (digits.length <= 4) return `${plus}${"*".repeat(Math.max(digits.length, 2))}`;
  return `${plus}${"*".repeat(digits.length - 2)}${digits.slice(-2)}`;
}
