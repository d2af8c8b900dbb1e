import { describe, expect, it } from "vitest";
import { detectPhi } from "../../../core/phi/index.ts";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

describe("names", () => {
  it("finds first names, surnames and full names in any position", () => {
    expectFound("Jennifer called about the forms.", "Jennifer", "NAME");
    expectFound("Please tell Marcus Okafor that the office moved.", "Marcus Okafor", "NAME");
    expectFound("Spoke with Mrs. Nakamura this morning.", "Nakamura", "NAME");
    expectFound("Call back Tanisha Reynolds when you can.", "Tanisha Reynolds", "NAME");
  });

  it("keeps titles and a possessive 's outside the span", () => {
    const text = "Dr. Whitfield's nurse will call you.";
    const span = detectPhi(text).spans.find((s) => s.category === "NAME");
    expect(span && text.slice(span.start, span.end)).toBe("Whitfield");
  });

  it("finds an unknown surname after a title and a capitalised unknown name mid-sentence", () => {
    expectFound("Sra. Quispe pidió una cita.", "Quispe", "NAME");
    expectFound("The new patient is Zyanya, she prefers texts.", "Zyanya", "NAME");
  });

  it("finds lowercase names when they are only names", () => {
    expectFound("hey its kevin, can u call me back", "kevin", "NAME");
    expectFound("this is maria gonzalez checking on my papers", "maria gonzalez", "NAME");
  });

  it("finds names in ALL CAPS", () => {
    expectFound("PLEASE CALL PATRICIA BACK ABOUT THE FORMS", "PATRICIA", "NAME");
  });

  it("finds initials", () => {
    expectFound("Pt K.L. needs a ride home.", "K.L.", "NAME");
    expectFound("Message from J. Whitaker about parking.", "J. Whitaker", "NAME");
  });

  it("finds Spanish names with particles", () => {
    expectFound("Hablé con Ana María de la Fuente sobre el pago.", "Ana María de la Fuente", "NAME");
  });

  describe("names that are common words", () => {
    it("Will: the name, not the verb", () => {
      expectFound("Will Hernandez is here for his 3:00.", "Will", "NAME");
      expectFound("Hi Will, the forms are ready.", "Will", "NAME");
      expectPhi("We will call you tomorrow.", false);
      expectPhi("Will you be able to come at 4?", false);
    });

    it("Hope: the name, not the verb", () => {
      expectFound("Tell Hope the office closes early.", "Hope", "NAME");
      expectPhi("Hope you had a nice weekend!", false);
      expectPhi("We hope to see you soon.", false);
    });

    it("Rose: the name, not the flower or the verb", () => {
      expectFound("Rose called, she is running late.", "Rose", "NAME");
      expectPhi("The lobby has fresh rose bouquets this week.", false);
    });

    it("Bill: the name, not the invoice", () => {
      expectFound("Bill asked if the parking is free.", "Bill", "NAME");
      expectPhi("Your bill is ready in the portal.", false);
      expectPhi("Reply BILL to get your statement.", false);
    });

    it("Grace: the name, not the grace period", () => {
      expectFound("Grace, your paperwork is signed.", "Grace", "NAME");
      expectPhi("The grace period ends on Friday.", false);
    });

    it("April: the name, not the month", () => {
      expectFound("Hi April, your forms are in the mail.", "April", "NAME");
      expectPhi("We are closed in April for renovations.", false);
    });

    it("short names that are verbs: Sue, Pat, Mark", () => {
      expectFound("Sue from billing called back.", "Sue", "NAME");
      expectPhi("We can't sue for that, ask legal.", false);
      expectPhi("Pat dry and keep covered.", false);
      expectPhi("Mark the forms as received please.", false);
    });

    it("Spanish names that are words: Luz, Rosa, Esperanza, Dolores", () => {
      expectFound("Luz, su pago fue recibido.", "Luz", "NAME");
      expectPhi("Se fue la luz en la oficina, abrimos más tarde.", false);
      expectFound("Sra. Esperanza Molina, su cita está confirmada.", "Esperanza Molina", "NAME");
      expectPhi("Tenemos la esperanza de abrir el sábado.", false);
    });

    it("names in lowercase need a context that makes them names", () => {
      expectFound("hi grace, ur papers are ready", "grace", "NAME");
      expectFound("my son will is coming with me", "will", "NAME");
      expectPhi("i will be there at 5", false);
    });
  });

  it("does not take capitalised ordinary words for names", () => {
    expectPhi("Happy New Year from all of us!", false);
    expectPhi("Is the office open on Memorial Day?", false);
    expectPhi("Do you take Blue Shield?", false);
    expectNotFound("Interpreters are free for every visit.", "Interpreters");
  });

  it("reads a surname that is a pronoun or a word for a parent as that word, unless a title or a name says otherwise", () => {
    expectPhi("He is running late, be there at 4.", false);
    expectPhi("Ma is coming with me to the visit.", false);
    expectFound("Dr. He will see you at 3", "He", "NAME");
    expectFound("Spoke with He Wei about the forms", "He Wei", "NAME");
  });

  it("reads holidays and job titles as such, and keeps a person named Day", () => {
    expectPhi("The office is closed for Labor Day.", false);
    expectPhi("Nurse Practitioner schedule updated for next week", false);
    expectFound("Nurse Practitioner Okafor will call you", "Okafor", "NAME");
    expectFound("Spoke with Doris Day about her refill", "Doris Day", "NAME");
    expectFound("Ms. Day called about her refill", "Day", "NAME");
  });

  it("finds third-party names: relatives and other staff", () => {
    expectFound("My daughter Kimberly will pick up the forms.", "Kimberly", "NAME");
    expectFound("Ask for Raymond at the front desk.", "Raymond", "NAME");
    expectFound("The Nguyen family needs 3 slots Saturday.", "Nguyen", "NAME");
    expectFound("The Goldbergs want to switch to afternoons.", "Goldbergs", "NAME");
  });
});
