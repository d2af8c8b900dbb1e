import type { AuditLedger } from "../core/audit/index.ts";
import { SqlBreakGlassStore, defaultBreakGlassUrl } from "../runtime/breakglass/SqlBreakGlassStore.ts";
import { defaultConsentUrl, openConsentStore } from "../runtime/consent/index.ts";
import { checkPolicyFile } from "../runtime/policy.ts";
import { SqlTokenStore, defaultTokensUrl } from "../runtime/tokens/index.ts";
import type { ConsoleRecords } from "./records.ts";

/**
 * Opens the stores behind the review pages and the API, at their usual URLs
 * ($WARDROOM_CONSENT_URL, $WARDROOM_BREAKGLASS_URL, $WARDROOM_TOKENS_URL, else files in the
 * state directory). The consent ledger is opened read-only: the console never records consent.
 */
export async function openConsoleRecords(args: { ledger: AuditLedger; policyFile: string; consentUrl?: string; breakGlassUrl?: string; tokensUrl?: string }): Promise<ConsoleRecords & { close(): Promise<void> }> {
  const consents = await openConsentStore({ url: args.consentUrl ?? defaultConsentUrl() });
  const breakGlass = await SqlBreakGlassStore.open(args.breakGlassUrl ?? defaultBreakGlassUrl());
  const tokens = await SqlTokenStore.open(args.tokensUrl ?? defaultTokensUrl());
  return {
    ledger: args.ledger,
    consents,
    breakGlass,
    tokens,
    checkPolicy: () => checkPolicyFile(args.policyFile),
    close: async () => {
      await Promise.all([consents.close(), breakGlass.close(), tokens.close()]);
    },
  };
}
