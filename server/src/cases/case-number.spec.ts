import { formatCaseNumber, shanghaiDay } from './case-number';

describe('case numbers', () => {
  it.each([
    ['2026-11-30T15:59:59.999Z', '20261130'], // 23:59:59 in Shanghai: still the 30th
    ['2026-11-30T16:00:00.000Z', '20261201'], // midnight in Shanghai: December 1st
    ['2026-11-29T16:00:00.000Z', '20261130'],
    ['2026-12-31T16:00:00.000Z', '20270101'], // the new year starts 8 hours before UTC's
    ['2028-02-28T16:30:00.000Z', '20280229'], // leap day
  ])('%s is Shanghai day %s', (utc, day) => {
    expect(shanghaiDay(new Date(utc)).compact).toBe(day);
    expect(shanghaiDay(new Date(utc)).iso).toBe(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`);
  });

  it.each([
    [1, 'HY-20261130-0001'],
    [7, 'HY-20261130-0007'],
    [9999, 'HY-20261130-9999'],
    [10000, 'HY-20261130-10000'], // a very busy day grows a digit rather than wrapping around
  ])('formats sequence %i as %s', (sequence, number) => {
    expect(formatCaseNumber('HY', new Date('2026-11-30T15:59:00Z'), sequence)).toBe(number);
  });

  it('numbers a case created just after Shanghai midnight with the new day', () => {
    expect(formatCaseNumber('HY', new Date('2026-11-30T16:00:00Z'), 1)).toBe('HY-20261201-0001');
  });
});
