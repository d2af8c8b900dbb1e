/**
 * Why a send failed, in the terms the outbox decides on: may it retry (`retryable`), and may
 * the provider have sent the text anyway (`maybeSent`: a timeout after the request went out, a
 * 500 that may have been processed). Messages carry HTTP statuses and provider codes only,
 * never the provider's error text (it often repeats the phone number).
 */
export type ProviderErrorKind = "network" | "timeout" | "rate_limited" | "server" | "auth" | "rejected" | "protocol";

export interface ProviderErrorInit {
  provider: string;
  kind: ProviderErrorKind;
  retryable: boolean;
  maybeSent: boolean;
  httpStatus?: number;
  providerCode?: string;
  /** From Retry-After, when the provider said how long to wait. */
  retryAfterMs?: number;
}

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly maybeSent: boolean;
  readonly httpStatus: number | undefined;
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit) {
    const parts: string[] = [init.kind];
    if (init.httpStatus !== undefined) parts.push(`HTTP ${init.httpStatus}`);
    if (init.providerCode !== undefined) parts.push(`code ${init.providerCode}`);
    super(`${init.provider} send failed: ${parts.join(", ")}`);
    this.name = "ProviderError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.maybeSent = init.maybeSent;
    this.httpStatus = init.httpStatus;
    this.providerCode = init.providerCode;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The default reading of an HTTP failure: 429 and 5xx are worth retrying, other 4xx are not.
 * A 429 or 503 was refused before processing; other 5xx may have been processed.
 */
export function errorFromStatus(
  provider: string,
  status: number,
  extra: { providerCode?: string; retryAfterMs?: number } = {},
): ProviderError {
  const base = { provider, httpStatus: status, ...extra };
  if (status === 429) return new ProviderError({ ...base, kind: "rate_limited", retryable: true, maybeSent: false });
  if (status === 503) return new ProviderError({ ...base, kind: "server", retryable: true, maybeSent: false });
  if (status >= 500) return new ProviderError({ ...base, kind: "server", retryable: true, maybeSent: true });
  if (status === 408) return new ProviderError({ ...base, kind: "timeout", retryable: true, maybeSent: true });
  if (status === 401 || status === 403) return new ProviderError({ ...base, kind: "auth", retryable: false, maybeSent: false });
  return new ProviderError({ ...base, kind: "rejected", retryable: false, maybeSent: false });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
