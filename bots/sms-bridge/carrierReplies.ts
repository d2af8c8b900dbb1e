import type { Policy } from "../../core/policy/index.ts";

/**
 * The replies carriers require to STOP, START and HELP (CTIA): fixed texts without PHI. The
 * HELP reply comes from the policy; the other two are confirmations.
 */
const STOP_REPLY: Record<string, string> = {
  en: "{org}: you are unsubscribed and will get no more texts. Reply START to resubscribe.",
  es: "{org}: canceló su suscripción y no recibirá más textos. Responda START para volver a suscribirse.",
};
const START_REPLY: Record<string, string> = {
  en: "{org}: you are subscribed to texts again. Reply STOP to stop.",
  es: "{org}: volvió a suscribirse a los textos. Responda PARAR para cancelar.",
};
const MEDIA_REPLY: Record<string, string> = {
  en: "{org}: for your privacy we cannot receive pictures or files by text. Please bring them to your visit or use the patient portal.",
  es: "{org}: por su privacidad no podemos recibir fotos ni archivos por texto. Tráigalos a su cita o use el portal del paciente.",
};

function pick(texts: Record<string, string>, language: string, policy: Policy): string {
  const text = texts[language] ?? texts[policy.sms.defaultLanguage] ?? texts.en!;
  return text.replaceAll("{org}", policy.organization.name);
}

export function carrierReply(kind: "stop" | "start" | "help" | "media", language: string, policy: Policy): string {
  if (kind === "help") return pick(policy.sms.helpReply, language, policy);
  return pick(kind === "stop" ? STOP_REPLY : kind === "start" ? START_REPLY : MEDIA_REPLY, language, policy);
}
