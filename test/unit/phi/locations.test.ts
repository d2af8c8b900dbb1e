import { describe, it } from "vitest";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

describe("locations", () => {
  it("finds street addresses with their unit", () => {
    expectFound("I moved to 4417 N Kedzie Ave Apt 2R last month.", "4417 N Kedzie Ave", "LOCATION");
    expectFound("I moved to 4417 N Kedzie Ave Apt 2R last month.", "Apt 2R", "LOCATION");
    expectFound("send it to 12 Birchwood Lane please", "12 Birchwood Lane", "LOCATION");
    expectFound("vivo en calle Morelos 215, interior 3", "calle Morelos 215", "LOCATION");
    expectFound("Mail it to PO Box 7781.", "PO Box 7781", "LOCATION");
  });

  it("finds streets named alone and roads", () => {
    expectFound("I'm parked on Addison Street.", "Addison Street", "LOCATION");
    expectFound("the urgent care on Highway 41", "Highway 41", "LOCATION");
    expectFound("we're near the Target on Cermak", "Cermak", "LOCATION");
    expectFound("I live in Cicero now", "Cicero", "LOCATION");
  });

  it("finds cities and ZIP codes", () => {
    expectFound("We just moved from Milwaukee.", "Milwaukee", "LOCATION");
    expectFound("Mi mamá vive en Guadalajara.", "Guadalajara", "LOCATION");
    expectFound("Aurora, IL 60505", "60505", "LOCATION");
    expectFound("zip code 60640", "60640", "LOCATION");
  });

  it("finds named facilities and practices", () => {
    expectFound("Your MRI is at Northshore Imaging Center.", "Northshore Imaging Center", "LOCATION");
    expectFound("He was taken to St. Bernard's last night.", "St. Bernard's", "LOCATION");
    expectFound("Thanks for choosing Maplewood Pediatrics!", "Maplewood Pediatrics", "LOCATION");
    expectFound("la llevaron al Hospital General de Zona 8", "Hospital General de Zona", "LOCATION");
    expectFound("Lurie Children's called about the visit", "Lurie Children's", "LOCATION");
  });

  it("ends a facility before a weekday and reads a city before Day as a holiday", () => {
    expectFound("See you at Mercy Hospital Monday", "Mercy Hospital", "LOCATION");
    expectNotFound("See you at Mercy Hospital Monday", "Monday");
    expectPhi("Walk-in clinic Monday 8-5, no appointment needed", false);
    // a service's timetable is logistics (issue 11), and Columbus Day is not the city
    expectPhi("Vaccine clinic hours change on Columbus Day.", false);
    expectNotFound("Vaccine clinic hours change on Columbus Day.", "Columbus");
    expectFound("She moved to Columbus last year", "Columbus", "LOCATION");
  });

  it("does not flag rooms, floors, states or generic places", () => {
    expectPhi("Please go to room 4 and wait.", false);
    expectPhi("Take the elevator to the 3rd floor.", false);
    expectPhi("We accept patients from Texas and Oklahoma.", false);
    expectNotFound("The pharmacy is next to the lobby.", "pharmacy");
    expectPhi("Our clinic is closed on Memorial Day.", false);
  });
});
