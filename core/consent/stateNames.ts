/** The names of consent states and events (the machine itself is in states.ts). */
export const CONSENT_STATES = ["unknown", "warned", "accepted", "declined", "opted_out"] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const CONSENT_EVENT_TYPES = [
  "warning_sent",
  "reminder_sent",
  "accepted",
  "declined",
  "opted_out",
  "opted_in",
  "revoked",
  "requested",
] as const;
export type ConsentEventType = (typeof CONSENT_EVENT_TYPES)[number];
