import { describe, expect, it } from "vitest";
import { mergeSpans } from "../../../core/phi/spans.ts";

describe("mergeSpans", () => {
  it("sorts spans and merges overlapping ones", () => {
    const merged = mergeSpans([
      { start: 10, end: 14, category: "DATE" },
      { start: 0, end: 5, category: "NAME" },
      { start: 3, end: 8, category: "HEALTH" },
    ]);
    expect(merged).toEqual([
      { start: 0, end: 8, category: "NAME" },
      { start: 10, end: 14, category: "DATE" },
    ]);
  });

  it("names a merged span after its longest part, then by priority", () => {
    expect(mergeSpans([{ start: 0, end: 20, category: "LOCATION" }, { start: 4, end: 9, category: "NAME" }])[0]?.category).toBe("LOCATION");
    expect(mergeSpans([{ start: 0, end: 4, category: "HEALTH" }, { start: 0, end: 4, category: "ID" }])[0]?.category).toBe("ID");
  });

  it("keeps touching spans apart and drops empty ones", () => {
    expect(mergeSpans([{ start: 0, end: 3, category: "NAME" }, { start: 3, end: 6, category: "NAME" }, { start: 7, end: 7, category: "ID" }])).toHaveLength(2);
  });
});
