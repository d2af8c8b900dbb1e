import type { AuditActionRegistry } from "./actionRegistry.ts";

export const ACTIONS_DOC_BEGIN = "<!-- audit-actions:begin (generated from core/audit/actions/: npm run wardroom -- audit actions --markdown) -->";
export const ACTIONS_DOC_END = "<!-- audit-actions:end -->";

/**
 * The table of every registered action and its details fields, as docs/audit.md shows it
 * between ACTIONS_DOC_BEGIN and ACTIONS_DOC_END. A test compares the two, so the doc cannot
 * drift from the registry.
 */
export function renderActionsMarkdown(registry: AuditActionRegistry): string {
  const lines = ["| Action | Meaning | Details fields |", "| --- | --- | --- |"];
  for (const action of registry.list()) {
    const fields = Object.entries(action.fields)
      .map(([name, f]) => `\`${name}\`${f.required ? "" : "?"}: ${f.describe}`)
      .join("; ");
    lines.push(`| \`${action.name}\` | ${escapeCell(action.description)} | ${escapeCell(fields) || "none"} |`);
  }
  lines.push("", "`?` marks an optional field.");
  return lines.join("\n");
}

/** Replaces the generated section of a document with the current table. */
export function withActionsSection(doc: string, registry: AuditActionRegistry): string {
  const begin = doc.indexOf(ACTIONS_DOC_BEGIN);
  const end = doc.indexOf(ACTIONS_DOC_END);
  if (begin < 0 || end < begin) throw new Error("docs/audit.md: the generated actions section markers are missing");
  return `${doc.slice(0, begin + ACTIONS_DOC_BEGIN.length)}\n${renderActionsMarkdown(registry)}\n${doc.slice(end)}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
