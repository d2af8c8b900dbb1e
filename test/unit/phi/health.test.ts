import { describe, it } from "vitest";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

describe("health content", () => {
  it("finds conditions, symptoms, medications and doses", () => {
    expectFound("My asthma is acting up again.", "asthma", "HEALTH");
    expectFound("I've had a migraine since Monday.", "migraine", "HEALTH");
    expectFound("Take gabapentin 300 mg at night.", "gabapentin 300 mg", "HEALTH");
    expectFound("Can you refill my Jardiance?", "Jardiance", "HEALTH");
    expectFound("he has been throwing up all day", "throwing up", "HEALTH");
  });

  it("finds tests with their values, and vital signs", () => {
    expectFound("Your LDL was 172.", "LDL was 172", "HEALTH");
    expectFound("TSH 8.9, repeat in 6 weeks", "TSH 8.9", "HEALTH");
    expectFound("bp 152/98 this morning", "bp 152/98", "HEALTH");
    expectFound("my sugar was 312 after dinner", "sugar was 312", "HEALTH");
    expectFound("temp 102.3 and chills", "temp 102.3", "HEALTH");
    expectFound("la presión me dio 160 con 95", "160 con 95", "HEALTH");
  });

  it("finds procedures, imaging, devices, pregnancy, mental health and substance use", () => {
    expectFound("The colonoscopy prep starts the day before.", "colonoscopy", "HEALTH");
    expectFound("He needs a new CPAP mask.", "CPAP", "HEALTH");
    expectFound("I'm 12 weeks pregnant.", "12 weeks pregnant", "HEALTH");
    expectFound("I've been having panic attacks at work.", "panic attacks", "HEALTH");
    expectFound("He relapsed last weekend.", "relapsed", "HEALTH");
    expectFound("Her oncology follow-up is on Friday.", "oncology", "HEALTH");
  });

  it("finds clinical abbreviations", () => {
    for (const [text, part] of [
      ["pt w/ hx of DM2, HTN", "DM2"],
      ["pt w/ hx of DM2, HTN", "HTN"],
      ["CHF exacerbation, admitted", "CHF"],
      ["s/p appendectomy 2019", "s/p"],
      ["A1c 7.4 today", "A1c 7.4"],
      ["INR 3.1, hold warfarin", "INR 3.1"],
      ["c/o SOB x2 days", "SOB"],
    ] as const) expectFound(text, part, "HEALTH");
  });

  it("finds misspelled drugs and conditions", () => {
    expectFound("i need more metphormin", "metphormin", "HEALTH");
    expectFound("out of my atorvastatn", "atorvastatn", "HEALTH");
    expectFound("my daughter has numonia", "numonia", "HEALTH");
    expectFound("his diabetis is worse", "diabetis", "HEALTH");
    expectFound("she has hypertention", "hypertention", "HEALTH");
    expectFound("the amoxicilin gave me a rash", "amoxicilin", "HEALTH");
  });

  it("reads staff shorthand", () => {
    expectFound("O2 88% on RA, placing on 2L", "O2 88%", "HEALTH");
    expectFound("flu swab neg", "flu swab neg", "HEALTH");
    expectFound("gave Tdap today, L deltoid", "Tdap", "HEALTH");
    expectFound("wt 212 lbs, up 8", "wt 212 lbs", "HEALTH");
    expectPhi("pt in 4 needs a work note only", false);
    expectPhi("the 11:00 no-showed again", false);
  });

  it("tolerates a misspelled word inside a phrase", () => {
    expectFound("my blood suger was high this morning", "blood suger", "HEALTH");
    expectFound("out of birth controll pills", "birth controll", "HEALTH");
  });

  it("reads disguised words: spaced letters and digits for letters", () => {
    expectFound("results for h i v came back", "h i v", "HEALTH");
    expectFound("my d1abetes meds", "d1abetes", "HEALTH");
  });

  it("finds health content in ALL CAPS and all lowercase", () => {
    expectFound("MY HUSBAND HAS PNEUMONIA", "PNEUMONIA", "HEALTH");
    expectFound("my husband has pneumonia", "pneumonia", "HEALTH");
  });

  it("finds Spanish and mixed Spanish-English health content", () => {
    expectFound("Mi esposo tiene la presión alta.", "presión alta", "HEALTH");
    expectFound("Tengo mucha tos y fiebre.", "tos", "HEALTH");
    expectFound("Tengo mucha tos y fiebre.", "fiebre", "HEALTH");
    expectFound("la insulina no me está bajando el azúcar", "insulina", "HEALTH");
    expectFound("my mom tiene dolor de pecho since yesterday", "dolor de pecho", "HEALTH");
    expectFound("me dieron de alta del hospital ayer", "dieron de alta", "HEALTH");
    expectFound("mi hijo has a rash en la cara", "rash", "HEALTH");
  });

  it("finds health content about someone else (third-party PHI)", () => {
    expectFound("Your husband's MRI is scheduled.", "MRI", "HEALTH");
    expectFound("su hijo necesita la vacuna", "vacuna", "HEALTH");
  });

  it("finds qualitative results of a named test", () => {
    expectFound("Your strep test came back negative.", "negative", "HEALTH");
    expectNotFound("Thanks for the positive feedback!", "positive");
  });

  it("grows a term over its anatomical modifiers, and knows everyday symptom words", () => {
    expectFound("CXR shows right lower lobe pneumonia", "right lower lobe pneumonia", "HEALTH");
    expectFound("scheduled for a lymph node biopsy", "lymph node biopsy", "HEALTH");
    expectFound("She is lethargic and drowsy today", "lethargic", "HEALTH");
    expectFound("new onset confusion since last night", "onset confusion", "HEALTH");
    expectFound("episode of syncope at church", "syncope", "HEALTH");
    expectFound("He has a bad back and a bum knee", "bad back", "HEALTH");
    expectFound("sugars have been high all week", "sugars have been high", "HEALTH");
    expectFound("getting the staples out Friday", "staples out", "HEALTH");
    expectPhi("Please staple the forms together.", false);
    expectPhi("The node server is down again.", false);
    expectPhi("Take the left lane at the gate.", false);
  });

  it("does not flag clinic look-alikes in their everyday sense", () => {
    expectPhi("DM me when you get in.", false);
    expectPhi("HR wants the timesheets by noon.", false);
    expectPhi("Who can take OT on Saturday?", false);
    expectPhi("Bring the BP cuff back to room 3.", false);
    expectPhi("Your prescription is ready for pickup.", false);
    expectPhi("Sorry for the confusion about the schedule.", false);
  });
});
