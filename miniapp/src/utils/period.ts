import { addDays } from './format';

export type Preset = 'this_month' | 'last_month' | 'last_7' | 'last_30' | 'custom';

/**
 * `[from, to)` for a preset, in Asia/Shanghai days. 本月 is the whole calendar month, though it is
 * not over: the server counts up to now (its summary says 截至…), compares it with the whole previous
 * month and scores the targets saved for this month — a period ending tomorrow was a different,
 * shorter period with none of those.
 */
export function presetPeriod(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const tomorrow = addDays(today, 1);
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case 'this_month':
      return monthPeriod(today.slice(0, 7));
    case 'last_month': {
      const lastMonthStart = `${addDays(monthStart, -1).slice(0, 7)}-01`;
      return { from: lastMonthStart, to: monthStart };
    }
    case 'last_7':
      return { from: addDays(today, -6), to: tomorrow };
    case 'last_30':
      return { from: addDays(today, -29), to: tomorrow };
  }
}

/** A calendar month, "2026-12", moved by `months` (2026-12 + 1 → 2027-01). */
export function shiftMonth(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `[from, to)` of a calendar month: 2026-12 → 2026-12-01 … 2027-01-01 (whole months, as report periods take them). */
export function monthPeriod(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${shiftMonth(month, 1)}-01` };
}

/** "2026年12月". */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${year}年${m}月`;
}

/** "2026年12月31日" for 2026-12-31. */
export function dayLabel(day: string): string {
  const [year, m, d] = day.split('-').map(Number);
  return `${year}年${m}月${d}日`;
}
