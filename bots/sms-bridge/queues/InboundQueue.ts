import type { Logger } from "pino";
import { PassRunner } from "../../../runtime/concurrency/PassRunner.ts";
import type { AuditPort } from "../capabilities.ts";
import type { Inbound } from "../Inbound.ts";
import type { RoomActions } from "../matrix/RoomActions.ts";
import type { BridgeStore } from "../store/BridgeStore.ts";
import type { BridgeDatabase } from "../store/schema.ts";
import { afterFailure, DEFAULT_INBOUND_RETRY, isPermanentFailure, type InboundRetryPolicy } from "./inboundRetry.ts";

type InboundRow = BridgeDatabase["bridge_inbound"];

/**
 * Inbound texts, stored by the webhook before its 200, posted in arrival order per patient.
 * A text that fails waits (backoff) and holds back only the later texts of the same number:
 * one bad item never delays other patients. A text that can never be posted is shown to the
 * care team (a notice in the portal room) and audited as `sms.failed` with the room as target.
 */
export class InboundQueue extends PassRunner {

  constructor(
    private readonly d: {
      store: BridgeStore;
      inbound: Inbound;
      matrix: RoomActions;
      audit: AuditPort;
      provider: string;
      log: Logger;
      retry?: InboundRetryPolicy;
      clock?: () => Date;
      intervalMs?: number;
    },
  ) {
    super(undefined, (err) => d.log.error({ err: err.message }, "inbound pass failed"), d.intervalMs ?? 1000);
  }

  protected override async runPass(): Promise<void> {
    const now = this.d.clock?.() ?? new Date();
    // Numbers whose earlier text is still waiting: their later texts wait too (order per patient).
    const held = new Set<string>();
    for (const row of await this.d.store.pendingInbound(200)) {
      if (held.has(row.phone)) continue;
      if (row.next_attempt_at && new Date(row.next_attempt_at) > now) {
        held.add(row.phone);
        continue;
      }
      try {
        await this.d.inbound.process(row);
      } catch (err) {
        if (!(await this.#failed(row, err, now))) held.add(row.phone);
      }
    }
  }

  /** Records a failed attempt; true when the text was given up (the number is free again). */
  async #failed(row: InboundRow, err: unknown, now: Date): Promise<boolean> {
    const { store, log } = this.d;
    const attempts = row.attempts + 1;
    const firstFailedAt = row.first_failed_at ? new Date(row.first_failed_at) : now;
    const decision = afterFailure({ attempts, firstFailedAt, now, permanent: isPermanentFailure(err) }, this.d.retry ?? DEFAULT_INBOUND_RETRY);
    log.error({ providerMessageId: row.provider_message_id, attempts, err: (err as Error).message, decision: decision.kind }, "inbound text handling failed");
    if (decision.kind === "retry") {
      await store.updateInbound(row.provider, row.provider_message_id, { attempts, first_failed_at: firstFailedAt.toISOString(), next_attempt_at: decision.at.toISOString() });
      return false;
    }
    // Given up, visibly: the care team is told in the room and the failure is audited.
    await store.updateInbound(row.provider, row.provider_message_id, { attempts, status: "failed", body: "", media: "[]", first_failed_at: firstFailedAt.toISOString() });
    const portal = await store.portalByPhone(row.phone).catch(() => undefined);
    await this.d.audit
      .append({
        actor: this.d.matrix.botUserId,
        action: "sms.failed",
        ...(portal ? { target: portal.roomId } : {}),
        details: { attempts, errorKind: decision.why === "permanent" ? "inbound_rejected_by_homeserver" : "inbound_retry_budget_spent", provider: this.d.provider, providerMessageId: row.provider_message_id },
      })
      .catch((e: Error) => log.error({ err: e.message }, "could not audit an inbound failure"));
    if (portal) {
      const why = decision.why === "permanent" ? "the homeserver refused it (too large or malformed)" : "the homeserver could not be reached for too long";
      await this.d.matrix
        .sendNotice(portal.roomId, `A text from the patient received ${row.received_at.slice(0, 16).replace("T", " ")} UTC could not be shown here: ${why}. Please contact the patient another way.`)
        .catch((e: Error) => log.error({ room: portal.roomId, err: e.message }, "could not post the inbound failure notice"));
    }
    return true;
  }
}
