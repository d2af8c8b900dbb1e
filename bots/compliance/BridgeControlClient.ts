/**
 * The SMS bridge's control API, as the compliance bot calls it: the bridge is the one process
 * that creates portal rooms and sends texts.
 */
export interface OpenResult {
  roomId: string;
  created: boolean;
  consent: string;
}

export class BridgeControlError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export class BridgeControlClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async openSms(args: { phone: string; language?: string; requestedBy: string }): Promise<OpenResult> {
    const res = await fetch(`${this.baseUrl.replace(/\/$/, "")}/_wardroom/v1/sms/open`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new BridgeControlError(res.status, String(body.reason ?? "error"), String(body.error ?? `HTTP ${res.status}`));
    return body as unknown as OpenResult;
  }
}
