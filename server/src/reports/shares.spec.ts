import { percentDigits } from '@wuye/shared';
import { sharesOf } from './shares';

const printed = (counts: number[]) => sharesOf(counts).map((s) => (s === null ? '—' : `${percentDigits(s)}%`));
const printedSum = (counts: number[]) => sharesOf(counts).reduce((sum: number, s) => sum + Math.round((s ?? 0) * 1000), 0);

describe('sharesOf: the 占比 column adds up to 100.0 %', () => {
  it('gives the tenth left over by three equal parts to the first of them', () => {
    expect(printed([5, 5, 5])).toEqual(['33.4%', '33.3%', '33.3%']);
  });

  it('gives the missing tenths to the largest remainders, not to the largest shares', () => {
    // Seven equal parts are 14.2857 % each: rounded alone they print 100.1 %.
    expect(printed([1, 1, 1, 1, 1, 1, 1])).toEqual(['14.3%', '14.3%', '14.3%', '14.3%', '14.3%', '14.3%', '14.2%']);
    expect(printed([2, 1])).toEqual(['66.7%', '33.3%']);
    expect(printed([1, 2, 3])).toEqual(['16.7%', '33.3%', '50.0%']);
  });

  it('leaves exact shares as they are', () => {
    expect(printed([1, 1, 2])).toEqual(['25.0%', '25.0%', '50.0%']);
    expect(printed([0, 4])).toEqual(['0.0%', '100.0%']);
  });

  it('has no shares of nothing', () => {
    expect(printed([0, 0])).toEqual(['—', '—']);
    expect(printed([])).toEqual([]);
  });

  it('adds up to 1000 tenths for any counts, each within a tenth of its exact share', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 500; round += 1) {
      const counts = Array.from({ length: 1 + (next() % 9) }, () => next() % (round % 2 ? 5 : 100000));
      if (counts.every((n) => n === 0)) continue;
      const total = counts.reduce((a, b) => a + b, 0);
      expect(printedSum(counts)).toBe(1000);
      sharesOf(counts).forEach((s, i) => expect(Math.abs(s! - counts[i] / total)).toBeLessThan(0.001));
    }
  });
});
