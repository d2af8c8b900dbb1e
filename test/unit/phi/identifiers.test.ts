import { describe, it } from "vitest";
import { expectFound, expectNotFound, expectPhi } from "./helpers.ts";

describe("identifiers", () => {
  it("finds SSNs, MRNs, member, claim and Rx numbers", () => {
    expectFound("SSN 219-09-9999 on the form", "219-09-9999", "ID");
    expectFound("MRN: 00738112", "00738112", "ID");
    expectFound("Member ID W123456789 for Aetna", "W123456789", "ID");
    expectFound("claim #88-4410 was denied", "88-4410", "ID");
    expectFound("Rx 7721 is ready", "7721", "ID");
    expectFound("número de expediente 55123", "55123", "ID");
  });

  it("covers masked digits that are part of the identifier", () => {
    expectFound("SSN on file: ***-**-6621", "***-**-6621", "ID");
    expectFound("card ending in 4410", "4410", "ID");
  });

  it("finds plates, VINs, serials and codes", () => {
    expectFound("plate 8KDL203", "8KDL203", "ID");
    expectFound("VIN 1FTFW1ET5DFC10312", "1FTFW1ET5DFC10312", "ID");
    expectFound("pump serial SN-4471-KX", "4471-KX", "ID");
    expectFound("confirmation code HJQ7-29P", "HJQ7-29P", "ID");
  });

  it("joins digits split by spaces, dots and emoji", () => {
    expectFound("my ssn is 219 09 9999", "219 09 9999", "ID");
    expectFound("member 4️⃣4️⃣1️⃣0️⃣2️⃣3️⃣", "4️⃣4️⃣1️⃣0️⃣2️⃣3️⃣", "ID");
  });

  it("leaves rooms, floors, counts, years, money and 911 alone", () => {
    expectPhi("Please wait in room 4.", false);
    expectPhi("We're on the 3rd floor, suite access by elevator.", false);
    expectPhi("We had 1,250 visitors in 2024.", false);
    expectPhi("Parking is $3 per hour.", false);
    expectNotFound("Walk 10,000 steps a day, says the poster.", "10,000");
  });
});
