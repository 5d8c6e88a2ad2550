// parseCsv / loadCsv: a table of good inputs with their tensors, and of bad inputs with the exact
// error text.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { CsvError, parseCsv, type CsvOptions } from "../../src/data/index.js";
import { loadCsv } from "../../src/data/node.js";

interface Good {
  name: string;
  text: string;
  options?: CsvOptions;
  x: number[][];
  y: number[];
  yShape: number[];
  columns: string[];
  target: string;
  labels?: string[] | null;
  dtype?: string;
}

const good: Good[] = [
  {
    name: "header, numeric target (last column by default)",
    text: "a,b,y\n1,2,3\n4,5,6\n",
    x: [
      [1, 2],
      [4, 5],
    ],
    y: [3, 6],
    yShape: [2, 1],
    columns: ["a", "b"],
    target: "y",
  },
  {
    name: "target by name in the middle; CRLF; blank lines skipped; spaces trimmed",
    text: "\r\n a , price ,c\r\n\r\n1, 10 ,2\r\n   \r\n3,20,4\r\n",
    options: { target: "price" },
    x: [
      [1, 2],
      [3, 4],
    ],
    y: [10, 20],
    yShape: [2, 1],
    columns: ["a", "c"],
    target: "price",
  },
  {
    name: "target by index, negative index, float64",
    text: "1,2,3\n4,5,6",
    options: { header: false, target: -3, dtype: "float64" },
    x: [
      [2, 3],
      [5, 6],
    ],
    y: [1, 4],
    yShape: [2, 1],
    columns: ["column 2", "column 3"],
    target: "column 1",
    dtype: "float64",
  },
  {
    name: "string labels → sorted class indices (int32)",
    text: "len,width,species\n1.4,0.2,setosa\n4.7,1.4,versicolor\n1.3,0.2,setosa\n6.0,2.5,virginica\n",
    x: [
      [1.4, 0.2],
      [4.7, 1.4],
      [1.3, 0.2],
      [6, 2.5],
    ],
    y: [0, 1, 0, 2],
    yShape: [4],
    columns: ["len", "width"],
    target: "species",
    labels: ["setosa", "versicolor", "virginica"],
  },
  {
    name: 'targetType "class" with numeric labels: numeric order',
    text: "x,digit\n1,10\n2,9\n3,10\n4,2.0\n",
    options: { targetType: "class" },
    x: [[1], [2], [3], [4]],
    y: [2, 1, 2, 0],
    yShape: [4],
    columns: ["x"],
    target: "digit",
    labels: ["2", "9", "10"],
  },
  {
    name: "quoted fields: delimiters, doubled quotes and line breaks inside",
    text: 'x,"the ""label"""\n" 1.5 ","a,b"\n2,"c\nd"\n-3e2,"a,b"\n',
    x: [[1.5], [2], [-300]],
    y: [0, 1, 0],
    yShape: [3],
    columns: ["x"],
    target: 'the "label"',
    labels: ["a,b", "c\nd"],
  },
  {
    name: "semicolons; nan, inf, .5, +2, 1e-3",
    text: "p;q;r\nnan;-Inf;.5\n+2;1e-3;Infinity\n",
    options: { delimiter: ";" },
    x: [
      [NaN, -Infinity],
      [2, 0.001],
    ],
    y: [0.5, Infinity],
    yShape: [2, 1],
    columns: ["p", "q"],
    target: "r",
  },
  {
    name: 'header "auto": detected',
    text: "u,v\n1,2\n",
    options: { header: "auto" },
    x: [[1]],
    y: [2],
    yShape: [1, 1],
    columns: ["u"],
    target: "v",
  },
  {
    name: 'header "auto": a first row with a number is data',
    text: "1,cat\n2,dog\n",
    options: { header: "auto" },
    x: [[1], [2]],
    y: [0, 1],
    yShape: [2],
    columns: ["column 1"],
    target: "column 2",
    labels: ["cat", "dog"],
  },
  {
    name: "semicolons and tabs are found without being named",
    text: "a;b;label\n1;2;yes\n3;4;no\n",
    x: [
      [1, 2],
      [3, 4],
    ],
    y: [1, 0],
    yShape: [2],
    columns: ["a", "b"],
    target: "label",
    labels: ["no", "yes"],
  },
  {
    name: "a tab-separated file with commas inside quoted labels",
    text: 'a\tb\n1\t"x, y"\n2\t"z"\n',
    x: [[1], [2]],
    y: [0, 1],
    yShape: [2],
    columns: ["a"],
    target: "b",
    labels: ["x, y", "z"],
  },
  {
    name: "float64 keeps what float32 cannot hold; written inf stays Infinity",
    text: "a,b\n1e39,inf\n",
    options: { dtype: "float64" },
    x: [[1e39]],
    y: [Infinity],
    yShape: [1, 1],
    columns: ["a"],
    target: "b",
    dtype: "float64",
  },
  {
    name: "byte order mark, tab delimiter, no trailing newline",
    text: "\ufeffa\tb\n1\t2",
    options: { delimiter: "\t" },
    x: [[1]],
    y: [2],
    yShape: [1, 1],
    columns: ["a"],
    target: "b",
  },
];

