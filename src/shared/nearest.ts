/** "Did you mean": the known name closest to a mistyped one. Shared by every layer; knows nothing of Dispatch. */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The known name closest to `name`, when it is at most `maxDistance` edits away; names as close as
 * each other are all given (`A or B`), so that the suggestion never picks the wrong one of two.
 */
export function nearest(name: string, known: Iterable<string>, maxDistance: number): string | undefined {
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const k of new Set(known)) {
    const d = editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [[k], d];
    else if (d === bestDistance) best.push(k);
  }
  return bestDistance <= maxDistance ? best.join(' or ') : undefined;
}
