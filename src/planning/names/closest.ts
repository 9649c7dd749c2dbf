/**
 * The names nearest to one a user typed, for "did you mean" in an error: case-insensitive edit distance, with a
 * name that contains the typed one (or is contained in it) counted as close too. Pure, so every command that
 * refuses an unknown name (a group, a set, an object, a field, a permission) suggests the same way.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const target = wanted.toLowerCase();
  const allowed = Math.max(2, Math.floor(target.length / 3));
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    // A name that contains the typed one ranks just behind an exact match, ahead of any typo.
    const contains = target.length >= 3 && (lower.includes(target) || target.includes(lower));
    const distance = contains ? 0.5 : editDistance(target, lower, allowed + 1);
    if (distance <= allowed) scored.push({ name, score: lower === target ? 0 : distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}

/** Levenshtein distance, giving up (returning `cap`) once every path is at least `cap` long. */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length];
}
