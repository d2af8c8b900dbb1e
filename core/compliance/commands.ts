/**
 * Clinicians' bot commands (`!sms ...`, `!consent ...`), parsed without side effects. A message
 * that starts with `!sms` or `!consent` is a command: it is never relayed to a patient.
 */

export type BotCommand =
  | { name: "sms.open"; phone: string; language?: string }
  | { name: "sms.help" }
  | { name: "consent.request"; language?: string }
  | { name: "consent.status" };

export type ParsedCommand = { ok: true; command: BotCommand } | { ok: false; error: string };

const LANGUAGE = /^[a-z]{2}$/;

export const COMMAND_HELP = [
  "Wardroom SMS commands:",
  "  !sms open +15555550123 [en|es]   start an SMS conversation with a patient who asked for SMS (they get the risk warning first)",
  "  !consent request [en|es]         (in an SMS room) send the risk warning again and ask for acknowledgment",
  "  !consent status                  (in an SMS room) show whether health information may be texted",
  "  !sms help                        this help",
].join("\n");

/** Whether a message is addressed to the bot at all (then it is never relayed as SMS). */
export function isCommand(body: string): boolean {
  return /^\s*!(sms|consent)\b/i.test(body);
}

export function parseCommand(body: string): ParsedCommand | null {
  if (!isCommand(body)) return null;
  const words = body.trim().split(/\s+/);
  const group = words[0]!.slice(1).toLowerCase();
  const verb = (words[1] ?? "").toLowerCase();
  const args = words.slice(2);
  if (group === "sms") {
    if (verb === "help" || verb === "") return { ok: true, command: { name: "sms.help" } };
    if (verb === "open") {
      // The number may be written with spaces: everything up to an optional trailing language.
      const last = args.at(-1)?.toLowerCase();
      const language = last && LANGUAGE.test(last) ? last : undefined;
      const phone = (language ? args.slice(0, -1) : args).join(" ");
      if (!phone) return { ok: false, error: "!sms open needs the patient's phone number, e.g. !sms open +15555550123" };
      return { ok: true, command: { name: "sms.open", phone, ...(language ? { language } : {}) } };
    }
    return { ok: false, error: `unknown command !sms ${verb}; try !sms help` };
  }
  if (verb === "status" && args.length === 0) return { ok: true, command: { name: "consent.status" } };
  if (verb === "request") {
    const language = args[0]?.toLowerCase();
    if (args.length > 1 || (language !== undefined && !LANGUAGE.test(language))) return { ok: false, error: "usage: !consent request [en|es]" };
    return { ok: true, command: { name: "consent.request", ...(language ? { language } : {}) } };
  }
  return { ok: false, error: `unknown command !consent ${verb}; try !sms help` };
}