const bad: [string, string, CsvOptions | undefined, string][] = [
  [
    "a non-number",
    "name,height,age\n1,2,3\n4,5,6\n\n7,8,9\n10,11,12\n13,14,abc\n",
    { target: "height" },
    'csv: line 7, column 3 ("age"): "abc" is not a number',
  ],
  [
    "a non-number without a header",
    "1,2\nx1,3\n",
    { header: false },
    'csv: line 2, column 1: "x1" is not a number',
  ],
  [
    "an empty field",
    "a,b,c\n1, ,3\n",
    undefined,
    'csv: line 2, column 2 ("b"): " " is not a number',
  ],
  [
    "an empty target",
    "a,b\n1,2\n3,\n",
    undefined,
    'csv: line 3, column 2 ("b"): "" is not a number',
  ],
  [
    'a non-number target with targetType "number"',
    "a,b\n1,2\n3,n/a\n",
    { targetType: "number" },
    'csv: line 3, column 2 ("b"): "n/a" is not a number',
  ],
  [
    "too few fields",
    "a,b,c\n1,2,3\n4,5\n",
    undefined,
    "csv: line 3 has 2 fields, expected 3 like the header",
  ],
  [
    "too many fields (a trailing delimiter), no header",
    "1,2\n3,4,\n",
    { header: false },
    "csv: line 2 has 3 fields, expected 2 like line 1",
  ],
  [
    "one field",
    "\n\na,b\n1\n",
    { delimiter: "," },
    "csv: line 4 has 1 field, expected 2 like the header",
  ],
  ["a header only", "a,b\n", undefined, "csv: the header (line 1) is followed by no rows of data"],
  [
    "a single column",
    "price\n1\n2\n",
    undefined,
    'csv: line 1 has a single column; a table needs feature columns and a target column, separated by "," ";" or a tab (or give the delimiter)',
  ],
  [
    "repeated column names",
    "a,b, a,y\n1,2,3,4\n",
    undefined,
    'csv: line 1: columns 1 and 3 are both named "a"; column names must differ',
  ],
  [
    "a number too large for float32",
    "a,b\n1,2\n-1e39,3\n",
    undefined,
    'csv: line 3, column 1 ("a"): -1e39 is too large for float32 (at most 3.4e38 in size) and would become Infinity; use dtype "float64"',
  ],
  [
    "a number too large for any float",
    "a,b\n1,1e400\n",
    { dtype: "float64" },
    'csv: line 2, column 2 ("b"): 1e400 is too large for float64 (at most 1.8e308 in size) and would become Infinity; rescale the column',
  ],
  [
    "two delimiters that both fit",
    "a,b;c\n1,2;3\n",
    undefined,
    'csv: the fields could be separated by "," or ";" (each splits the first lines evenly); give the delimiter',
  ],
  [
    "decimal commas",
    "a;b\n1,5;2\n",
    undefined,
    'csv: line 2, column 1 ("a"): "1,5" is not a number; write decimals with a point (1.5)',
  ],
  [
    "nan refused when finite numbers are asked for",
    "a,b\n1,2\n-inf,3\n",
    { finite: true },
    'csv: line 3, column 1 ("a"): -inf is not a finite number; training needs finite numbers: fill in or drop the row',
  ],
  [
    "binary text",
    "a,b\n1,\u00002\n",
    undefined,
    "csv: the text holds NUL characters: it is a binary file, not CSV text",
  ],
  ["an unclosed quote", 'a,b\n1,"2\n3,4\n', undefined, "csv: line 2: a quoted field is not closed"],
  ["an empty text", "\n \n", undefined, "csv: the text has no rows"],
  [
    "an unknown target",
    "a,b\n1,2\n",
    { target: "c" },
    'csv: no column is named "c"; the columns are "a", "b"',
  ],
  [
    "a target index out of range",
    "a,b\n1,2\n",
    { target: 2 },
    "csv: target column index 2 is out of range for 2 columns (valid: 0 to 1, or negative from the end)",
  ],
  [
    "a target name without a header",
    "1,2\n",
    { header: false, target: "b" },
    'csv: target "b" is a column name but the text has no header; give a column index',
  ],
  [
    "an empty label",
    "a,b\n1,x\n2,\n",
    undefined,
    'csv: line 3, column 2 ("b"): the label is empty',
  ],
  [
    "a bad delimiter",
    "a,b\n",
    { delimiter: "::" },
    'csv: delimiter must be one character other than a quote or a line break, got "::"',
  ],
];

