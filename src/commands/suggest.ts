/**
 * "Did you mean …?": the closest of a few candidates to a mistyped word, by edit distance. The
 * distance is the optimal-string-alignment variant of Levenshtein's (a swap of two neighbours is one
 * edit, so `reprot` is one edit from `report`), over code points (a Chinese character is one). The
 * candidates are a handful of command words or a tenant's room names, so the plain O(n·m) table is
 * plenty: a dozen lines, rather than a dependency without the swap.
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  // d[i][j]: distance between the first i of s and the first j of t.
  const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/** How far a typo may be from a word of `length` characters: one edit for short words, two from five on. */
export function typoAllowance(length: number): number {
  return length >= 5 ? 2 : 1;
}

/**
 * The candidates closest to `word`, nearest first (ties keep the candidates' order), at most `limit`,
 * and only those within `maxDistance` when it is given. `score` may measure a candidate by its
 * parts (a room name by its words); it defaults to the edit distance of the whole.
 */
export function closest<T>(
  word: string,
  candidates: readonly T[],
  opts: { key: (candidate: T) => string; limit: number; maxDistance?: number; score?: (word: string, key: string) => number },
): T[] {
  const score = opts.score ?? editDistance;
  return candidates
    .map((candidate, index) => ({ candidate, index, distance: score(word, opts.key(candidate)) }))
    .filter(({ distance }) => opts.maxDistance === undefined || distance <= opts.maxDistance)
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, opts.limit)
    .map(({ candidate }) => candidate);
}
