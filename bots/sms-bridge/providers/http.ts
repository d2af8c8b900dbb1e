import { ProviderError } from "./errors.ts";

/** Default time allowed for one provider request. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Provider answers are small; a larger one is not what we asked for. */
const MAX_RESPONSE_BYTES = 1_000_000;

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Errors from before a request reached the server: nothing can have been sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * One HTTP request to a provider through `fetchImpl` with a timeout. Network failures and
 * timeouts become retryable ProviderErrors; any HTTP answer is returned for the caller to read.
 */
export async function providerRequest(
  provider: string,
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ProviderResponse> {
  let res: Response;
  try {
    res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      throw new ProviderError({ provider, kind: "timeout", retryable: true, maybeSent: true });
    }
    const code = causeCode(err);
    throw new ProviderError({
      provider,
      kind: "network",
      retryable: true,
      maybeSent: code === undefined || !NOT_SENT_CODES.has(code),
      ...(code !== undefined ? { providerCode: code } : {}),
    });
  }
  let text: string;
  try {
    const buf = await res.arrayBuffer();
    text = new TextDecoder().decode(buf.byteLength > MAX_RESPONSE_BYTES ? buf.slice(0, MAX_RESPONSE_BYTES) : buf);
  } catch {
    // The answer was cut off: the request may have been processed.
    throw new ProviderError({ provider, kind: "network", retryable: true, maybeSent: true, httpStatus: res.status });
  }
  return { status: res.status, headers: res.headers, text };
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
