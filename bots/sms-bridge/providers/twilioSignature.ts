import { createHmac } from "node:crypto";

/**
 * Twilio's request signature (X-Twilio-Signature), per twilio.com/docs/usage/webhooks/
 * webhooks-security: take the full URL Twilio called (with its query string), append each
 * POST parameter, sorted by name, as name followed by value with no separators, HMAC-SHA1
 * the result with the account's Auth Token, and base64 it.
 */
export function twilioSignature(authToken: string, url: string, params: ReadonlyArray<readonly [string, string]>): string {
  const sorted = [...params].sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  let data = url;
  for (const [key, value] of sorted) data += key + value;
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/**
 * The URL forms Twilio may have signed. Twilio's own validators accept the URL with and
 * without the scheme's default port, because a proxy in front of the app may add or drop it.
 */
export function signedUrlVariants(url: string): string[] {
  const variants = [url];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return variants;
  }
  const defaultPort = u.protocol === "https:" ? "443" : u.protocol === "http:" ? "80" : undefined;
  if (defaultPort !== undefined) {
    const rest = `${u.pathname}${u.search}`;
    const bare = `${u.protocol}//${u.hostname}`;
    if (u.port === "") variants.push(`${bare}${rest}`, `${bare}:${defaultPort}${rest}`);
    else variants.push(`${bare}:${u.port}${rest}`);
    if (url.includes(`:${defaultPort}/`) || url.endsWith(`:${defaultPort}`)) variants.push(`${bare}${rest}`);
  }
  return [...new Set(variants)];
}
