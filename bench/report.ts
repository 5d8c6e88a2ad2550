// Markdown tables, one per workload: each peer's figure and how descent compares to it.

import type { Row, Workload } from "./workloads/workload.js";

export function figure(x: number): string {
  if (x >= 100) return Math.round(x).toLocaleString("en-US");
  return x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function milliseconds(ms: number): string {
  return ms >= 100
    ? ms.toFixed(0)
    : ms >= 10
      ? ms.toFixed(1)
      : ms >= 1
        ? ms.toFixed(2)
        : ms.toFixed(3);
}

/** descent's row to compare with: same size if it has one, else its only row of the workload. */
function descentRow(rows: Row[], row: Row): Row | undefined {
  const own = rows.filter((r) => r.peer === "descent" && r.workload === row.workload);
  return own.find((r) => r.size === row.size) ?? (own.length === 1 ? own[0] : undefined);
}

function ratio(rows: Row[], row: Row, key: "figure" | "cpuFigure"): string {
  const d = descentRow(rows, row);
  if (d === undefined) return "";
  const mine = d[key];
  const theirs = row[key];
  if (d.status !== "ok" || mine === undefined) return d.status === "absent" ? "pending" : "—";
  if (row.status !== "ok" || theirs === undefined) return "—";
  const r = mine / theirs;
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

function status(row: Row): string {
  if (row.status === "ok" && row.figure !== undefined) return figure(row.figure);
  if (row.status === "absent" && row.peer === "descent") return "pending";
  return row.status === "wrong" ? "**wrong answer**" : row.status;
}

const cell = (text: string): string => text.replaceAll("|", "\\|");

/** One workload's table; for sgemm, `peak` (one core's wasm mul+add GFLOP/s) adds a share column. */
export function workloadTable(workload: Workload, rows: Row[], peak?: number): string {
  const mine = rows.filter((r) => r.workload === workload.name);
  // Group sgemm by n (stable, so peers keep their order within a size).
  const n = (r: Row) => Number(/\d+/.exec(r.size)?.[0] ?? 0);
  if (workload.name === "sgemm") mine.sort((x, y) => n(x) - n(y));
  const unit = workload.unit;
  const perCall = workload.perCallUnit;
  const share = workload.name === "sgemm" && peak !== undefined;
  const lines = [
    `| size | peer | mode | ${unit} |${share ? " of wasm peak |" : ""}${perCall === undefined ? "" : ` ${perCall} |`} ms/call | descent ÷ peer | cpu | ${unit} by CPU time | descent ÷ peer by CPU time | check / note |`,
    `|---|---|---|--:|${share ? "--:|" : ""}${perCall === undefined ? "" : "--:|"}--:|--:|--:|--:|--:|---|`,
  ];
  for (const row of mine) {
    const spread = row.spread === undefined ? "" : ` ±${Math.round((row.spread * 100) / 2)}%`;
    const ms = row.msPerCall === undefined ? "" : milliseconds(row.msPerCall) + spread;
    const cpu = row.cpuShare === undefined ? "" : `${Math.round(row.cpuShare * 100)}%`;
    const byCpu = row.cpuFigure === undefined ? "" : figure(row.cpuFigure);
    const remark = [row.check, row.note].filter((t) => t !== undefined && t !== "").join("; ");
    const perCallCell =
      row.status === "ok" && row.msPerCall !== undefined ? figure(1000 / row.msPerCall) : "";
    const cells = [
      row.size,
      row.peer,
      row.mode,
      status(row),
      ...(share
        ? [
            row.status === "ok" && row.figure !== undefined
              ? `${Math.round((100 * row.figure) / peak)}%`
              : "",
          ]
        : []),
      ...(perCall === undefined ? [] : [perCallCell]),
      ms,
      ratio(rows, row, "figure"),
      cpu,
      byCpu,
      ratio(rows, row, "cpuFigure"),
      remark,
    ];
    lines.push(`| ${cells.map(cell).join(" | ")} |`);
  }
  return lines.join("\n");
}
