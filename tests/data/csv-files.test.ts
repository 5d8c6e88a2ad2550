// loadCsv: reading files (UTF-8 only, with the byte and the encoding to use named otherwise), and
// a fuzz test over random CSV bytes: a clear CsvError or a valid table, never a crash.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { CsvError } from "../../src/data/index.js";
import { loadCsv } from "../../src/data/node.js";

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
