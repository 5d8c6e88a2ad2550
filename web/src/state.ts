// The page's state lives in the URL hash: #/<lab>?key=value&…, every control, the seed and the step.

export type Value = number | string | boolean;
export type Params = Record<string, Value>;

export interface Route {
  lab: string;
  query: URLSearchParams;
}

/** Reads "#/network?lr=0.03" as { lab: "network", query: lr=0.03 }. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const q = body.indexOf("?");
  const lab = decodeURIComponent(q < 0 ? body : body.slice(0, q));
  return { lab, query: new URLSearchParams(q < 0 ? "" : body.slice(q + 1)) };
}

/**
 * The values of `defaults`' keys from the query, each parsed as its default's type; a missing or
 * unreadable value keeps the default (numbers are written with String(), which round-trips a
 * float64 exactly).
 */
export function readParams<T extends Params>(defaults: T, query: URLSearchParams): T {
  const out: Params = { ...defaults };
  for (const [key, def] of Object.entries(defaults)) {
    const raw = query.get(key);
    if (raw === null) continue;
    if (typeof def === "number") {
      const n = Number(raw);
      if (raw.trim() !== "" && !Number.isNaN(n)) out[key] = n;
    } else if (typeof def === "boolean") {
      out[key] = raw === "1" || raw === "true";
    } else {
      out[key] = raw;
    }
  }
  return out as T;
}

/** "#/lab?k=v…" for these values, every key written so a link never depends on today's defaults. */
export function hashOf(lab: string, params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    query.set(key, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  }
  return `#/${lab}?${query.toString()}`;
}
