/** The SMS bridge's own tables (its state; consent lives in the consent ledger). */
export interface BridgeDatabase {
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
  bridge_portals: {
    phone: string;
    room_id: string;
    puppet_user_id: string;
    language: string;
    time_zone: string;
    created_at: string;
  };
  /** Inbound provider messages already posted (dedupe on the provider's id). */
  bridge_inbound: {
    provider: string;
    provider_message_id: string;
    phone: string;
    event_id: string | null;
    received_at: string;
  };
  /** Outbound texts: one row per Matrix event (the idempotency key), never sent twice. */
  bridge_outbox: {
    idempotency_key: string;
    room_id: string;
    event_id: string | null;
    phone: string;
    body: string;
    /** clinician: gated; system: Wardroom's own texts (warning, reminders); carrier: STOP/START/HELP replies, sent even to opted-out numbers. */
    kind: "clinician" | "system" | "carrier";
    status: "queued" | "sending" | "sent" | "delivered" | "failed";
    attempts: number;
    next_attempt_at: string;
    provider_message_id: string | null;
    last_error: string | null;
    /** What a system text is (e.g. a consent warning and its version), as JSON; no PHI. */
    meta: string | null;
    created_at: string;
    updated_at: string;
  };
}
