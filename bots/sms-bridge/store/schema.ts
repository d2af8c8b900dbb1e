/** The SMS bridge's own tables (its state; consent lives in the consent ledger). */
export interface BridgeDatabase {
  /** The bridge's own settings made at first start (`puppet_id_key`: hex). */
  bridge_meta: { key: string; value: string };
  /** Matrix events accepted from Synapse, processed after the 200 answer (durable inbox). */
  bridge_matrix_inbox: {
    event_id: string;
    room_id: string;
    sender: string;
    type: string;
    content: string;
    origin_ts: number;
    status: "pending" | "done";
    received_at: string;
  };
  /** One portal room per patient number. */
  /** Portal rooms being set up (migration 0005): a row left behind is a set-up cut short. */
  bridge_portal_creations: {
    phone: string;
    started_at: string;
  };
  bridge_portals: {
    phone: string;
    room_id: string;
    puppet_user_id: string;
    language: string;
    time_zone: string;
    created_at: string;
  };
  /**
   * Inbound texts, stored before the provider gets its 200 and processed in arrival order
   * (dedupe on the provider's id). The body is dropped once the text is in the room.
   */
  bridge_inbound: {
    provider: string;
    provider_message_id: string;
    phone: string;
    body: string;
    /** JSON list of {url, contentType}. */
    media: string;
    received_at: string;
    status: "pending" | "done" | "failed";
    attempts: number;
    event_id: string | null;
    /** The first failed attempt (null until one fails): the retry budget counts from here. */
    first_failed_at: string | null;
    /** Not retried before this time (backoff); null: due now. */
    next_attempt_at: string | null;
  };
  /** Outbound texts: one row per Matrix event (the idempotency key), never sent twice. */
  bridge_outbox: {
    idempotency_key: string;
    room_id: string;
    event_id: string | null;
    /** Who wrote it (a clinician's Matrix id), for telling them if it is blocked at send time. */
    sender: string | null;
    phone: string;
    body: string;
    /** clinician: gated; system: Wardroom's own texts (warning, reminders); carrier: STOP/START/HELP replies, sent even to opted-out numbers. */
    kind: "clinician" | "system" | "carrier";
    status: "queued" | "sending" | "sent" | "delivered" | "failed";
    attempts: number;
    next_attempt_at: string;
    provider_message_id: string | null;
    last_error: string | null;
    /** 1: sent, but the after-send step (the consent evidence of a warning) has not run yet; retried until it has. */
    after_send_pending: 0 | 1;
    /** What a system text is (e.g. a consent warning and its version), as JSON; no PHI. */
    meta: string | null;
    /** When the provider accepted it (the per-number rate limit counts these). */
    sent_at: string | null;
    created_at: string;
    updated_at: string;
  };
}
