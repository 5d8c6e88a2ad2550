/** Text output of the CLI: aligned tables and compact numbers. */

/** A number in at most `digits` significant digits, scientific when very large or small. */
export function num(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e6 || magnitude < 1e-4) return x.toExponential(Math.max(digits - 2, 1));
  return Number(x.toPrecision(digits)).toString();
}

export function vector(values: readonly number[], digits = 5): string {
  return values.length === 1
    ? num(values[0]!, digits)
    : `(${values.map((v) => num(v, digits)).join(", ")})`;
}

/** An aligned text table: first column left, the rest right aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Which rows of a long run to show: the first few, evenly spaced ones, and the last. */
export function sampleIndices(length: number, max = 12): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  // the first three, the last, and evenly spaced ones between
  const picks = new Set<number>([0, 1, 2, length - 1]);
  const between = max - picks.size;
  for (let k = 1; k <= between; k++) picks.add(Math.round(2 + (k * (length - 3)) / (between + 1)));
  return [...picks].sort((a, b) => a - b);
}
