import { percentileCont } from '../src/reports/histogram-percentile';
import { TestContext } from './support/test-context';

/**
 * The report computes percentiles from per-value frequency counts (a parallel hash aggregate)
 * instead of percentile_cont's sort. This checks, on the real database, that the result is
 * exactly — to the last bit of the float8 — what percentile_cont returns, over awkward data:
 * no rows, only nulls, a single value, ties, even and odd counts, extremes, and many random sets.
 */
describe('exact percentile_cont from a histogram', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await TestContext.create(); });
  afterAll(async () => { await ctx.close(); });

  const FRACTIONS = [0, 0.01, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

  async function both(values: Array<number | null>): Promise<{ expected: Array<number | null>; actual: Array<number | null> }> {
    const [{ p }] = await ctx.db.query(
      `SELECT percentile_cont($2::float8[]) WITHIN GROUP (ORDER BY v) AS p FROM unnest($1::int[]) v`, [values, FRACTIONS]);
    const bins: Array<{ m: number; n: number }> = await ctx.db.query(
      `SELECT v AS m, count(*)::int AS n FROM unnest($1::int[]) v WHERE v IS NOT NULL GROUP BY v`, [values]);
    const expected = p === null ? FRACTIONS.map(() => null) : (p as Array<number | null>);
    return { expected, actual: percentileCont(bins.map((b) => [b.m, b.n] as const), FRACTIONS) };
  }

  it.each([
    ['no rows', []],
    ['only nulls', [null, null, null]],
    ['a single value', [42]],
    ['a single value with nulls', [null, 7, null]],
    ['one value repeated', [5, 5, 5, 5]],
    ['two values', [1, 2]],
    ['odd count', [3, 1, 2]],
    ['even count', [4, 1, 3, 2]],
    ['ties around the median', [1, 1, 2, 2, 2, 9, 9, 100]],
    ['ties and nulls, even count', [10, null, 10, 20, null, 30, 30, 30, 40, 1000]],
    ['zero and the int extremes', [0, -2147483648, 2147483647, 0]],
    ['large gap', [0, 0, 0, 0, 0, 0, 0, 0, 0, 100000]],
  ])('%s', async (_name, values) => {
    const { expected, actual } = await both(values as Array<number | null>);
    expect(actual).toEqual(expected);
  });

  it('equals percentile_cont on 200 random sets with many ties', async () => {
    let seed = 12345;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
    for (let set = 0; set < 200; set++) {
      const size = 1 + (next() % 300);
      const range = 1 + (next() % (set % 2 === 0 ? 20 : 5000));
      const values = Array.from({ length: size }, () => (next() % 13 === 0 ? null : next() % range));
      const { expected, actual } = await both(values);
      expect({ set, actual }).toEqual({ set, actual: expected });
    }
  });
});
