/**
 * The PHI detector: a pure function shared by the SMS bridge (outbound gate), the compliance
 * bot (explanations) and the CLI (`wardroom phi scan`). See docs/phi.md.
 */
export { detectPhi, MAX_SCAN_LENGTH, preparePhiDetector } from "./detect.ts";
export { PHI_CATEGORIES, type PhiCategory, type PhiResult, type PhiSpan } from "./types.ts";
export { PHI_PATTERNS } from "./patterns.ts";
