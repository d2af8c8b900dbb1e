import { createHash, createHmac } from "node:crypto";

/**
 * AWS Signature Version 4 for request headers (docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_sigv-create-signed-request.html), written with node:crypto so the bridge needs no
 * AWS SDK. Checked against AWS's published test vectors in the unit tests.
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working. */
  expiration?: Date;
}

export interface SignableRequest {
  method: string;
  url: string;
  /** Headers to send and sign; `host` is added from the URL when absent. */
  headers: Record<string, string>;
  body: string;
}

export interface SigningScope {
  service: string;
  region: string;
  credentials: AwsCredentials;
  now: Date;
}

export interface SignedParts {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
  /** The headers to send: the given ones plus host, x-amz-date, x-amz-security-token, authorization. */
  headers: Record<string, string>;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Uint8Array, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** "20150830T123600Z" */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical path: each segment of the path as sent (already percent-encoded once by the
 * URL) encoded again, as every service but S3 expects.
 */
export function canonicalPath(pathname: string): string {
  if (pathname === "" || pathname === "/") return "/";
  return pathname
    .split("/")
    .map((segment) => uriEncode(segment))
    .join("/");
}

/** Query parameters encoded and sorted by name, then value. */
export function canonicalQuery(search: string): string {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (raw === "") return "";
  const pairs = raw
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      const key = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
      const value = eq < 0 ? "" : decodeURIComponent(p.slice(eq + 1));
      return [uriEncode(key), uriEncode(value)] as const;
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** The signing key: HMAC chain of date, region, service and "aws4_request". */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

/** Sign a request; returns the headers to send and the intermediate strings (for tests). */
export function signRequest(request: SignableRequest, scope: SigningScope): SignedParts {
  const url = new URL(request.url);
  const stamp = amzDate(scope.now);
  const date = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers.host ??= url.host;
  headers["x-amz-date"] = stamp;
  if (scope.credentials.sessionToken !== undefined) headers["x-amz-security-token"] = scope.credentials.sessionToken;
  delete headers.authorization;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url.search),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join("\n");
  const credentialScope = `${date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, stamp, credentialScope, sha256Hex(canonicalRequest)].join("\n");
  const signature = createHmac("sha256", signingKey(scope.credentials.secretAccessKey, date, scope.region, scope.service))
    .update(stringToSign, "utf8")
    .digest("hex");
  headers.authorization = `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, signedHeaders, headers };
}
