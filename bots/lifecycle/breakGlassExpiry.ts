import type { Logger } from "pino";
import type { BreakGlassService } from "../../runtime/breakglass/BreakGlassService.ts";

/**
 * Ends break-glass grants when their time is up: at start (grants made before a restart) and
 * every 15 seconds. A failure (homeserver down) is logged and retried on the next tick.
 * Returns a function that stops the timer and waits for a pass in progress.
 */
export function startBreakGlassExpiry(service: BreakGlassService, log: Logger, onError: (err: unknown) => void = () => undefined, intervalMs = 15_000): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = service
      .endDue()
      .then((ended) => {
        if (ended.length > 0) log.info({ ended: ended.map((g) => g.id) }, "break-glass access ended");
      })
      .catch((err: unknown) => {
        log.warn({ error: err instanceof Error ? err.message : String(err) }, "ending break-glass grants failed; retrying next tick");
        onError(err);
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
