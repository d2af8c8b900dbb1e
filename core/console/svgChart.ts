/**
 * Server-rendered SVG charts for the dashboard: no script, no external font or style, so
 * they pass the console's strict Content-Security-Policy and read the same without
 * JavaScript. Each chart has a <title> and <desc> that a screen reader announces
 * (role="img" + aria-labelledby), and each bar or point carries its own <title> with the
 * exact value, which is also what a mouse hover shows.
 */

export interface ChartSeries {
  name: string;
  /** One value per label. */
  values: readonly number[];
}

export interface ChartInput {
  /** Unique within the page: ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
  /** X axis labels (e.g. days), oldest first. */
  labels: readonly string[];
  series: readonly ChartSeries[];
  kind: "bars" | "lines";
  width?: number;
  height?: number;
}

const PAD = { top: 16, right: 12, bottom: 28, left: 40 };
// Distinguishable for the common colour-vision deficiencies (Okabe-Ito), dark enough on white.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A whole number at or above `max` that divides into four readable steps. */
export function niceMax(max: number): number {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = Math.ceil(max / (step * magnitude)) * step * magnitude;
    if (candidate / 4 === Math.round(candidate / 4)) return candidate;
  }
  return Math.ceil(max);
}

export function renderChart(input: ChartInput): string {
  const width = input.width ?? 640;
  const height = input.height ?? 200;
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(input.id)) throw new TypeError(`chart id "${input.id}": lowercase letters, digits and dashes`);
  for (const s of input.series) {
    if (s.values.length !== input.labels.length) throw new TypeError(`chart ${input.id}: series ${s.name} has ${s.values.length} values for ${input.labels.length} labels`);
    if (s.values.some((v) => !Number.isFinite(v) || v < 0)) throw new TypeError(`chart ${input.id}: series ${s.name} has a value that is not a count`);
  }
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const top = niceMax(Math.max(0, ...input.series.flatMap((s) => s.values)));
  const n = Math.max(1, input.labels.length);
  const slot = plotW / n;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const fmt = (v: number) => (Math.round(v * 10) / 10).toString();
  const parts: string[] = [];
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}">`,
    `<title id="${titleId}">${escapeXml(input.title)}</title>`,
    `<desc id="${descId}">${escapeXml(input.description)}</desc>`,
  );
  // Grid lines and their values.
  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i;
    parts.push(
      `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#d0d0d0" stroke-width="1"/>`,
      `<text x="${PAD.left - 4}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="11" fill="#333">${fmt(v)}</text>`,
    );
  }
  // X labels: at most about eight, so they never overlap.
  const every = Math.max(1, Math.ceil(n / 8));
  input.labels.forEach((label, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    parts.push(`<text x="${fmt(PAD.left + slot * (i + 0.5))}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#333">${escapeXml(label)}</text>`);
  });
  const seriesCount = Math.max(1, input.series.length);
  input.series.forEach((s, si) => {
    const colour = COLOURS[si % COLOURS.length]!;
    if (input.kind === "bars") {
      const barW = (slot * 0.8) / seriesCount;
      s.values.forEach((v, i) => {
        const x = PAD.left + slot * i + slot * 0.1 + barW * si;
        parts.push(
          `<rect x="${fmt(x)}" y="${fmt(y(v))}" width="${fmt(barW)}" height="${fmt(PAD.top + plotH - y(v))}" fill="${colour}"><title>${escapeXml(`${s.name}, ${input.labels[i]}: ${v}`)}</title></rect>`,
        );
      });
    } else {
      const points = s.values.map((v, i) => `${fmt(PAD.left + slot * (i + 0.5))},${fmt(y(v))}`).join(" ");
      parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>`);
      s.values.forEach((v, i) => {
        parts.push(`<circle cx="${fmt(PAD.left + slot * (i + 0.5))}" cy="${fmt(y(v))}" r="3" fill="${colour}"><title>${escapeXml(`${s.name}, ${input.labels[i]}: ${v}`)}</title></circle>`);
      });
    }
  });
  parts.push("</svg>");
  return parts.join("");
}
