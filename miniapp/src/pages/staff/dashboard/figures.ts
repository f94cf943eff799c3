import { fixed, percentDigits, percentPointsBetween } from '@wuye/shared';

// The dashboard's figures, rounded as the work summary rounds them (shared/src/rounding.ts), so the
// two never disagree in the last digit (23/80 is 28.8% in both; toFixed gave 28.7%).

/** 0.5 → "50.0%", null → "—" (no denominator). */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${percentDigits(value)}%`;
}

/** Percentage points between two rates as printed, unsigned: 0.912 vs 0.88 → "3.2"; 83.3% vs 80.8% → "2.5". */
export function points(current: number, previous: number): string {
  return percentPointsBetween(current, previous).replace('-', '');
}

/**
 * Which way a rate moved against the previous period, judged on the two figures as printed (as
 * `points` and the work summary do): 89.47% against 89.51% both print 89.5%, so it did not move
 * ("→ 0.0"), not "↓ 0.0" in red.
 */
export function movement(current: number, previous: number): -1 | 0 | 1 {
  return Math.sign(Number(percentPointsBetween(current, previous))) as -1 | 0 | 1;
}

export function minutesText(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value < 60) return `${fixed(value, 0)} 分钟`;
  if (value < 24 * 60) return `${fixed(value / 60, 1)} 小时`;
  return `${fixed(value / 1440, 1)} 天`;
}

/**
 * The mean score as the work summary prints it: the exact ratingSum ÷ ratings, one decimal — 242/57 is
 * "4.2" (the API's satisfactionMean, rounded to 4.25 first, would read 4.3: rounded twice).
 */
export function score(counts: { ratingSum: number; ratings: number } | undefined): string {
  return counts?.ratings ? fixed(counts.ratingSum / counts.ratings, 1) : '—';
}
