import { describe, expect, it } from "vitest";
import { detectPhi } from "../../../core/phi/index.ts";
import { shown } from "./helpers.ts";

/** Logistics a practice sends every day: none of it is PHI. */
const LOGISTICS = [
  "Running 10 min late, sorry!",
  "Reply C to confirm or R to reschedule.",
  "We close at 5:30 on Fridays.",
  "Your copay is $20.",
  "Please wait in room 4, the nurse will be right in.",
  "If this is an emergency, call 911.",
  "Our office is closed Monday for the holiday.",
  "Parking is free in the garage on level 2.",
  "Bring your insurance card and a photo ID.",
  "Can I move my appointment to Thursday afternoon?",
  "Thanks! See you tomorrow.",
  "The portal is down for maintenance until 6 am.",
  "Estamos cerrados el lunes por el feriado.",
  "Su cita de mañana está confirmada. Responda C para confirmar.",
  "Llego 15 minutos tarde, perdón.",
  "Press 2 for billing, 3 for the front desk.",
  "We accept cash, cards and checks.",
  "Do you have any openings next week?",
  "OK, thank you so much!",
  "Door code is the same as last week.",
  "Next available is at 2:45, want it?",
  "The lab opens at 7 for walk-ins.",
  "New patients: please arrive 15 minutes early.",
  "Ok perfecto, nos vemos el jueves a las 10.",
  "The elevator is out, please use the stairs by the lobby.",
  "Can you send me the form again? I lost it.",
  "Happy holidays from all of us at the front desk!",
  "Is there a discount if I pay today? 10% maybe?",
  "Sorry, wrong number.",
  "We saw 300 patients this month, thank you team!",
];

describe("logistics without health content", () => {
  it("does not read JavaScript object keys as vocabulary (constructor, __proto__)", () => {
    for (const text of ["the constructor 5 works", "toString 14th", "__proto__ 3 valueOf 12", "hasOwnProperty of 2"]) {
      expect(detectPhi(text).containsPhi, shown(text)).toBe(false);
    }
  });

  it.each(LOGISTICS)("%s", (text) => {
    expect(detectPhi(text).containsPhi, shown(text)).toBe(false);
  });
});
