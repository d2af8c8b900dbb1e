import { createHash } from "node:crypto";

/**
 * The phone page (GET /): pick a patient number, see the conversation with the practice, send
 * a text. Self-contained (no external assets); every message is put on the page with
 * textContent, never as HTML, and the Content-Security-Policy allows only this page's own
 * script and style (by hash) and requests to its own origin.
 */

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: flex; justify-content: center; background: Canvas; }
main { width: min(420px, 100vw); min-height: 100vh; display: flex; flex-direction: column; border-inline: 1px solid GrayText; }
header { padding: 12px; border-bottom: 1px solid GrayText; }
header h1 { font-size: 1rem; margin: 0 0 8px; }
header label { display: flex; gap: 8px; align-items: center; }
header input { flex: 1; font: inherit; padding: 4px 6px; }
#thread { list-style: none; margin: 0; padding: 12px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 8px; }
#thread li { max-width: 80%; padding: 8px 10px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
#thread li.inbound { align-self: flex-end; background: #0b84ff; color: white; }
#thread li.outbound { align-self: flex-start; background: #e5e5ea; color: black; }
#thread li small { display: block; opacity: 0.75; font-size: 0.7rem; margin-top: 4px; }
#thread p { margin: 0; }
form { display: flex; gap: 8px; padding: 12px; border-top: 1px solid GrayText; }
form textarea { flex: 1; font: inherit; resize: vertical; min-height: 2.5em; }
#status { min-height: 1.2em; padding: 0 12px 8px; font-size: 0.8rem; color: #c00; }
`;

const SCRIPT = `
"use strict";
const numberInput = document.getElementById("number");
const thread = document.getElementById("thread");
const form = document.getElementById("compose");
const text = document.getElementById("text");
const status = document.getElementById("status");
numberInput.value = localStorage.getItem("wardroom.simulator.number") || "+15555550123";
let lastShown = "";

function render(m) {
  const li = document.createElement("li");
  li.className = m.direction;
  const body = document.createElement("p");
  body.textContent = m.body;
  li.append(body);
  for (const media of m.media) {
    const link = document.createElement("small");
    link.textContent = "[media] " + media.url;
    li.append(link);
  }
  const meta = document.createElement("small");
  const detail = m.lastError ? " (" + m.lastError + ", attempt " + m.attempts + ")" : "";
  meta.textContent = new Date(m.at).toLocaleTimeString() + " · " + m.status + detail;
  li.append(meta);
  return li;
}

async function refresh() {
  const number = numberInput.value.trim();
  if (number === "") return;
  try {
    const res = await fetch("/sms/conversation?number=" + encodeURIComponent(number));
    const json = await res.json();
    if (!res.ok) { status.textContent = json.error.message; return; }
    status.textContent = "";
    const shown = JSON.stringify(json);
    if (shown === lastShown) return;
    lastShown = shown;
    thread.replaceChildren(...json.map(render));
    thread.scrollTop = thread.scrollHeight;
  } catch (err) {
    status.textContent = "simulator unreachable";
  }
}

numberInput.addEventListener("change", () => {
  localStorage.setItem("wardroom.simulator.number", numberInput.value.trim());
  lastShown = "";
  refresh();
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = text.value;
  if (body.trim() === "") return;
  const res = await fetch("/sms/inbound", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: numberInput.value.trim(), body }),
  });
  if (res.ok) { text.value = ""; status.textContent = ""; }
  else { status.textContent = (await res.json()).error.message; }
  refresh();
});

text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
});

setInterval(refresh, 1500);
refresh();
`;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function phonePage(practiceNumber: string): string {
  const practice = escapeHtml(practiceNumber);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wardroom SMS simulator</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>Phone simulator: texting ${practice}</h1>
<label>This phone's number <input id="number" type="tel" autocomplete="off" spellcheck="false"></label>
</header>
<ul id="thread" aria-live="polite"></ul>
<div id="status" role="status"></div>
<form id="compose">
<textarea id="text" rows="2" maxlength="1600" placeholder="Text message" aria-label="Text message"></textarea>
<button type="submit">Send</button>
</form>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
