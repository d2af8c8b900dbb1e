/**
 * Removes what could identify a patient from text bound for logs: SMS puppet ids of portals
 * made before ids were opaque embed the phone number (`@sms_15551234567:server`, also
 * URL-encoded), and long digit runs may be one.
 */
export function scrubIdentifiers(text: string): string {
  return text
    .replace(/(@|%40)sms_[0-9a-f]+((:|%3A)[^\s/?&"']*)?/gi, "$1sms_…")
    .replace(/\+?[0-9][0-9 ().-]{8,}[0-9]/g, "…");
}
