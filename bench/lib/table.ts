/** Prints the figures as one aligned plain-text table. */
import type { Figure } from "./figures.js";

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function valueText(value: number, unit: string): string {
  return unit === "" ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

export function formatTable(figures: readonly Figure[]): string {
  const header = ["#", "figure", "value", "reference (same run)", "ratio", "target"];
  const rows = figures.map((f) => [
    f.section,
    f.name,
    valueText(f.value, f.unit),
    f.reference ? `${valueText(f.reference.value, f.reference.unit)} (${f.reference.name})` : "",
    f.ratio === undefined ? "" : `${formatNumber(f.ratio)}×`,
    f.target === undefined ? "" : `${f.target}${f.met === undefined ? "" : f.met ? " ✓" : " ✗"}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(" │ ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("─┼─");
  const out = [line(header), rule];
  let section: string | undefined;
  for (const [i, row] of rows.entries()) {
    if (section !== undefined && figures[i]!.section !== section) out.push(rule);
    section = figures[i]!.section;
    out.push(line(row));
  }
  return out.join("\n");
}
