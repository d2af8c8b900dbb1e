import { generateSecret, verify } from "otplib";

const PERIOD_S = 30;

/** A new TOTP secret (base32, 160 bits) for the break-glass administrator. */
export function newTotpSecret(): string {
  return generateSecret();
}

/**
 * Checks TOTP codes (RFC 6238: 30 s steps, 6 digits, one step of clock drift either way) and
 * refuses a code whose time step was already used, so a code seen over a shoulder or in a
 * proxy log cannot be replayed within its minute.
 */
export class TotpChecker {
  #lastStep = new Map<string, number>();

  constructor(private readonly clock: () => Date) {}

  async check(userId: string, secret: string, code: string): Promise<boolean> {
    if (!/^[0-9]{6}$/.test(code)) return false;
    const nowS = Math.floor(this.clock().getTime() / 1000);
    let result;
    try {
      result = await verify({ secret, token: code, epoch: nowS, epochTolerance: PERIOD_S });
    } catch {
      return false;
    }
    if (!result.valid) return false;
    const step = Math.floor(nowS / PERIOD_S) + result.delta;
    if (step <= (this.#lastStep.get(userId) ?? -1)) return false;
    this.#lastStep.set(userId, step);
    return true;
  }
}
