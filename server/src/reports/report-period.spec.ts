import { addDays, nextPeriod, parsePeriod, periodLabel, previousPeriod, shanghaiDate, wholeMonthsWithin } from './report-period';

describe('parsePeriod', () => {
  it('takes Asia/Shanghai midnights, `to` exclusive', () => {
    const p = parsePeriod('2025-03-01', '2025-04-01');
    expect(p.start.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2025-03-31T16:00:00.000Z');
    expect(p.days).toBe(31);
    expect(shanghaiDate(new Date('2025-02-28T16:00:00Z'))).toBe('2025-03-01');
    expect(shanghaiDate(new Date('2025-02-28T15:59:59Z'))).toBe('2025-02-28');
  });

  it.each([
    ['2025-03-01', '2025-03-01'], ['2025-04-01', '2025-03-01'], ['2025-02-30', '2025-03-01'], ['2025-3-1', '2025-04-01'],
    [undefined, '2025-04-01'], ['2025-03-01', '2025-03-01T00:00'], ['2000-01-01', '2025-01-01'],
    // Outside 2000–2099: year 1 put its previous period in year 0, which PostgreSQL refused (a 500).
    ['0001-01-01', '0001-02-01'], ['1999-12-01', '2000-01-01'], ['1999-12-31', '2000-01-02'], ['2099-12-01', '2100-01-02'],
    ['9999-12-01', '9999-12-31'],
  ])('refuses %p → %p', (from, to) => {
    expect(() => parsePeriod(from, to)).toThrow(expect.objectContaining({ code: 'REPORT_PERIOD_INVALID' }));
  });

  it('takes periods at the edges of 2000–2099, and their neighbours outside them', () => {
    const first = parsePeriod('2000-01-01', '2000-02-01');
    expect(previousPeriod(first)).toMatchObject({ from: '1999-12-01', to: '2000-01-01' });
    const last = parsePeriod('2099-12-01', '2100-01-01');
    expect(nextPeriod(last)).toMatchObject({ from: '2100-01-01', to: '2100-02-01' });
    expect(previousPeriod(parsePeriod('2000-01-01', '2009-12-31')).from).toBe('1990-01-01');
  });
});

describe('neighbouring periods and labels', () => {
  it('takes the next period of the same months, or else of the same days', () => {
    const march = parsePeriod('2025-03-01', '2025-04-01');
    expect(nextPeriod(march)).toMatchObject({ from: '2025-04-01', to: '2025-05-01' });
    expect(nextPeriod(parsePeriod('2025-10-01', '2026-01-01'))).toMatchObject({ from: '2026-01-01', to: '2026-04-01' });
    expect(nextPeriod(parsePeriod('2025-03-03', '2025-03-10'))).toMatchObject({ from: '2025-03-10', to: '2025-03-17' });
  });

  it('takes the previous period of the same calendar months (上月, 上季度), or else of the same days', () => {
    // Compared with November, as November's own summary counted it — not 31 October–30 November.
    expect(previousPeriod(parsePeriod('2025-12-01', '2026-01-01'))).toMatchObject({ from: '2025-11-01', to: '2025-12-01' });
    expect(previousPeriod(parsePeriod('2025-03-01', '2025-04-01'))).toMatchObject({ from: '2025-02-01', to: '2025-03-01' });
    expect(previousPeriod(parsePeriod('2026-01-01', '2026-04-01'))).toMatchObject({ from: '2025-10-01', to: '2026-01-01' });
    expect(previousPeriod(parsePeriod('2025-03-10', '2025-03-17'))).toMatchObject({ from: '2025-03-03', to: '2025-03-10' });
    expect(previousPeriod(parsePeriod('2025-03-15', '2025-04-01'))).toMatchObject({ from: '2025-02-26', to: '2025-03-15' });
  });

  it('undoes nextPeriod for every whole-month period and every period of days followed by one', () => {
    const firsts = Array.from({ length: 48 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
    for (let i = 0; i < 24; i++) {
      for (const months of [1, 2, 3, 6, 12]) {
        const p = parsePeriod(firsts[i], firsts[i + months]);
        expect(previousPeriod(nextPeriod(p))).toMatchObject({ from: p.from, to: p.to });
      }
    }
    for (let start = 0; start < 400; start += 7) {
      for (const days of [1, 7, 10, 30, 45]) {
        const from = addDays('2024-01-03', start);
        const p = parsePeriod(from, addDays(from, days));
        const next = nextPeriod(p);
        if (next.from.endsWith('-01') && next.to.endsWith('-01')) continue; // the next period is whole months: its targets come from the months before
        expect(previousPeriod(next)).toMatchObject({ from: p.from, to: p.to });
      }
    }
  });

  it.each([
    ['2025-03-01', '2025-04-01', '2025年3月'],
    ['2025-10-01', '2026-01-01', '2025年第四季度'],
    ['2025-01-01', '2025-07-01', '2025年上半年'],
    ['2025-01-01', '2026-01-01', '2025年'],
    ['2025-03-03', '2025-03-10', '2025年3月3日至2025年3月9日'],
  ])('labels %s – %s as %s', (from, to, label) => {
    expect(periodLabel(parsePeriod(from, to))).toBe(label);
  });
});

describe('wholeMonthsWithin', () => {
  it.each([
    ['2025-01-01', '2026-01-01', { from: '2025-01-01', to: '2026-01-01' }],
    ['2025-01-15', '2025-04-10', { from: '2025-02-01', to: '2025-04-01' }],
    ['2025-01-29', '2025-03-01', { from: '2025-02-01', to: '2025-03-01' }],
    ['2024-12-02', '2025-01-01', null],
    ['2025-03-03', '2025-03-10', null],
    ['2025-11-20', '2026-02-01', { from: '2025-12-01', to: '2026-02-01' }],
    ['2025-12-02', '2026-01-31', null],
  ])('%s – %s holds the months %p', (from, to, months) => {
    expect(wholeMonthsWithin(parsePeriod(from, to))).toEqual(months);
  });
});
