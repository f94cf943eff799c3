import { formatTime } from '../../src/utils/format';

describe('formatTime', () => {
  const now = new Date('2026-11-30T04:00:00Z');

  it('shows a time of this year in Asia/Shanghai without the year', () => {
    expect(formatTime('2026-11-30T06:05:00Z', now)).toBe('11-30 14:05');
    // 23:30 UTC on the 30th is already 1 December in Shanghai.
    expect(formatTime('2026-11-30T23:30:00Z', now)).toBe('12-01 07:30');
  });

  it('names the year of an older time, so last year’s case is not read as this year’s', () => {
    expect(formatTime('2025-11-30T06:05:00Z', now)).toBe('2025-11-30 14:05');
    // Shanghai's new year starts eight hours before UTC's.
    expect(formatTime('2025-12-31T17:00:00Z', now)).toBe('01-01 01:00');
  });

  it('shows a dash for a time that is not there', () => {
    expect(formatTime(null, now)).toBe('—');
  });
});
