/**
 * Shares of a whole as the summary's 占比 columns print them (one decimal of a percent), rounded so
 * that they add up to exactly 100.0 %: each share is rounded down to a tenth of a percent, and the
 * tenths still missing go to the shares with the largest remainders (the largest remainder method;
 * on a tie, the earlier row). Rounded one by one, three equal types printed 33.3 % each — 99.9 %
 * in a table a reader adds up.
 *
 * The counts are whole numbers; the result is one fraction per count (0.334 for 33.4 %), or null for
 * every row when the total is 0.
 */
export function sharesOf(counts: readonly number[]): Array<number | null> {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total <= 0) return counts.map(() => null);
  const UNITS = 1000; // tenths of a percent in the whole
  // Integer arithmetic: n × 1000 / total exactly, as a quotient and a remainder.
  const floors = counts.map((n) => Math.floor((n * UNITS) / total));
  const remainders = counts.map((n, i) => n * UNITS - floors[i] * total);
  let missing = UNITS - floors.reduce((sum, f) => sum + f, 0);
  const order = counts.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (const i of order) {
    if (missing === 0) break;
    if (remainders[i] === 0) continue;
    floors[i] += 1;
    missing -= 1;
  }
  return floors.map((units) => units / UNITS);
}
