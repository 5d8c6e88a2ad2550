/**
 * CSV tables of numbers → tensors, for the user's own data. Runs anywhere (it parses text; the
 * Node-only `loadCsv` in ./node.ts reads the file).
 *
 * Format: one record per line (\n, \r\n or \r), fields separated by `delimiter` (found among
 * comma, semicolon and tab unless given); a field may be
 * quoted with double quotes, and then may hold delimiters, line breaks and doubled quotes ("").
 * Empty (or blank) lines are skipped. Every field except the target must be a number: decimal
 * notation with an optional exponent (`-1.5`, `.5`, `2e-3`), or `nan` / `inf` / `infinity`
 * (any case, signed); spaces around a field are ignored. Missing values are errors.
 * Line numbers in error messages count every line of the text from 1, the header included.
 * Refused, with the reason: no data rows, fewer than two columns, repeated column names, numbers
 * too large for the dtype (which would silently become Infinity), and binary text.
 */
import { DescentError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** A malformed CSV text: the message names the line (and column) and what is wrong. */
export class CsvError extends DescentError {
  /** "CsvError", so a catch can tell it from other errors. */
  override name = "CsvError";
}

/** How {@link parseCsv} reads the table: header, target column, delimiter and dtype. */
export interface CsvOptions {
  /**
   * Whether the first non-empty line holds the column names (default true). `"auto"`: it does
   * when none of its fields is a number.
   */
  header?: boolean | "auto";
  /**
   * The column to predict: a header name, or a 0-based column index (negative counts from the
   * end). Default: the last column.
   */
  target?: string | number;
  /**
   * The field separator, one character. By default the one of ",", ";" and tab that splits the
   * first lines into the same number (two or more) of fields; when several do, give it.
   */
  delimiter?: string;
  /** dtype of x, and of y when the target is numeric (default "float32"). */
  dtype?: "float32" | "float64";
  /**
   * How to read the target column. `"number"`: numbers, y of shape [N, 1] (regression).
   * `"class"`: labels, mapped to class indices (int32, shape [N]) in sorted order (numerically
   * when every label is a number). `"auto"` (default): numbers when every non-empty target
   * field is a number, labels otherwise.
   */
  targetType?: "auto" | "number" | "class";
  /**
   * Refuse `nan` and `inf` fields, naming their line and column (default false: they are read as
   * NaN and ±Infinity). Training cannot use them, and the file's line is easier to fix than a row
   * of a shuffled batch.
   */
  finite?: boolean;
}

/** A parsed table: features x, target y, and the names that say what their columns were. */
export interface CsvData {
  /** The feature columns, [N, F] (every column except the target, in file order). */
  x: Tensor;
  /** The target: [N, 1] numbers (dtype), or [N] int32 class indices into `labels`. */
  y: Tensor;
  /** The names of x's columns (from the header, or "column 1", "column 2", ... without one). */
  columns: string[];
  /** The name of the target column. */
  target: string;
  /** For a class target, the label of each class index (`labels[y[i]]`); otherwise null. */
  labels: string[] | null;
}

interface CsvRecord {
  line: number;
  fields: string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(?:nan|inf|infinity)$/i;

/** The number in a field, or null when it is not one (see the module comment). */
export function parseNumber(field: string): number | null {
  const s = field.trim();
  if (NUMBER.test(s)) return Number(s);
  if (SPECIAL.test(s)) {
    const negative = s.startsWith("-");
    if (/nan$/i.test(s)) return NaN;
    return negative ? -Infinity : Infinity;
  }
  return null;
}

/**
 * Splits the text into records, each with the line it starts on; blank lines are left out.
 * Stops after `limit` records (all by default).
 */
function tokenize(text: string, delimiter: string, where: string, limit = Infinity): CsvRecord[] {
  const d = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark
  let line = 1;
  const isPadding = (c: number) => (c === 32 || c === 9) && c !== d;
  while (i < n && records.length < limit) {
    const startLine = line;
    const fields: string[] = [];
    let quoted = false;
    for (;;) {
      let j = i;
      while (j < n && isPadding(text.charCodeAt(j))) j++;
      let value: string;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        quoted = true;
        const quoteLine = line;
        i = j + 1;
        let start = i;
        let closed = false;
        const parts: string[] = [];
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              parts.push(text.slice(start, i + 1));
              i += 2;
              start = i;
              continue;
            }
            parts.push(text.slice(start, i));
            i++;
            closed = true;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        if (!closed) throw new CsvError(`${where}line ${quoteLine}: a quoted field is not closed`);
        // text after the closing quote (normally none) is kept, like Python's csv module
        start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === LF || c === CR) break;
          i++;
        }
        value = parts.join("") + text.slice(start, i);
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === LF || c === CR) break;
          i++;
        }
        value = text.slice(start, i);
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      if (i < n) {
        i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      }
      break;
    }
    const blank = !quoted && fields.length === 1 && fields[0]!.trim() === "";
    if (!blank) records.push({ line: startLine, fields });
  }
  return records;
}

