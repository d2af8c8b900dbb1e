/**
 * The private notice to a clinician whose message the gate blocked: it names the patient room
 * (its name, which the care team sees anyway) and links the removed event, so that a clinician
 * with several SMS rooms knows which message it was, and it never repeats the message's text.
 */

/**
 * A `matrix:` URI for an event (the Matrix spec's URI scheme, appendix "Matrix URI scheme"):
 * `matrix:roomid/<room id without "!">/e/<event id without "$">`. It resolves in the user's own
 * client and homeserver; unlike a matrix.to link it names no outside web domain.
 */
export function matrixEventUri(roomId: string, eventId: string): string {
  if (!roomId.startsWith("!") || !eventId.startsWith("$")) throw new Error("matrixEventUri: a room id (!...) and an event id ($...) are required");
  return `matrix:roomid/${encodeURIComponent(roomId.slice(1))}/e/${encodeURIComponent(eventId.slice(1))}`;
}

export interface BlockedMessage {
  reason: string;
  categories: readonly string[];
  roomId: string;
  eventId: string;
  /** The portal room's name as the care team sees it ("SMS +1 555 200 0001"). */
  roomName: string;
}

function why(b: BlockedMessage): string {
  switch (b.reason) {
    case "phi_without_consent":
      return `it contains protected health information (${b.categories.join(", ")}) and the patient has not accepted the SMS risk warning`;
    case "opted_out":
      return "the patient texted STOP";
    case "attachment_not_supported":
      return "attachments cannot be sent by SMS";
    case "too_long_to_scan":
      return "it is too long to check for health information";
    case "not_care_team":
      return "only the care team texts patients, and you are not on it";
    default:
      return "the safety checks could not run (the message was held back to be safe)";
  }
}

function advice(reason: string): string {
  switch (reason) {
    case "phi_without_consent":
      return "Ask the patient for consent with !consent request in the SMS room, or use a secure channel (a phone call, the patient portal).";
    case "opted_out":
      return "Reach the patient another way.";
    case "not_care_team":
      return "Ask a member of the care team, or an administrator, if the patient needs to hear from you.";
    default:
      return "Try again shortly, or use a secure channel.";
  }
}

/** The redaction reason shown in the room (no room name: it is that room). */
export function blockedRedactionReason(b: Pick<BlockedMessage, "reason" | "categories">): string {
  return `Not sent by SMS: ${why({ ...b, roomId: "!", eventId: "$", roomName: "" })}.`;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The notice as plain text and as HTML (the room name a link to the removed event). */
export function blockedNotice(b: BlockedMessage): { body: string; formattedBody: string } {
  const link = matrixEventUri(b.roomId, b.eventId);
  const reason = why(b);
  const tip = advice(b.reason);
  return {
    body: `Your message in the SMS room "${b.roomName}" was not sent and was removed: ${reason}. ${tip} (The message: ${link})`,
    formattedBody:
      `Your <a href="${escapeHtml(link)}">message</a> in the SMS room <b>${escapeHtml(b.roomName)}</b> was not sent and was removed: ` +
      `${escapeHtml(reason)}. ${escapeHtml(tip)}`,
  };
}