describe("parseCsv", () => {
  for (const c of good) {
    test(c.name, () => {
      const out = parseCsv(c.text, c.options);
      assert.equal(out.x.dtype, c.dtype ?? "float32");
      assert.deepEqual([...out.x.shape], [c.x.length, c.columns.length]);
      const round = c.dtype === "float64" ? (v: number) => v : Math.fround;
      assert.deepEqual(Array.from(out.x.data), c.x.flat().map(round));
      assert.deepEqual([...out.y.shape], c.yShape);
      assert.equal(out.y.dtype, c.labels ? "int32" : (c.dtype ?? "float32"));
      assert.deepEqual(Array.from(out.y.data), c.y.map(round));
      assert.deepEqual(out.columns, c.columns);
      assert.equal(out.target, c.target);
      assert.deepEqual(out.labels, c.labels ?? null);
    });
  }
  for (const [name, text, options, message] of bad) {
    test(`error: ${name}`, () => {
      assert.throws(
        () => parseCsv(text, options),
        (e: Error) => {
          assert.equal(e.name, "CsvError");
          assert.equal(e.message, message);
          return true;
        },
      );
    });
  }
});

describe("loadCsv (Node)", () => {
  test("reads a file; errors name it", () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-csv-"));
    const path = join(dir, "data.csv");
    writeFileSync(path, "x1,x2,label\n0,1,yes\n1,0,no\n");
    const { x, y, labels } = loadCsv(path, { target: "label" });
    assert.deepEqual(x.toArray(), [
      [0, 1],
      [1, 0],
    ]);
    assert.deepEqual(Array.from(y.data), [1, 0]);
    assert.deepEqual(labels, ["no", "yes"]);
    writeFileSync(path, "a,b\n1,2\nz,3\n");
    assert.throws(() => loadCsv(path), {
      name: "CsvError",
      message: `csv: ${path}: line 3, column 1 ("a"): "z" is not a number`,
    });
  });

  test("other encodings are refused, naming the byte and the encoding to use", () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-csv-"));
    const latin1 = join(dir, "latin1.csv");
    // "café" in Latin-1: é is the single byte 0xE9
    writeFileSync(latin1, Buffer.from([...Buffer.from("a,b\n1,2\n3,caf"), 0xe9, 0x0a]));
    assert.throws(() => loadCsv(latin1), {
      name: "CsvError",
      message: `csv: ${latin1}: line 3: byte 0xE9 (offset 13) is not UTF-8; the file is in another encoding (often Latin-1 or Windows-1252); save it as UTF-8 (in a spreadsheet: CSV UTF-8)`,
    });
    const utf16 = join(dir, "utf16.csv");
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\n1,2\n", "utf16le")]),
    );
    assert.throws(() => loadCsv(utf16), /the file is UTF-16 text; save it as UTF-8/);
    const utf8 = join(dir, "utf8.csv");
    writeFileSync(utf8, "\ufeffa,b\n1,café\n");
    assert.deepEqual(loadCsv(utf8).labels, ["café"]);
  });
});

describe("fuzz: random CSV bytes give a clear CsvError or a valid table", () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-csv-fuzz-"));
  const csvish = fc.array(
    fc.oneof(
      fc.constantFrom(...'0123456789.,;\t\n\r"-+e abnfiINF'.split("")),
      fc.constantFrom("1e39", "1e400", "nan", "-inf", ",,", "\r\n", "é", "\u0000"),
      fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b)),
    ),
    { maxLength: 80 },
  );
  const bytes = fc.oneof(
    csvish.map((parts) => Buffer.from(parts.join(""), "utf8")),
    csvish.map((parts) => Buffer.from(parts.join(""), "latin1")),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  );
  const options = fc.record(
    {
      header: fc.constantFrom(true, false, "auto" as const),
      target: fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom("a", "b", "label")),
      dtype: fc.constantFrom("float32" as const, "float64" as const),
      targetType: fc.constantFrom("auto" as const, "number" as const, "class" as const),
    },
    { requiredKeys: [] },
  );
  test("loadCsv", () => {
    let k = 0;
    fc.assert(
      fc.property(bytes, options, (data, opts) => {
        const path = join(dir, `f${k++}.csv`);
        writeFileSync(path, data);
        let out;
        try {
          out = loadCsv(path, opts);
        } catch (error) {
          assert.ok(error instanceof CsvError, `not a CsvError: ${String(error)}`);
          assert.ok(error.message.startsWith(`csv: ${path}: `), error.message);
          return;
        }
        const n = out.x.shape[0]!;
        assert.ok(n >= 1, "at least one row");
        assert.deepEqual([...out.x.shape], [n, out.columns.length]);
        assert.ok(out.columns.length >= 1);
        assert.equal(new Set([...out.columns, out.target]).size, out.columns.length + 1);
        assert.equal(out.y.shape[0], n);
        if (out.labels !== null)
          for (const v of out.y.data) assert.ok(v >= 0 && v < out.labels.length);
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});
