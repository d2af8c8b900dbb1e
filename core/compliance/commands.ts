/**
 * Clinicians' bot commands (`!sms ...`, `!consent ...`, `!breakglass ...`), parsed without side
 * effects. A message that starts with one of them is a command: it is never relayed to a patient.
 */

export type BotCommand =
  | { name: "sms.open"; phone: string; language?: string }
  | { name: "sms.help" }
  | { name: "consent.request"; language?: string }
  | { name: "consent.status" }
  /** Emergency access to a patient room, named by its room id or the patient's number. */
  | { name: "breakglass.request"; target: string; minutes?: number; reason: string };

export type ParsedCommand = { ok: true; command: BotCommand } | { ok: false; error: string };

const LANGUAGE = /^[a-z]{2}$/;

export const COMMAND_HELP = [
  "Wardroom SMS commands:",
  "  !sms open +15555550123 [en|es]   start an SMS conversation with a patient who asked for SMS (they get the risk warning first)",
  "  !consent request [en|es]         (in an SMS room) send the risk warning again and ask for acknowledgment",
  "  !consent status                  (in an SMS room) show whether health information may be texted",
  "  !breakglass <room id or +number> [minutes] <reason>   (emergency role) enter a patient's SMS room at once, for a limited time; security is told",
  "  !sms help                        this help",
].join("\n");

/** Whether a message is addressed to the bot at all (then it is never relayed as SMS). */
export function isCommand(body: string): boolean {
  return /^\s*!(sms|consent|breakglass)\b/i.test(body);
}

export function parseCommand(body: string): ParsedCommand | null {
  if (!isCommand(body)) return null;
  const words = body.trim().split(/\s+/);
  const group = words[0]!.slice(1).toLowerCase();
  const verb = (words[1] ?? "").toLowerCase();
  const args = words.slice(2);
  if (group === "breakglass") return parseBreakGlass(words.slice(1));
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

const BREAKGLASS_USAGE = "usage: !breakglass <room id or +number> [minutes] <reason>, e.g. !breakglass +15555550123 30 patient collapsed on the phone";

function parseBreakGlass(args: string[]): ParsedCommand {
  const target = args[0];
  if (!target || !(target.startsWith("!") || target.startsWith("+"))) return { ok: false, error: BREAKGLASS_USAGE };
  const minutes = /^[0-9]{1,4}$/.test(args[1] ?? "") ? Number(args[1]) : undefined;
  const reason = args.slice(minutes === undefined ? 1 : 2).join(" ");
  if (!reason) return { ok: false, error: BREAKGLASS_USAGE };
  return { ok: true, command: { name: "breakglass.request", target, reason, ...(minutes !== undefined ? { minutes } : {}) } };
}
