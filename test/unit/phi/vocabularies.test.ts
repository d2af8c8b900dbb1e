import { describe, expect, it } from "vitest";
import { GENERATED_CITIES } from "../../../core/phi/vocab/generated/cities.ts";
import { PEOPLE_NAMES } from "../../../core/phi/vocab/generated/peopleNames.ts";
import { isCommonWord, isGeneratedName, placesStartingWith } from "../../../core/phi/vocabulary.ts";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

describe("vocabularies generated from packages (scripts/phi/generate-vocab.ts)", () => {
  it("ship tens of thousands of names and thousands of places, without ordinary words", () => {
    const names = PEOPLE_NAMES.trim().split(/\s+/);
    const cities = GENERATED_CITIES.trim().split(/\|\s*/);
    expect(names.length).toBeGreaterThan(20_000);
    expect(cities.length).toBeGreaterThan(2_000);
    for (const word of ["appointment", "pharmacy", "tomorrow", "mañana", "cita", "refill", "okay", "thanks"]) {
      expect(names, word).not.toContain(word);
      expect(cities, word).not.toContain(word);
    }
    expect(names.filter((n) => isCommonWord(n))).toEqual([]);
  });

  it("find a surname from the generated list in a name position, in any case", () => {
    expect(isGeneratedName("abernathy")).toBe(true);
    expectFound("Spoke with Abernathy about the refill", "Abernathy", "NAME");
    expectFound("spoke with dr abernathy about the refill", "abernathy", "NAME");
    expectFound("PLEASE CALL MR ABBRUZZESE TODAY", "ABBRUZZESE", "NAME");
    expectFound("nurse abernathy is on tonight", "abernathy", "NAME");
    expectPhi("nurse triage line is open", false);
  });

  it("do not take an ordinary word that is also a generated name for a name without a name position", () => {
    expectPhi("la farmacia cierra a las 6", false);
    expectNotFound("we're near the Target on Cermak", "Target");
    expectFound("we're near the Target on Cermak", "Cermak", "LOCATION");
  });

  it("find generated places, also without capitals when the name is not an ordinary word", () => {
    expect(placesStartingWith("paducah")).toBeDefined();
    expectFound("we moved to Paducah last year", "Paducah", "LOCATION");
    expectFound("she drove up from alamogordo", "alamogordo", "LOCATION");
    expectFound("visiting family in Acapulco de Juarez", "Acapulco de Juarez", "LOCATION");
  });
});
