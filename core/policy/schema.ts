import { z } from "zod";

/**
 * The organisation's policy (policies/hipaa.yaml): one source of truth for the homeserver
 * config, the bots, the bridge and the console. Every object is strict so that a misspelt key
 * is an error rather than a silently ignored setting.
 */

export const PHI_CATEGORIES = ["NAME", "DATE", "AGE90", "CONTACT", "ID", "LOCATION", "HEALTH"] as const;
export const ROOM_KINDS = ["clinical", "sms", "admin"] as const;
export const CONSOLE_PERMISSIONS = [
  "users.read",
  "users.manage",
  "devices.read",
  "devices.wipe",
  "rooms.read",
  "consents.read",
  "consents.revoke",
  "audit.read",
  "audit.export",
  "policy.read",
] as const;

/** Six years: HIPAA documentation retention, 45 CFR 164.316(b)(2). */
export const MIN_AUDIT_RETENTION_DAYS = 2190;

const serverName = z
  .string()
  .regex(/^[a-z0-9.-]+(:[0-9]{1,5})?$/, "must be a DNS name (lowercase letters, digits, dots, dashes), optionally with :port");

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a 24-hour time such as "21:00"');

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as "America/New_York"' },
);

const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be a phone number in E.164 form such as "+15555550100"');

const keyword = z
  .string()
  .regex(/^[\p{L}\p{N}]{1,20}$/u, "must be one word of letters or digits")
  .transform((k) => k.toUpperCase());

const language = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as "en"');

const retentionRule = z
  .strictObject({
    minLifetimeDays: z.number().int().min(1).max(36500),
    maxLifetimeDays: z.number().int().min(1).max(36500),
  })
  .refine((r) => r.minLifetimeDays <= r.maxLifetimeDays, {
    message: "minLifetimeDays must not exceed maxLifetimeDays",
    path: ["minLifetimeDays"],
  });

