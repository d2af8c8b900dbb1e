import type { Server } from "node:http";
import type { Logger } from "pino";
import type { Policy } from "../../core/policy/index.ts";
import { careTeamMembers, isOnCareTeam, type RoleDirectory } from "../../core/roles/roleDirectory.ts";
import { excludeOwnNumbers, organisationNumbers } from "../../core/gate/ownNumbers.ts";
import { createBridgeServer } from "./HttpServer.ts";
import { Inbound, MAX_INBOUND_CHARS } from "./Inbound.ts";
import { MatrixRoomActions } from "./matrix/MatrixRoomActions.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import { RoomEvents } from "./RoomEvents.ts";
import { OutboxWorker, type OutboxOptions } from "./OutboxWorker.ts";
import { Portals } from "./Portals.ts";
import { PatientLanguage } from "./PatientLanguage.ts";
import type { QueueSystemText } from "./consent/ConsentFlow.ts";
import { InputError } from "../../core/errors.ts";
import { parsePhone } from "../../core/sms/phone.ts";
import type { AuditPort, CompliancePort, PhiDetector } from "./capabilities.ts";
import type { SmsProvider, WebhookRequest } from "./providers/types.ts";
import type { BridgeStore } from "./store/BridgeStore.ts";
import { InboundQueue } from "./queues/InboundQueue.ts";
import { MatrixInbox } from "./queues/MatrixInbox.ts";
import { WebhookRejections } from "./WebhookRejections.ts";
import { DeliveryStatuses } from "./DeliveryStatuses.ts";
import { HomeserverPinger } from "./HomeserverPinger.ts";
import type { InboundRetryPolicy } from "./queues/inboundRetry.ts";

/** An inbound text that still fails after this many tries (a minute or more) stops holding up the rest. */

export interface BridgeAppConfig {
  homeserverUrl: string;
  serverName: string;
  /** The registration's id: the appservice ping names it (HomeserverPinger). */
  appserviceId: string;
  /** Between appservice pings (default 30 s). */
  homeserverPingMs?: number;
  asToken: string;
  hsToken: string;
  botLocalpart: string;
  listen: { host: string; port: number };
  publicBaseUrl: string;
  complianceBotUserId?: string;
  /**
   * Extra Matrix ids on the care team besides the role directory's (`roles`), for deployments
   * without one; the local stack leaves it empty.
   */
  careTeam: string[];
  outbox?: Partial<OutboxOptions>;
  /** How long inbound texts are retried (queues/inboundRetry.ts; default: a day, backoff to 60 s). */
  inboundRetry?: InboundRetryPolicy;
  /** Token the compliance bot (and later the console) presents to the control API. */
  controlToken: string;
  /** The provider answers STOP/START itself (Twilio, AWS). */
  providerConfirmsKeywords: boolean;
  /** The provider never sends twice for one idempotency key (the simulator). */
  providerIdempotent: boolean;
}

/** What the compliance side gets to work with when the bridge builds it. */
export interface BridgeContext {
  matrix: RoomActions;
  store: BridgeStore;
  queueSystemText: QueueSystemText;
}

export interface BridgeAppDeps {
  config: BridgeAppConfig;
  policy: Policy;
  store: BridgeStore;
  provider: SmsProvider;
  /** Builds the compliance side (consent flow, PHI enforcement) over the bridge's Matrix client and outbox. */
  compliance: (ctx: BridgeContext) => CompliancePort;
  audit: AuditPort;
  detectPhi: PhiDetector;
  log: Logger;
  /** Who is on the care team, asked when a message is handled. */
  roles: RoleDirectory;
  /** What the bridge does to rooms; the homeserver (MatrixRoomActions) unless a test passes simulated rooms. */
  matrix?: RoomActions;
}

