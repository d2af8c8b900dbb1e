import { describe, it } from "vitest";
import { expectFound, expectPhi } from "./helpers.ts";

describe("contact details", () => {
  it("finds phone numbers in many spellings", () => {
    expectFound("Call me at (312) 555-0199.", "(312) 555-0199", "CONTACT");
    expectFound("cell: 312.555.0199", "312.555.0199", "CONTACT");
    expectFound("text 3125550199 anytime", "3125550199", "CONTACT");
    expectFound("WhatsApp +52 33 1234 5678", "+52 33 1234 5678", "CONTACT");
    expectFound("my number is 555 0134", "555 0134", "CONTACT");
  });

  it("joins digits split by emoji, dots and spelled-out words", () => {
    expectFound("call 312📞555📞0199", "312📞555📞0199", "CONTACT");
    expectFound("three one two five five five zero one nine nine", "three one two five five five zero one nine nine", "CONTACT");
    expectFound("mi cel es tres uno dos, cinco cinco cinco, cero uno nueve nueve", "tres uno dos, cinco cinco cinco, cero uno nueve nueve", "CONTACT");
  });

  it("finds email addresses, spelled-out emails, URLs, handles and IPs", () => {
    expectFound("write to lena.ortiz77@yahoo.com please", "lena.ortiz77@yahoo.com", "CONTACT");
    expectFound("email is lena dot ortiz at gmail dot com", "lena dot ortiz at gmail dot com", "CONTACT");
    expectFound("see https://portal.example-clinic.org/r/Zx81", "https://portal.example-clinic.org/r/Zx81", "CONTACT");
    expectFound("my page is www.lenaortiz.me", "www.lenaortiz.me", "CONTACT");
    expectFound("find me on IG @lena_ortiz", "@lena_ortiz", "CONTACT");
    expectFound("login failed from 10.24.7.199", "10.24.7.199", "CONTACT");
  });

  it("does not flag 911, short codes, times or prices", () => {
    expectPhi("If this is an emergency, call 911.", false);
    expectPhi("Text STOP to 78333 to opt out.", true); // a five-digit number fails closed as an identifier
    expectPhi("Your copay is $25.00, due at check-in.", false);
    expectPhi("Doors open at 7:45.", false);
  });
});
