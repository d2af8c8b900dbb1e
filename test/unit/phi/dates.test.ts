import { describe, expect, it } from "vitest";
import { detectPhi } from "../../../core/phi/index.ts";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

describe("dates", () => {
  it("finds numeric dates in the usual orders and separators", () => {
    expectFound("Your visit is on 4/18.", "4/18", "DATE");
    expectFound("DOB 11/02/1949, please confirm.", "11/02/1949", "DATE");
    expectFound("Fecha de nacimiento: 23-08-1975", "23-08-1975", "DATE");
    expectFound("Scheduled for 2025-02-03 at noon", "2025-02-03", "DATE");
    expectFound("born 7.4.88 in the old hospital", "7.4.88", "DATE");
  });

  it("covers the whole date when part of it is masked", () => {
    expectFound("DOB 3/4/XXXX on file", "3/4/XXXX", "DATE");
    expectFound("dob **/**/1961", "**/**/1961", "DATE");
    const text = "confirm DOB 06/11/19**";
    const span = detectPhi(text).spans.find((s) => s.category === "DATE");
    expect(span && text.slice(span.start, span.end)).toBe("06/11/19**");
  });

  it("reads digits written as keycap emoji", () => {
    expectFound("DOB 1️⃣2️⃣/0️⃣3️⃣/7️⃣0️⃣", "1️⃣2️⃣/0️⃣3️⃣/7️⃣0️⃣", "DATE");
  });

  it("finds month-name dates in English and Spanish", () => {
    expectFound("See you on Sept. 9th, 2025 at 10.", "Sept. 9th, 2025", "DATE");
    expectFound("the 21st of October works", "21st of October", "DATE");
    expectFound("Su cita es el 3 de junio.", "3 de junio", "DATE");
    expectFound("nació el 9 de enero de 1950", "9 de enero de 1950", "DATE");
    expectFound("Last seen in November 2024.", "November 2024", "DATE");
  });

  it("finds spelled-out dates", () => {
    expectFound("born june fifth nineteen sixty two", "june fifth nineteen sixty two", "DATE");
    expectFound("Su cita es el quince de mayo.", "quince de mayo", "DATE");
    expectFound("We moved you to the thirty-first.", "thirty-first", "DATE");
  });

  it("finds a bare day: the 14th, el 14", () => {
    expectFound("Can you come on the 14th?", "14th", "DATE");
    expectFound("Nos vemos el 22, gracias.", "22", "DATE");
  });

  it("ignores times, weekdays, years, relative days and a month alone", () => {
    expectPhi("We close at 5:30 today.", false);
    expectPhi("Open 8:00-4:30 Monday through Friday.", false);
    expectPhi("See you next Tuesday!", false);
    expectPhi("Happy 2025 from the front desk.", false);
    expectPhi("Flu shots start in October.", true); // "flu shots" is health content
    expectNotFound("Flu shots start in October.", "October");
    expectPhi("We are open 24/7 for questions.", false);
  });

  it("does not read a score out of ten, a staffing ratio or a list of rooms as a date", () => {
    expectPhi("Scored 9/10 on the quiz, nice work", false);
    expectPhi("We are at 8/10 staffing today", false);
    expectPhi("Rooms 4/5 need cleaning before noon", false);
    expectFound("Seen in clinic 8/10, doing well", "8/10", "DATE");
  });

  it("does not read ranges, fractions, floors or scores as dates", () => {
    expectPhi("It takes 2-3 days to process.", false);
    expectPhi("We're about 1/2 hour behind schedule.", false);
    expectPhi("Check in on the 2nd floor.", false);
    expectPhi("Please rate us 9/10 if you liked the visit!", true); // ambiguous "9/10" fails closed as a date
  });
});