export interface BridgeApp {
  server: Server;
  matrix: RoomActions;
  portals: Portals;
  outbox: OutboxWorker;
  /** Resolves once every accepted Matrix event and due text has been handled (tests). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires the SMS bridge: the appservice and webhook server, the durable inbox of Matrix events,
 * portals, the inbound path, the gate, and the outbox worker. Returns once it listens.
 */
export async function startBridgeApp(d: BridgeAppDeps): Promise<BridgeApp> {
  const { config, store, log } = d;
  const botUserId = `@${config.botLocalpart}:${config.serverName}`;
  const matrix = d.matrix ?? new MatrixRoomActions(config.homeserverUrl, config.asToken, botUserId);
  // The organisation's own numbers are never a patient's contact information.
  const ownNumbers = organisationNumbers(d.policy);
  const detectPhi: PhiDetector = (text) => excludeOwnNumbers(text, d.detectPhi(text), ownNumbers, d.policy.sms.defaultCountry);
  const isCareTeam = async (userId: string) => config.careTeam.includes(userId) || (await isOnCareTeam(d.roles, d.policy, userId));
  const portals = new Portals({
    store,
    matrix,
    policy: d.policy,
    careTeam: async () => [...new Set([...(await careTeamMembers(d.roles, d.policy)), ...config.careTeam])],
    admins: async () => [...(await d.roles.usersWithRole("admin"))],
    audit: d.audit,
    provider: d.provider.name,
    log,
  });
  let kickOutbox = () => undefined as void;
  const queueSystemText: QueueSystemText = async ({ portal, key, body, meta }) => {
    const queued = await store.enqueue({
      idempotency_key: key,
      room_id: portal.roomId,
      event_id: null,
      phone: portal.phone,
      body,
      kind: "system",
      next_attempt_at: new Date().toISOString(),
      meta: JSON.stringify(meta),
    });
    kickOutbox();
    return queued;
  };
  const compliance = d.compliance({ matrix, store, queueSystemText });
  const outbox = new OutboxWorker({
    store,
    provider: d.provider,
    matrix,
    consent: compliance,
    audit: d.audit,
    policy: d.policy,
    log,
    onSent: async (sent) => {
      await compliance.onSent(sent);
      await statuses.sent(sent.providerMessageId);
    },
    idempotentSends: config.providerIdempotent,
    onBlocked: (b) => compliance.onBlocked(b),
    detectPhi,
    ...(config.outbox ? { options: config.outbox } : {}),
  });
  kickOutbox = () => outbox.kick();
  const inbound = new Inbound({
    store,
    matrix,
    portals,
    languages: new PatientLanguage({ store, matrix, policy: d.policy, provider: d.provider.name }),
    consent: compliance,
    audit: d.audit,
    policy: d.policy,
    provider: d.provider.name,
    log,
    kickOutbox,
    providerConfirmsKeywords: config.providerConfirmsKeywords,
  });
  const roomEvents = new RoomEvents({
    store,
    matrix,
    consent: compliance,
    audit: d.audit,
    detectPhi,
    policy: d.policy,
    serverName: config.serverName,
    complianceBotUserId: config.complianceBotUserId,
    onBlocked: (b) => compliance.onBlocked(b),
    isCareTeam,
    portalBeingCreated: () => portals.creating,
    log,
    kickOutbox,
  });

  const matrixInbox = new MatrixInbox({ store, handle: (e) => roomEvents.handle(e), audit: d.audit, actor: botUserId, onBlocked: (b) => compliance.onBlocked(b), log });

  const inboundQueue = new InboundQueue({ store, inbound, matrix, audit: d.audit, provider: d.provider.name, log, ...(config.inboundRetry ? { retry: config.inboundRetry } : {}) });

  const statuses = new DeliveryStatuses({ store, matrix, audit: d.audit, log });

  /** `!sms open` (compliance bot) and, later, the console: open a portal and ask for consent. */
  const openSms = async (body: Record<string, unknown>) => {
    if (typeof body.phone !== "string") throw new InputError("phone: required");
    if (typeof body.requestedBy !== "string" || !/^@[^:]+:/.test(body.requestedBy)) throw new InputError("requestedBy: must be a Matrix user id");
    if (!(await isCareTeam(body.requestedBy).catch(() => false))) {
      await d.audit.append({ actor: body.requestedBy, action: "sms.open_refused", details: { reason: "not_care_team" } });
      return { status: 403, body: { reason: "not_care_team", error: "only the care team (policy sms.careTeam) can open SMS conversations" } };
    }
    const language = typeof body.language === "string" && body.language in d.policy.sms.consent.warning ? body.language : undefined;
    const phone = parsePhone(body.phone, { defaultCountry: d.policy.sms.defaultCountry, field: "phone", check: "possible" });
    if (d.policy.sms.staffNumbers.includes(phone)) {
      await d.audit.append({ actor: body.requestedBy, action: "sms.staff_number_refused", details: { direction: "outbound" } });
      return { status: 403, body: { reason: "staff_number", error: "that number belongs to staff: staff never text PHI by SMS; use an encrypted room" } };
    }
    const existing = await store.portalByPhone(phone);
    const portal = existing ?? (await portals.findOrCreate(phone, { invite: [body.requestedBy], ...(language ? { language } : {}) }));
    if (existing) await matrix.invite(existing.roomId, body.requestedBy);
    // The clinician who asked is named (the portal and the warning are the bridge's doing).
    await d.audit.append({ actor: body.requestedBy, action: "sms.conversation_opened", target: portal.roomId, details: { created: !existing, via: "room" } });
    let consent = await compliance.currentState(phone);
    if (!existing || consent === "unknown" || consent === "declined") {
      await compliance.requestConsent(portal, body.requestedBy, "room", undefined, language);
      consent = await compliance.currentState(phone);
    }
    return { status: 200, body: { roomId: portal.roomId, created: !existing, consent } };
  };

  /** The control API (`/_wardroom/v1/<route>`), one entry per route. */
  const controlRoutes: Record<string, (body: Record<string, unknown>) => Promise<{ status: number; body: unknown }>> = {
    "sms/open": openSms,
  };

  const pinger = new HomeserverPinger({ matrix, appserviceId: config.appserviceId, log, ...(config.homeserverPingMs ? { intervalMs: config.homeserverPingMs } : {}) });
  const rejections = new WebhookRejections({ audit: d.audit, actor: botUserId, provider: d.provider.name, onError: (err) => log.error({ err: err.message }, "could not audit rejected webhooks") });
  const server = createBridgeServer({
    hsToken: config.hsToken,
    controlToken: config.controlToken,
    onControl: async (route, body) => {
      const handler = controlRoutes[route];
      return handler ? handler(body) : { status: 404, body: { reason: "unknown_route", error: "unknown control route" } };
    },
    publicBaseUrl: config.publicBaseUrl,
    log,
    onTransaction: async (_txnId, events) => {
      await store.acceptTransaction(events);
      matrixInbox.kick();
    },
    rejections,
    onWebhook: async (request: WebhookRequest, source: string) => {
      const outcome = await d.provider.handleWebhook(request);
      if (outcome.kind === "rejected") {
        // Counted and audited per source and minute, not one record per request (a flood).
        await rejections.record(source, outcome.reason, outcome.httpStatus);
        log.warn({ reason: outcome.reason, detail: outcome.detail }, "webhook rejected");
        return { outcome, reply: { status: outcome.httpStatus, contentType: "application/json", body: JSON.stringify({ error: outcome.reason }) } };
      }
      if (outcome.kind === "inbound") {
        if ((await inbound.accept(outcome.message)) === "too_long") {
          await rejections.record(source, "too_long", 413);
          const reply = { status: 413, contentType: "application/json", body: JSON.stringify({ error: "too_long", detail: `a text has at most ${MAX_INBOUND_CHARS} characters` }) };
          return { outcome, reply };
        }
        inboundQueue.kick();
      }
      if (outcome.kind === "status") await statuses.apply(outcome.update);
      return { outcome, reply: d.provider.webhookAck };
    },
    health: async () => {
      // homeserverReachesBridge fails only on the homeserver's own word that it cannot call us.
      const checks = { homeserver: await matrix.ping(), homeserverReachesBridge: pinger.state !== "unreachable" };
      return { ok: Object.values(checks).every(Boolean), checks };
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.listen.port, config.listen.host, () => resolve());
  });

  pinger.start();
  outbox.start();
  matrixInbox.kick();
  inboundQueue.kick();
  log.info({ port: config.listen.port }, "sms bridge listening");

  return {
    server,
    matrix,
    portals,
    outbox,
    async drain() {
      for (let i = 0; i < 200; i++) {
        await inboundQueue.idle();
        await matrixInbox.idle();
        await outbox.idle();
        if ((await store.pendingInbox(1)).length === 0 && (await store.pendingInbound(1)).length === 0) return;
        // A text may be waiting for its backoff: give it the time, then look again.
        await new Promise((r) => setTimeout(r, 50));
        matrixInbox.kick();
        inboundQueue.kick();
      }
    },
    async close() {
      // Synapse keeps its connections to the appservice open: close them, or close() waits forever.
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(force);
      await pinger.stop();
      await inboundQueue.stop();
      await rejections.close();
      await matrixInbox.stop();
      await outbox.stop();
    },
  };
}
