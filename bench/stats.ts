/**
 * The order statistics the benches report. Three definitions, kept apart because the published numbers of
 * each bench were made with its own one: they differ for even counts and for p90 of small samples.
 */

/** The value at rank ⌊p·n⌋ of the sorted values (p50 of an even count: the upper middle); NaN when empty. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/** Nearest-rank percentile (rank ⌈p·n⌉, from 1) of the finite values; NaN when there are none. */
export function nearestRank(xs: number[], p: number): number {
  const s = xs.filter(Number.isFinite).sort((x, y) => x - y);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

/** The median of the finite values (an even count: the mean of the two middle ones); NaN when there are none. */
export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((p, q) => p - q);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
