import { describe, expect, it } from "vitest";
import { detectPhi } from "../../../core/phi/index.ts";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

/** The kinds of misses and false positives that issue 11 lists, on messages written for this test. */
describe("coverage of the kinds issue 11 lists", () => {
  it("grows multi-word health terms over modifiers, body parts, device parts and values", () => {
    expectFound("she needs a holter monitor for 2 days", "holter monitor", "HEALTH");
    expectFound("bone density scan due", "bone density scan", "HEALTH");
    expectFound("latex allergy, use nitrile", "latex allergy", "HEALTH");
    expectFound("allergic to shellfish", "allergic to shellfish", "HEALTH");
    expectFound("tummy ache all day", "tummy ache", "HEALTH");
    expectFound("dilaudid 1 mg for pain", "dilaudid 1 mg", "HEALTH");
  });

  it("reads bare lab values after short analyte abbreviations and ranges in words", () => {
    expectFound("K 3.1 replace", "K 3.1", "HEALTH");
    expectFound("Na 128 recheck", "Na 128", "HEALTH");
    expectFound("Cr 2.1 up from 1.4", "Cr 2.1 up from 1.4", "HEALTH");
    expectFound("his sugars have been between 200 and 250", "sugars have been between 200 and 250", "HEALTH");
    expectPhi("take 500 mg 2 times a day", true);
    expectNotFound("ok see you at 3", "ok");
  });

  it("knows care-status, documentation and slang terms", () => {
    expectFound("he is full code", "full code", "HEALTH");
    expectFound("progress note signed", "progress note", "HEALTH");
    expectFound("my nerves are bad lately", "my nerves", "HEALTH");
    expectFound("she had the shakes all night", "the shakes", "HEALTH");
    expectFound("ella tiene los nervios muy mal", "los nervios", "HEALTH");
  });

  it("reads a number of 90 and over between commas after a name in a staff page", () => {
    expectFound("Diaz, 93, fall at home", "93", "AGE90");
    expectFound("Room 4: Abernathy, 96, SOB", "96", "AGE90");
    expectPhi("Room 4, 92, is ready", false);
    expectNotFound("Suite 300, 95, and 97 are open", "95");
  });

  it("puts the article in a bare day and reads a date right after its label", () => {
    expectFound("your appt is on the 14th at 3", "the 14th", "DATE");
    expectFound("DOB:03/14/1961", "03/14/1961", "DATE");
    expectFound("Fecha de nacimiento:14/03/1961", "14/03/1961", "DATE");
    expectNotFound("open 7:30-6:00 weekdays", "30-6");
  });

  it("finds the second word of an ALL-CAPS full name", () => {
    expectFound("PT KAYDEN WILLOUGHBY IN RM 4", "KAYDEN WILLOUGHBY", "NAME");
  });

  it("does not flag discharge logistics or read a pain score as a date", () => {
    expectPhi("Discharge paperwork is at the nurses station.", false);
    expectPhi("Discharge is at 2pm, ride is arranged.", false);
    expectFound("yellow vaginal discharge since Monday", "vaginal discharge", "HEALTH");
    expectFound("pain is 7/10 today", "pain is 7/10", "HEALTH");
    expectFound("pain score 7/10 after surgery", "pain score 7/10", "HEALTH");
    expectPhi("Please rate us 9/10 if you liked the visit!", true);
  });

  it("reads age-and-sex shorthand and LAST, FIRST in staff pages", () => {
    expectFound("Pt is a 97F with CHF", "97F", "AGE90");
    expectFound("92M s/p fall", "92M", "AGE90");
    expect(detectPhi("temp 97F this am").spans.map((s) => s.category)).not.toContain("AGE90");
    expectFound("MORALES, ANA, 96, SOB", "MORALES", "NAME");
    expectFound("Okafor, Grace: callback re labs", "Okafor", "NAME");
  });

  it("leaves staff jargon, chains, hospital units and logistics alone", () => {
    for (const text of [
      "Pick up at Walgreens on the corner",
      "Pt transport to 4 West at 2",
      "Pyxis is down on 5 North",
      "Census is 22 tonight, 3 admits pending",
      "The IV pump in bay 4 is alarming",
      "Rate your pain from 0 to 10 when the nurse asks",
      "Nurses will ask you to rate pain every 4 hours.",
      "Bring your pill bottles to your next visit",
    ]) expectPhi(text, false);
    expectFound("rates her pain 8/10", "pain 8/10", "HEALTH");
    expectFound("the pills made her dizzy", "dizzy", "HEALTH");
  });

  it("grows conditions over their modifiers and the words after them", () => {
    expectFound("uncontrolled type 2 diabetes", "uncontrolled type 2 diabetes", "HEALTH");
    expectFound("major depressive disorder", "major depressive disorder", "HEALTH");
    expectFound("generalized anxiety disorder", "generalized anxiety disorder", "HEALTH");
    expectFound("hearing aid batteries", "hearing aid batteries", "HEALTH");
    expectFound("wound on her left heel", "wound on her left heel", "HEALTH");
    expectFound("heparin gtt at 12 units/kg", "heparin gtt at 12 units/kg", "HEALTH");
    expectFound("knee replacement surgery", "knee replacement surgery", "HEALTH");
  });

  it("reads injuries of a body part, slang and result acronyms", () => {
    expectFound("broken right ankle", "broken right ankle", "HEALTH");
    expectFound("she twisted her knee", "twisted her knee", "HEALTH");
    expectFound("pulled a muscle in my back", "pulled a muscle", "HEALTH");
    expectPhi("the printer is broken again", false);
    expectFound("dope sick since yesterday", "dope sick", "HEALTH");
    expectFound("my ticker is acting up", "ticker", "HEALTH");
    expectFound("ASCUS on the pap", "ASCUS", "HEALTH");
    expectFound("BI-RADS 4, biopsy next", "BI-RADS 4", "HEALTH");
    expectFound("POD 1 from lap chole", "POD 1", "HEALTH");
  });

  it("takes the house number before a Spanish street word, and schools as facilities", () => {
    expectFound("vivo en 1939 Calle Zaragoza, apto 8", "1939 Calle Zaragoza", "LOCATION");
    expectFound("her address: 55 Calle Sol, San Juan PR 00901", "55 Calle Sol", "LOCATION");
    expectFound("Her kid goes to Lincoln Elementary", "Lincoln Elementary", "LOCATION");
    expectFound("Urb. Villa Carolina, Calle 3", "Villa Carolina", "LOCATION");
    expectFound("he lives in Humboldt Park", "Humboldt Park", "LOCATION");
    expectPhi("we meet in Conference Room B", false);
    expectPhi("after school pickup is at 3", false);
  });

  it("reads ages in brackets, after Happy, and in lists of ages", () => {
    expectFound("Mr. Diaz (93) is here", "93", "AGE90");
    expectFound("Happy 99th!", "99th", "AGE90");
    expectFound("Ages 92, 95 and 97", "97", "AGE90");
    expectPhi("rooms 92 and 95 are open", false);
    expectPhi("Room (101) is closed", false);
  });

  it("reads how someone's body part feels, and plain-word tests and care terms", () => {
    expectFound("my throat is scratchy", "throat is scratchy", "HEALTH");
    expectFound("my chest feels tight when i walk", "chest feels tight", "HEALTH");
    expectFound("his face is swollen", "face is swollen", "HEALTH");
    expectPhi("the chest is heavy to lift", false);
    expectPhi("the schedule is tight", false);
    expectFound("she can't keep anything down", "keep anything down", "HEALTH");
    expectFound("ct of the head was clear", "ct of the head", "HEALTH");
    expectFound("pt is on tele", "on tele", "HEALTH");
    expectFound("strict I&O", "I&O", "HEALTH");
  });

  it("knows nurses' shorthand for drugs, vitals and status", () => {
    expectFound("vanco level at 5", "vanco", "HEALTH");
    expectFound("duoneb q4h", "duoneb q4h", "HEALTH");
    expectFound("she is febrile to 102", "febrile", "HEALTH");
    expectFound("desatting to 85%", "desatting", "HEALTH");
    expectFound("NKDA", "NKDA", "HEALTH");
    expectFound("pt is AOx3", "AOx3", "HEALTH");
    expectFound("GCS 14", "GCS 14", "HEALTH");
    expectFound("fall precautions", "fall precautions", "HEALTH");
    expectFound("morphine 2 mg IVP", "morphine 2 mg IVP", "HEALTH");
  });
});
