// parseCsv's refusals: a table of bad inputs with the exact error text (the line, the column, what is
// wrong and what to do).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCsv, type CsvOptions } from "../../src/data/index.js";

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

describe("parseCsv refuses", () => {
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
