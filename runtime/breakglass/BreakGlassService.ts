import { createHash, randomUUID } from "node:crypto";
import type { AuditLedger } from "../../core/audit/index.ts";
import { decideBreakGlass, grantsDueToEnd, type BreakGlassDecision } from "../../core/lifecycle/index.ts";
import type { Policy } from "../../core/policy/index.ts";
import { isRole, type RoleDirectory } from "../../core/roles/index.ts";
import type { SqlBreakGlassStore, StoredGrant } from "./SqlBreakGlassStore.ts";

/**
 * What break-glass does to rooms. Rules: `grant` makes the user a member of the room at once
 * and `revoke` removes them; both are idempotent and throw when the homeserver cannot answer.
 */
export interface BreakGlassRooms {
  isPatientRoom(roomId: string): Promise<boolean>;
  grant(roomId: string, userId: string): Promise<void>;
  revoke(roomId: string, userId: string): Promise<void>;
}

/** Tells the second person, in an encrypted room; returns who was told. */
export type BreakGlassNotifier = (grant: StoredGrant, recipients: string[]) => Promise<string[]>;

export interface BreakGlassDeps {
  store: SqlBreakGlassStore;
  roles: RoleDirectory;
  rooms: BreakGlassRooms;
  notify: BreakGlassNotifier;
  audit: Pick<AuditLedger, "append">;
  policy: Policy;
  now?: () => Date;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Grants emergency access and ends it. The grant is stored before the requester joins, so an
 * interruption after the join still ends it when its time is up; the process that ends grants
 * (the lifecycle bot) reads them from the store, never from memory.
 */
export class BreakGlassService {
  constructor(private readonly d: BreakGlassDeps) {}

  #now(): Date {
    return (this.d.now ?? (() => new Date()))();
  }

  async request(args: { requester: string; roomId: string; reason: string; minutes?: number }): Promise<BreakGlassDecision & { grant?: StoredGrant }> {
    const now = this.#now();
    const roles = (await this.d.roles.rolesOf(args.requester)).filter(isRole);
    const open = await this.d.store.open();
    const decision = decideBreakGlass(
      {
        roles,
        // Only asked of the homeserver for someone who could be granted at all.
        isPatientRoom: roles.includes("emergency") ? await this.d.rooms.isPatientRoom(args.roomId) : false,
        reason: args.reason,
        ...(args.minutes !== undefined ? { minutes: args.minutes } : {}),
        hasActiveGrant: open.some((g) => g.requester === args.requester && g.roomId === args.roomId && Date.parse(g.expiresAt) > now.getTime()),
        now,
      },
      this.d.policy.breakGlass,
    );
    if (!decision.ok) {
      await this.d.audit.append({ actor: args.requester, action: "breakglass.refused", target: args.roomId, details: { refusal: decision.refusal } });
      return decision;
    }
    const grant: StoredGrant = {
      id: randomUUID(),
      requester: args.requester,
      roomId: args.roomId,
      reason: args.reason.trim(),
      minutes: decision.minutes,
      grantedAt: now.toISOString(),
      expiresAt: decision.expiresAt.toISOString(),
      notified: [],
      endedAt: null,
      endReason: null,
    };
    await this.d.store.insert(grant);
    try {
      await this.d.rooms.grant(grant.roomId, grant.requester);
    } catch (err) {
      await this.d.store.end(grant.id, this.#now().toISOString(), "grant_failed");
      await this.d.audit.append({ actor: "system:breakglass", action: "breakglass.ended", target: grant.roomId, details: { grantId: grant.id, why: "grant_failed" } });
      throw err;
    }
    await this.d.audit.append({
      actor: grant.requester,
      action: "breakglass.granted",
      target: grant.roomId,
      details: { grantId: grant.id, minutes: grant.minutes, expiresAt: grant.expiresAt, reasonHash: hash(grant.reason) },
    });
    const recipients = (await this.d.roles.usersWithRole(this.d.policy.breakGlass.notifyRole)).filter((u) => u !== grant.requester);
    const told = await this.d.notify(grant, recipients);
    await this.d.store.setNotified(grant.id, told);
    await this.d.audit.append({ actor: "system:breakglass", action: "breakglass.notified", target: grant.roomId, details: { grantId: grant.id, notified: told.length } });
    return { ...decision, grant: { ...grant, notified: told } };
  }

  /** Ends every grant whose time is up (the lifecycle bot calls this on a timer and at start). */
  async endDue(): Promise<StoredGrant[]> {
    const due = grantsDueToEnd(await this.d.store.open(), this.#now());
    const ended: StoredGrant[] = [];
    for (const g of due) {
      await this.d.rooms.revoke(g.roomId, g.requester);
      if (await this.d.store.end(g.id, this.#now().toISOString(), "expired")) {
        await this.d.audit.append({ actor: "system:breakglass", action: "breakglass.ended", target: g.roomId, details: { grantId: g.id, why: "expired" } });
        ended.push(g);
      }
    }
    return ended;
  }
}
