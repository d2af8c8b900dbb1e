import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium (`apt-get install chromium`, done by .ci/run), driven by playwright-core:
 * never a downloaded browser. The flags keep it from reaching for Google's services, which
 * this machine's closed network refuses.
 */
export const CHROMIUM = process.env.WARDROOM_CHROMIUM ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set WARDROOM_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * Runs axe-core (the `axe-core` package's own build) in the page and returns its violations.
 * The script is added through the page's context with CSP bypassed (the console's strict
 * policy forbids inline script, rightly): create the context with `bypassCSP: true`.
 */
export async function axeViolations(page: import("playwright-core").Page): Promise<AxeViolation[]> {
  const { source } = (await import("axe-core")).default;
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
}
