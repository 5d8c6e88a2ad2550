/** "Did you mean ...?" for option names, flags and enum values: the closest candidate by edits. */

/** The edit distance between two strings (insertions, deletions, substitutions; case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The candidate closest to `name`, when it is close enough to be a likely typo (or one contains
 * the other, as lr in learningRate); otherwise undefined.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  // torch's snake_case names for descent's camelCase ones (weight_decay → weightDecay)
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (camel !== name && list.includes(camel)) return camel;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of list) {
    const c = candidate.toLowerCase();
    const d = editDistance(name, candidate);
    const related = c.length >= 2 && (lower.includes(c) || c.includes(lower));
    const score = related ? Math.min(d, 1) : d;
    if (score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** " (did you mean 'x'?)" or "" — for the end of a message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closest(name, candidates);
  return match === undefined ? "" : ` (did you mean '${match}'?)`;
}