export const PolicySchema = z.strictObject({
  version: z.literal(1, { error: "must be 1 (the only policy format so far)" }),
  organization: z.strictObject({
    name: z.string().min(1).max(100),
  }),
  homeserver: z.strictObject({
    serverName,
    federation: z.strictObject({
      enabled: z.boolean(),
      allowDomains: z.array(serverName),
    }),
  }),
  sessions: z.strictObject({
    idleLogoffMinutes: z.number().int().min(1).max(60, "must be at most 60"),
    sessionLifetimeHours: z.number().int().min(1).max(24 * 30),
    accessTokenMinutes: z.number().int().min(1).max(60),
    /** Localparts of service accounts whose devices are never logged off for idleness. */
    idleLogoffExempt: z.array(z.string().regex(/^[a-z0-9._=\-/]+$/, "must be a localpart (the part of a Matrix id between @ and :)")).default([]),
  }),
  identity: z
    .strictObject({
      sso: z.strictObject({
        /** People sign in through the organisation's OpenID Connect identity provider. */
        enabled: z.boolean(),
        /** Synapse's id for the provider (clients see `oidc-<idpId>`). */
        idpId: z.string().regex(/^[a-z0-9._-]{1,32}$/, "must be 1 to 32 of a-z 0-9 . _ -"),
        /** The button text in clients. */
        idpName: z.string().min(1).max(60),
        scopes: z.array(z.string().regex(/^[A-Za-z0-9:._/-]+$/)).min(1).refine((s) => s.includes("openid"), "must include openid"),
        /** The claims that name a person and their groups. */
        localpartClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
        displayNameClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
        groupsClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
        /** IdP group -> Wardroom role. Only members of one of these groups may sign in. */
        groupRoles: z.record(z.string().min(1).max(256), z.enum(["clinician", "admin", "security_officer", "helpdesk", "emergency", "auditor"])),
      }),
      /** With single sign-on on, only these accounts (localparts) sign in with a password. */
      passwordAccounts: z.array(z.string().regex(/^[a-z0-9._=\-/]+$/, "must be a localpart")),
    })
    .default({
      sso: { enabled: false, idpId: "wardroom", idpName: "Sign in with your organisation", scopes: ["openid", "profile"], localpartClaim: "preferred_username", displayNameClaim: "name", groupsClaim: "groups", groupRoles: {} },
      passwordAccounts: [],
    }),
  breakGlass: z
    .strictObject({
      /** Longest emergency access a grant can give; it ends by itself. */
      maxMinutes: z.number().int().min(5).max(24 * 60),
      /** What a request without a duration gets. */
      defaultMinutes: z.number().int().min(5).max(24 * 60),
      /** A reason of at least this many characters is required. */
      minReasonLength: z.number().int().min(1).max(500),
      /** Who is told at once, in an encrypted room (the second person). */
      notifyRole: z.enum(["security_officer", "admin"]),
    })
    .default({ maxMinutes: 60, defaultMinutes: 30, minReasonLength: 10, notifyRole: "security_officer" }),
  retention: z.strictObject({
    clinical: retentionRule,
    sms: retentionRule,
    admin: retentionRule,
    purgeIntervalHours: z.number().int().min(1).max(168),
  }),
  sms: z.strictObject({
    practiceNumber: e164,
    defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code such as "US"'),
    defaultLanguage: language,
    defaultTimeZone: timeZone,
    consent: z.strictObject({
      warning: z.record(language, z.string().min(20).max(400)),
      acceptKeywords: z.array(keyword).min(1),
      declineKeywords: z.array(keyword).min(1),
      maxReminders: z.number().int().min(0).max(3),
    }),
    keywords: z.strictObject({
      stop: z.array(keyword).min(1),
      start: z.array(keyword).min(1),
      help: z.array(keyword).min(1),
    }),
    helpReply: z.record(language, z.string().min(10).max(320)),
    quietHours: z.strictObject({
      enabled: z.boolean(),
      start: clockTime,
      end: clockTime,
    }),
    careTeam: z.strictObject({
      inviteRoles: z.array(z.string().min(1)),
      inviteUsers: z.array(z.string().regex(/^@[^:]+:.+$/, 'must be a Matrix user id such as "@alice:example.org"')),
    }),
    staffNumbers: z.array(e164),
    /**
     * The organisation's own published numbers (front desk, pharmacy...) besides the practice
     * number, which is always one: never a patient, and mentioning them is not PHI (CONTACT).
     */
    organisationNumbers: z.array(e164).default([]),
    allowMedia: z.boolean(),
    maxMessagesPerNumberPerHour: z.number().int().min(1).max(100),
  }),
  phi: z.strictObject({
    blockWithoutConsent: z.array(z.enum(PHI_CATEGORIES)).min(1),
    failClosed: z.literal(true, { error: "must be true: PHI decisions fail closed" }),
  }),
  /**
   * Rooms that cannot be weakened (enforced by Wardroom's Synapse module). Every key has the
   * safe default; none can make a room public or unencrypted.
   */
  rooms: z
    .strictObject({
      requireEncryption: z.literal(true, { error: "must be true: every room a person creates is end-to-end encrypted" }).default(true),
      allowedJoinRules: z
        .array(z.enum(["invite", "restricted", "knock", "knock_restricted"], { error: 'must be one of invite, restricted, knock, knock_restricted (never "public")' }))
        .min(1)
        .default(["invite", "restricted"]),
      allowGuestAccess: z.literal(false, { error: "must be false: no guest access" }).default(false),
      allowWorldReadable: z.literal(false, { error: "must be false: history is for room members only" }).default(false),
      allowDirectoryPublication: z.literal(false, { error: "must be false: no room directory publication" }).default(false),
      /** A state event of this type in a new room's initial_state makes it an admin room (admin retention). */
      adminMarker: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'must be a state event type such as "org.wardroom.admin_room"').default("org.wardroom.admin_room"),
      /** How often rooms without their kind's retention are found and fixed. */
      retentionSweepMinutes: z.number().int().min(1).max(1440).default(60),
    })
    .default({
      requireEncryption: true,
      allowedJoinRules: ["invite", "restricted"],
      allowGuestAccess: false,
      allowWorldReadable: false,
      allowDirectoryPublication: false,
      adminMarker: "org.wardroom.admin_room",
      retentionSweepMinutes: 60,
    }),
  audit: z.strictObject({
    retentionDays: z
      .number()
      .int()
      .min(MIN_AUDIT_RETENTION_DAYS, `must be at least ${MIN_AUDIT_RETENTION_DAYS} (six years, 45 CFR 164.316(b)(2))`),
    anchorIntervalMinutes: z.number().int().min(1).max(1440),
    /** A checkpoint is written within this many seconds of a new record (and at shutdown). */
    anchorLagSeconds: z.number().int().min(5).max(60, "must be at most 60 (a checkpoint within a minute of new records)").default(60),
  }),
  console: z.strictObject({
    idleTimeoutMinutes: z.number().int().min(1).max(60, "must be at most 60"),
    /** A console session ends this long after sign-in, however active it is. */
    sessionLifetimeHours: z.number().int().min(1).max(24, "must be at most 24").default(12),
    /**
     * Wardroom role (core/roles) -> what it may do in the console. A role not listed here may
     * not use the console at all.
     */
    roles: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, "role names are lowercase letters, digits, _ and -"), z.array(z.enum(CONSOLE_PERMISSIONS))),
  }),
});

