/** Plain-text tables for benchmark output (monospace console). */

export type Align = "left" | "right";

/**
 * Formats rows under a header; columns are padded to their widest cell. Numeric-looking
 * columns read best right-aligned: pass `align` per column (default: first left, rest right).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const width = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? "").length)));
  const alignOf = (col: number): Align => align?.[col] ?? (col === 0 ? "left" : "right");
  const line = (cells: readonly string[]): string =>
    header
      .map((_, col) => {
        const cell = cells[col] ?? "";
        const w = width[col] ?? 0;
        return alignOf(col) === "left" ? cell.padEnd(w) : cell.padStart(w);
      })
      .join("  ")
      .trimEnd();
  const rule = width.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** Formats a number with thousands separators and a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
