import { describe, it } from "vitest";
import { expectFound, expectPhi } from "./helpers.ts";

describe("ages of 90 and over", () => {
  it("finds ages written with digits and age words", () => {
    expectFound("91 yo female, here for paperwork", "91", "AGE90");
    expectFound("a 93-year-old neighbor", "93", "AGE90");
    expectFound("patient aged 102", "102", "AGE90");
    expectFound("Pt is 95y, lives alone", "95y", "AGE90");
  });

  it("finds ages after a person and 'is'", () => {
    expectFound("My grandfather is 97 and lives with us.", "97", "AGE90");
    expectFound("She's 94, can she get a ride?", "94", "AGE90");
  });

  it("finds spelled-out ages in English and Spanish", () => {
    expectFound("my aunt turned ninety-nine last week", "ninety-nine", "AGE90");
    expectFound("Mi abuela tiene noventa y un años.", "noventa y un", "AGE90");
    expectFound("Don Pedro tiene 96 años.", "96", "AGE90");
  });

  it("finds an age given as a decade of 90 or more", () => {
    expectFound("she is in her late 90s", "90s", "AGE90");
  });

  it("finds words that say 90 or more by themselves, and an age after 'she'll be'", () => {
    expectFound("Her mother is a nonagenarian, lives alone", "nonagenarian", "AGE90");
    expectFound("our centenarian in room 4 needs a ride", "centenarian", "AGE90");
    expectFound("Es nonagenaria y vive sola", "nonagenaria", "AGE90");
    expectFound("he'll be 93 on Sunday", "93", "AGE90");
    expectFound("bed 3 - Mr Lee 92 M - fall overnight", "92 M", "AGE90");
    expectFound("Age/Sex: 93/F", "93/F", "AGE90");
    expectFound("at 97 she still drives to church", "97", "AGE90");
    expectFound("mi papá de 93 se cayó", "93", "AGE90");
    expectFound("la abuelita de noventa y cuatro", "noventa y cuatro", "AGE90");
    expectPhi("Room 92 M wing is closed for cleaning", false);
    // A hundred years of a thing is no age.
    expectPhi("Es una tradición centenaria del pueblo.", false);
  });

  it("ignores younger ages and numbers of 90 that are not ages", () => {
    expectPhi("My son is 12 and needs a sports form.", false);
    expectPhi("We saw 95 people today.", false);
    expectPhi("The wait is about 90 minutes.", false);
  });
});
