import { stringify } from "yaml";

/** What an application service registration says (the file Synapse loads). */
export interface AppserviceRegistration {
  id: string;
  url: string;
  asToken: string;
  hsToken: string;
  senderLocalpart: string;
  /** Regex over user ids the appservice owns exclusively (its puppets). */
  userNamespace: string;
}

/** The SMS bridge's registration: its puppets `@sms_<hex>:server` (core/sms/puppetId.ts) are exclusively its own. */
export function smsBridgeRegistration(args: { url: string; asToken: string; hsToken: string; serverName: string; id?: string }): AppserviceRegistration {
  const server = args.serverName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    id: args.id ?? "wardroom-sms",
    url: args.url,
    asToken: args.asToken,
    hsToken: args.hsToken,
    senderLocalpart: "sms-bridge",
    userNamespace: `@sms_[0-9a-f]+:${server}`,
  };
}

export function renderAppserviceRegistration(r: AppserviceRegistration): string {
  return stringify({
    id: r.id,
    url: r.url,
    as_token: r.asToken,
    hs_token: r.hsToken,
    sender_localpart: r.senderLocalpart,
    namespaces: { users: [{ exclusive: true, regex: r.userNamespace }], aliases: [], rooms: [] },
    rate_limited: false,
    "de.sorunome.msc2409.push_ephemeral": false,
  });
}