/**
 * Parses a CSV table of numbers into features x and a target y.
 *
 * No PyTorch equivalent (pandas' `read_csv` then `torch.tensor`).
 *
 * @example
 * ```ts
 * const { x, y, columns, labels } = data.parseCsv("a,b,species\n1,2,setosa\n3,4,virginica\n", {
 *   target: "species",
 * });
 * // x: float32 [2, 2], y: int32 [2] = [0, 1], labels: ["setosa", "virginica"]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvData {
  return parseCsvFrom(text, options, "");
}

/** parseCsv with `source` (e.g. a file path) named in error messages. */
export function parseCsvFrom(text: string, options: CsvOptions, source: string): CsvData {
  const where = source === "" ? "csv: " : `csv: ${source}: `;
  if (typeof text !== "string") throw new CsvError(`${where}expected the CSV text as a string`);
  if (text.includes("\u0000")) {
    throw new CsvError(`${where}the text holds NUL characters: it is a binary file, not CSV text`);
  }
  const delimiter = options.delimiter ?? detectDelimiter(text, where);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new CsvError(
      `${where}delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") {
    throw new CsvError(
      `${where}dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`,
    );
  }
  const targetType = options.targetType ?? "auto";
  if (targetType !== "auto" && targetType !== "number" && targetType !== "class") {
    throw new CsvError(
      `${where}targetType must be "auto", "number" or "class", got ${JSON.stringify(targetType)}`,
    );
  }
  const records = tokenize(text, delimiter, where);
  const first = records[0];
  if (first === undefined) throw new CsvError(`${where}the text has no rows`);
  const headerOption = options.header ?? true;
  const hasHeader =
    headerOption === "auto"
      ? first.fields.every((f) => parseNumber(f) === null)
      : Boolean(headerOption);
  const width = first.fields.length;
  const names = hasHeader
    ? first.fields.map((f, i) => f.trim() || `column ${i + 1}`)
    : Array.from({ length: width }, (_v, i) => `column ${i + 1}`);
  if (width < 2) {
    throw new CsvError(
      `${where}line ${first.line} has a single column; a table needs feature columns and a target ` +
        `column, separated by "," ";" or a tab (or give the delimiter)`,
    );
  }
  if (hasHeader) checkUniqueNames(names, first.line, where);
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) {
    throw new CsvError(`${where}the header (line ${first.line}) is followed by no rows of data`);
  }
  for (const row of rows) {
    if (row.fields.length !== width) {
      throw new CsvError(
        `${where}line ${row.line} has ${row.fields.length} field${row.fields.length === 1 ? "" : "s"}, ` +
          `expected ${width} like ${hasHeader ? "the header" : `line ${first.line}`}`,
      );
    }
  }
  const t = targetColumn(options.target ?? -1, names, hasHeader, where);
  const columnName = (c: number) =>
    hasHeader ? `column ${c + 1} (${JSON.stringify(names[c])})` : `column ${c + 1}`;
  const notANumber = (row: CsvRecord, c: number) =>
    new CsvError(
      `${where}line ${row.line}, ${columnName(c)}: ${JSON.stringify(row.fields[c])} is not a number` +
        (/^\s*[+-]?\d+,\d+\s*$/.test(row.fields[c]!) ? "; write decimals with a point (1.5)" : ""),
    );
  const largest = dtype === "float32" ? "3.4e38" : "1.8e308";
  /** The number in the field; a finite number that overflows the dtype is refused. */
  const valueAt = (row: CsvRecord, c: number, v: number | null): number => {
    if (v === null) throw notANumber(row, c);
    if (options.finite && !Number.isFinite(v)) {
      throw new CsvError(
        `${where}line ${row.line}, ${columnName(c)}: ${row.fields[c]!.trim()} is not a finite ` +
          `number; training needs finite numbers: fill in or drop the row`,
      );
    }
    const stored = dtype === "float32" ? Math.fround(v) : v;
    if (!Number.isFinite(stored) && !SPECIAL.test(row.fields[c]!.trim())) {
      throw new CsvError(
        `${where}line ${row.line}, ${columnName(c)}: ${row.fields[c]!.trim()} is too large for ` +
          `${dtype} (at most ${largest} in size) and would become Infinity` +
          (dtype === "float32" && Number.isFinite(v)
            ? '; use dtype "float64"'
            : "; rescale the column"),
      );
    }
    return v;
  };

  const n = rows.length;
  const features = width - 1;
  const x = dtype === "float32" ? new Float32Array(n * features) : new Float64Array(n * features);
  rows.forEach((row, r) => {
    let k = r * features;
    for (let c = 0; c < width; c++) {
      if (c === t) continue;
      x[k++] = valueAt(row, c, parseNumber(row.fields[c]!));
    }
  });

  const targetValues = rows.map((row) => parseNumber(row.fields[t]!));
  // "auto": numbers unless a non-empty target field is not one (an empty one is a missing number)
  const numeric =
    targetType === "number" ||
    (targetType === "auto" &&
      targetValues.every((v, r) => v !== null || rows[r]!.fields[t]!.trim() === ""));
  let y: Tensor;
  let labels: string[] | null = null;
  if (numeric) {
    const values = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    targetValues.forEach((v, r) => (values[r] = valueAt(rows[r]!, t, v)));
    y = new Tensor(values, [n, 1]);
  } else {
    rows.forEach((row) => {
      if (row.fields[t]!.trim() === "") {
        throw new CsvError(`${where}line ${row.line}, ${columnName(t)}: the label is empty`);
      }
    });
    const allNumbers = targetValues.every((v) => v !== null && !Number.isNaN(v));
    const keys = allNumbers
      ? targetValues.map((v) => String(v))
      : rows.map((row) => row.fields[t]!.trim());
    const unique = [...new Set(keys)];
    if (allNumbers) unique.sort((a, b) => Number(a) - Number(b));
    else unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(unique.map((label, i) => [label, i]));
    y = new Tensor(
      Int32Array.from(keys, (key) => index.get(key)!),
      [n],
    );
    labels = unique;
  }
  return {
    x: new Tensor(x, [n, features]),
    y,
    columns: names.filter((_v, c) => c !== t),
    target: names[t]!,
    labels,
  };
}

function targetColumn(
  target: string | number,
  names: readonly string[],
  hasHeader: boolean,
  where: string,
): number {
  if (typeof target === "string") {
    if (!hasHeader) {
      throw new CsvError(
        `${where}target ${JSON.stringify(target)} is a column name but the text has no header; give a column index`,
      );
    }
    const c = names.indexOf(target);
    if (c < 0) {
      throw new CsvError(
        `${where}no column is named ${JSON.stringify(target)}; the columns are ${names.map((s) => JSON.stringify(s)).join(", ")}`,
      );
    }
    return c;
  }
  const width = names.length;
  if (!Number.isInteger(target) || target < -width || target >= width) {
    throw new CsvError(
      `${where}target column index ${String(target)} is out of range for ${width} column${width === 1 ? "" : "s"} (valid: 0 to ${width - 1}, or negative from the end)`,
    );
  }
  return target < 0 ? target + width : target;
}

const DELIMITERS = [",", ";", "\t"];
/** How many records the delimiter is guessed from. */
const SAMPLE = 20;

/** The one of DELIMITERS that splits the first records evenly into two or more fields. */
function detectDelimiter(text: string, where: string): string {
  const fitting = DELIMITERS.filter((d) => {
    let sample: CsvRecord[];
    try {
      sample = tokenize(text, d, where, SAMPLE);
    } catch {
      return false;
    }
    const width = sample[0]?.fields.length ?? 0;
    return width >= 2 && sample.every((r) => r.fields.length === width);
  });
  if (fitting.length > 1) {
    const names = fitting.map((d) => (d === "\t" ? "tab" : `"${d}"`));
    throw new CsvError(
      `${where}the fields could be separated by ${names.join(" or ")} (each splits the first lines ` +
        `evenly); give the delimiter`,
    );
  }
  // none fits: "," lets the field-count and single-column checks say what is wrong
  return fitting[0] ?? ",";
}

function checkUniqueNames(names: readonly string[], line: number, where: string): void {
  const seen = new Map<string, number>();
  names.forEach((name, c) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new CsvError(
        `${where}line ${line}: columns ${before + 1} and ${c + 1} are both named ` +
          `${JSON.stringify(name)}; column names must differ`,
      );
    }
    seen.set(name, c);
  });
}
