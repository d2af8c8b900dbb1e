/** The categories of the `wardroom phi scan` contract (DESIGN.md). */
export const PHI_CATEGORIES = ["NAME", "DATE", "AGE90", "CONTACT", "ID", "LOCATION", "HEALTH"] as const;
export type PhiCategory = (typeof PHI_CATEGORIES)[number];

export interface PhiSpan {
  /** UTF-16 offset of the first unit of the span. */
  readonly start: number;
  /** UTF-16 offset just past the span (end exclusive). */
  readonly end: number;
  readonly category: PhiCategory;
  /** A finer label ("medication", "phone", "unscanned"), for explanations; not part of the contract. */
  readonly subcategory?: string;
}

export interface PhiResult {
  readonly containsPhi: boolean;
  /** Sorted by start, non-overlapping. */
  readonly spans: readonly PhiSpan[];
}
