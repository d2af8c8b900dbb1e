/** How the console shows times: UTC, to the minute, the same on every page. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "never";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const USER_ID = /^@[a-z0-9._=\-/+]+:[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

/** A Matrix user id from a URL or form, or undefined. */
export function parseUserId(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= 255 && USER_ID.test(value) ? value : undefined;
}

export const userPath = (userId: string) => `/users/${encodeURIComponent(userId)}`;