export type Policy = z.infer<typeof PolicySchema>;
export type RoomKind = (typeof ROOM_KINDS)[number];
export type PhiCategoryName = (typeof PHI_CATEGORIES)[number];

/** Rules that span several keys; each issue names the key an operator must change. */
export const CheckedPolicySchema = PolicySchema.superRefine((p, ctx) => {
  const fed = p.homeserver.federation;
  if (fed.enabled && fed.allowDomains.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["homeserver", "federation", "allowDomains"],
      message: "must list the allowed domains when federation is enabled (open federation would let PHI leave the organisation)",
    });
  }
  if (!fed.enabled && fed.allowDomains.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["homeserver", "federation", "allowDomains"],
      message: "must be empty while federation is disabled",
    });
  }
  for (const key of ["warning"] as const) {
    if (!(p.sms.defaultLanguage in p.sms.consent[key])) {
      ctx.addIssue({
        code: "custom",
        path: ["sms", "consent", key],
        message: `must have a text for the default language "${p.sms.defaultLanguage}"`,
      });
    }
  }
  for (const lang of Object.keys(p.sms.consent.warning)) {
    if (!(lang in p.sms.helpReply)) {
      ctx.addIssue({ code: "custom", path: ["sms", "helpReply"], message: `must have a text for "${lang}" like the consent warning` });
    }
  }
  const groups: Array<[string[], string[]]> = [
    [["sms", "consent", "acceptKeywords"], p.sms.consent.acceptKeywords],
    [["sms", "consent", "declineKeywords"], p.sms.consent.declineKeywords],
    [["sms", "keywords", "stop"], p.sms.keywords.stop],
    [["sms", "keywords", "start"], p.sms.keywords.start],
    [["sms", "keywords", "help"], p.sms.keywords.help],
  ];
  const owner = new Map<string, string>();
  for (const [path, words] of groups) {
    for (const w of words) {
      const prev = owner.get(w);
      if (prev !== undefined && prev !== path.join(".")) {
        ctx.addIssue({ code: "custom", path, message: `keyword "${w}" is also in ${prev}; a reply must mean one thing` });
      }
      owner.set(w, path.join("."));
    }
  }
  if (p.identity.sso.enabled && Object.keys(p.identity.sso.groupRoles).length === 0) {
    ctx.addIssue({ code: "custom", path: ["identity", "sso", "groupRoles"], message: "must map at least one group when single sign-on is on (nobody could sign in)" });
  }
  if (p.breakGlass.defaultMinutes > p.breakGlass.maxMinutes) {
    ctx.addIssue({ code: "custom", path: ["breakGlass", "defaultMinutes"], message: "must not be more than breakGlass.maxMinutes" });
  }
  if (p.sms.staffNumbers.includes(p.sms.practiceNumber)) {
    ctx.addIssue({ code: "custom", path: ["sms", "staffNumbers"], message: "must not contain the practice number" });
  }
  for (const role of p.sms.careTeam.inviteRoles) {
    if (!(role in p.console.roles) && role !== "clinician") {
      ctx.addIssue({ code: "custom", path: ["sms", "careTeam", "inviteRoles"], message: `unknown role "${role}"` });
    }
  }
});
