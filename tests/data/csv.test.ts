// parseCsv: a table of good inputs with their tensors (the refusals are in csv-errors.test.ts,
// files and the fuzz test in csv-files.test.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCsv, type CsvOptions } from "../../src/data/index.js";

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
});
