/**
 * The simulator's memory: conversations per patient number, bounded so a long-running local
 * stack cannot grow without limit (the oldest messages of a conversation, then the least
 * recently active conversations, are forgotten first).
 */

export type OutboundStatus = "queued" | "sent" | "delivered";
export type InboundStatus = "pending" | "delivered";

export interface StoredMessage {
  id: string;
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  body: string;
  media: Array<{ url: string; contentType?: string }>;
  /** ISO time the message was sent (by the patient or the practice). */
  at: string;
  status: OutboundStatus | InboundStatus;
  /** Inbound: webhook attempts so far and the last failure, to show on the phone page. */
  attempts: number;
  lastError?: string;
}

export interface StoreLimits {
  maxNumbers: number;
  maxMessagesPerNumber: number;
  maxIdempotencyKeys: number;
}

export const DEFAULT_LIMITS: StoreLimits = { maxNumbers: 1000, maxMessagesPerNumber: 500, maxIdempotencyKeys: 10_000 };

interface IdempotentSend {
  messageId: string;
  /** What was sent under the key, to refuse the same key for a different message. */
  fingerprint: string;
}

export class SimulatorStore {
  private readonly conversations = new Map<string, StoredMessage[]>();
  private readonly byId = new Map<string, StoredMessage>();
  private readonly keys = new Map<string, IdempotentSend>();
  private readonly limits: StoreLimits;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Record a message in the conversation of `patient`. */
  add(patient: string, message: StoredMessage): void {
    const list = this.conversations.get(patient) ?? [];
    this.conversations.delete(patient); // re-inserted last: least recently active first
    list.push(message);
    this.byId.set(message.id, message);
    while (list.length > this.limits.maxMessagesPerNumber) {
      const dropped = list.shift();
      if (dropped) this.byId.delete(dropped.id);
    }
    this.conversations.set(patient, list);
    while (this.conversations.size > this.limits.maxNumbers) {
      const oldest = this.conversations.entries().next();
      if (oldest.done) break;
      this.conversations.delete(oldest.value[0]);
      for (const m of oldest.value[1]) this.byId.delete(m.id);
    }
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  /** The whole conversation with `patient`, oldest first. */
  conversation(patient: string): readonly StoredMessage[] {
    return this.conversations.get(patient) ?? [];
  }

  idempotent(key: string): IdempotentSend | undefined {
    return this.keys.get(key);
  }

  remember(key: string, send: IdempotentSend): void {
    this.keys.set(key, send);
    while (this.keys.size > this.limits.maxIdempotencyKeys) {
      const oldest = this.keys.keys().next();
      if (oldest.done) break;
      this.keys.delete(oldest.value);
    }
  }
}
