/**
 * The known key nearest to a misspelt one, for "did you mean ...?" in the refusals of declaration files and of
 * construct props: within a small edit distance, or the one known key that a shortened name begins.
 */
/** Edit distance, for the nearest known key of a misspelt one. */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** The known key nearest to an unknown one, when it is near enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  // Never the opposite meaning: `excludeUnitIds` is not `organizationalUnitIds`, nor the other way round.
  const sameMeaning = known.filter((candidate) => excludes(candidate) === excludes(key));
  return nearestOf(key, sameMeaning);
}

/** Whether a key's first word is `exclude` (or a misspelling of it): a list of what is left out. */
function excludes(key: string): boolean {
  const firstWord = key.match(/^[a-z]+/)?.[0] ?? key.toLowerCase();
  return distance(firstWord.slice(0, 12), 'exclude') <= 2;
}

function nearestOf(key: string, known: readonly string[]): string | undefined {
  const ranked = known.map((candidate) => ({ candidate, distance: distance(key.slice(0, 64), candidate) })).sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  if (best && best.distance <= Math.max(2, Math.floor(best.candidate.length / 3))) {
    return best.candidate;
  }
  // A shortened name (`email` for `emailAddress`): the one known key that it begins, case aside.
  const lower = key.toLowerCase();
  const extended = lower.length >= 4 ? known.filter((candidate) => candidate.toLowerCase().startsWith(lower)) : [];
  return extended.length === 1 ? extended[0] : undefined;
}
