import { addDays } from './format';

export type Preset = 'this_month' | 'last_month' | 'last_7' | 'last_30' | 'custom';

/** `[from, to)` for a preset, in Asia/Shanghai days. */
export function presetPeriod(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const tomorrow = addDays(today, 1);
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case 'this_month':
      return { from: monthStart, to: tomorrow };
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

