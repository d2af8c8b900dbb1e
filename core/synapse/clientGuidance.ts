import type { Policy } from "../policy/index.ts";

/**
 * What Wardroom asks of Matrix clients, published where clients and their administrators look:
 * `/.well-known/matrix/client`. `io.element.e2ee` is read by Element's clients (encryption on
 * by default, never switched off); `org.wardroom.client_guidance` states the settings that only
 * the device can enforce (an app lock, notifications without content), for people and for
 * mobile-device management. The server side of automatic logoff is the lifecycle bot's; the
 * client side is the app lock (docs/clients.md explains both layers).
 */
export function clientWellKnownContent(policy: Policy): Record<string, unknown> {
  return {
    "io.element.e2ee": { default: true, force_disable: false },
    "org.wardroom.client_guidance": {
      organization: policy.organization.name,
      idle_logoff_minutes: policy.sessions.idleLogoffMinutes,
      settings: [
        { id: "app_lock", text: `Turn on the app's lock (PIN or biometrics), locking after at most ${policy.sessions.idleLogoffMinutes} minutes in the background.` },
        { id: "notification_content", text: "Show notifications without message content." },
        { id: "device_lock", text: "Keep a screen lock on the device; do not copy messages into other apps." },
        { id: "shared_workstation", text: "On a shared computer, sign out when you leave (the web client has no app lock)." },
      ],
    },
  };
}
