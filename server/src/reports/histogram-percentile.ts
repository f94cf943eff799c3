/**
 * Exact `percentile_cont` from a frequency histogram, so that a percentile needs a parallel hash
 * aggregate (`GROUP BY value`, count) instead of a sort of every row.
 *
 * PostgreSQL (orderedsetaggs.c, percentile_cont_final_common) sorts the N non-null values and, with
 * pos = p·(N−1) in float8, takes the values at rows floor(pos) and ceil(pos) (0-based) and returns
 * lo + (hi − lo)·(pos − floor(pos)) (float8_lerp), or lo when both rows are the same. The same
 * arithmetic in IEEE doubles gives the same float8; no rows → null.
 *
 * `bins` are [value, count] pairs with distinct values, in any order; counts ≤ 0 are ignored.
 */
export function percentileCont(bins: ReadonlyArray<readonly [number, number]>, fractions: readonly number[]): Array<number | null> {
  const sorted = bins.filter(([, n]) => n > 0).slice().sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, n] of sorted) total += n;
  if (total === 0) return fractions.map(() => null);
  const valueAt = (row: number): number => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (row < seen) return value;
    }
    return sorted[sorted.length - 1][0];
  };
  return fractions.map((p) => {
    const pos = p * (total - 1);
    const first = Math.floor(pos);
    const second = Math.ceil(pos);
    const lo = valueAt(first);
    if (second <= first) return lo;
    const hi = valueAt(second);
    return lo + (hi - lo) * (pos - first);
  });
}
