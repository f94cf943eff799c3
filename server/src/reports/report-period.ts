import { AppException } from '../common/app.exception';

/** Asia/Shanghai has no daylight saving: every calendar day starts at 16:00 UTC of the day before. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Longest period a report covers (about ten years); longer requests are certainly mistakes. */
const MAX_DAYS = 3700;
/**
 * The dates a requested period may span: 2000-01-01 up to (exclusive) 2100-01-01. Anything else is
 * a typing mistake, and a far date would put the period before it (up to ten years earlier) where
 * PostgreSQL has no such timestamp (year 0, 22008) — a 500 instead of a 400.
 */
const EARLIEST_FROM = '2000-01-01';
const LATEST_TO = '2100-01-01';

/** A report period: Asia/Shanghai calendar dates, `to` exclusive, and the instants they stand for. */
export interface ReportPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
  days: number;
}

/** Midnight in Asia/Shanghai of a YYYY-MM-DD date, or null when the text is not a real date. */
export function shanghaiMidnight(date: string): Date | null {
  if (typeof date !== 'string' || !ISO_DATE.test(date)) return null;
  const utc = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(utc.getTime()) || utc.toISOString().slice(0, 10) !== date) return null;
  return new Date(utc.getTime() - SHANGHAI_OFFSET_MS);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai date and time of an instant, for a reader: "2025年3月16日12:00". */
export function shanghaiTimeLabel(at: Date): string {
  return `${dateLabel(shanghaiDate(at))}${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16)}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Parses a requested `from`/`to`; malformed, reversed, empty or absurdly long periods, and dates
 * outside 2000–2099, are REPORT_PERIOD_INVALID.
 */
export function parsePeriod(from: unknown, to: unknown): ReportPeriod {
  const period = periodOf(from, to);
  if (period.from < EARLIEST_FROM || period.to > LATEST_TO) throw new AppException('REPORT_PERIOD_INVALID');
  return period;
}

/** A valid period, without parsePeriod's bounds (the periods next to a requested one may leave them). */
function periodOf(from: unknown, to: unknown): ReportPeriod {
  const start = shanghaiMidnight(from as string);
  const end = shanghaiMidnight(to as string);
  if (!start || !end || end <= start) throw new AppException('REPORT_PERIOD_INVALID');
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  if (days > MAX_DAYS) throw new AppException('REPORT_PERIOD_INVALID');
  return { from: from as string, to: to as string, start, end, days };
}

/**
 * The period just before `p`, which every comparison (上期, the trend) and the targets' baseline use:
 * the same number of calendar months when `p` is whole months (November for December, the third
 * quarter for the fourth — as a property company reads 较上月 / 较上季度, and as that period's own
 * work summary counted it), otherwise the same number of days. Before, a month was compared with the
 * same number of days (31 October–30 November for December), so December's summary gave November a
 * different total than November's own summary, and targets were set from another period than the
 * one compared with.
 */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  const months = wholeMonths(p);
  return months ? periodOf(addMonths(p.from, -months), p.from) : periodOf(addDays(p.from, -p.days), p.from);
}

/**
 * The period after `p`, which SMART targets are set for: the same number of calendar months when
 * `p` is whole months (March → April), otherwise the same number of days. The inverse of
 * previousPeriod.
 */
export function nextPeriod(p: ReportPeriod): ReportPeriod {
  const months = wholeMonths(p);
  return periodOf(p.to, months ? addMonths(p.to, months) : addDays(p.to, p.days));
}

function wholeMonths(p: ReportPeriod): number | null {
  const [fy, fm, fd] = p.from.split('-').map(Number);
  const [ty, tm, td] = p.to.split('-').map(Number);
  return fd === 1 && td === 1 ? (ty - fy) * 12 + (tm - fm) : null;
}

/**
 * The whole Asia/Shanghai calendar months inside `p`, as `[from, to)` first-of-month dates, or null
 * when it holds none (2025-01-15..2025-04-10 → 2025-02-01..2025-04-01). The report roll-ups are kept
 * per month (reports/metrics.query.ts).
 */
export function wholeMonthsWithin(p: ReportPeriod): { from: string; to: string } | null {
  const from = p.from.endsWith('-01') ? p.from : addMonths(`${p.from.slice(0, 8)}01`, 1);
  const to = `${p.to.slice(0, 8)}01`;
  return from < to ? { from, to } : null;
}

function addMonths(firstOfMonth: string, months: number): string {
  const [y, m] = firstOfMonth.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The period as a Chinese title fragment: a whole month "2025年11月", quarter "2025年第四季度",
 * half-year "2025年上半年", year "2025年", otherwise "2025年11月3日至2025年11月9日".
 */
export function periodLabel(p: ReportPeriod): string {
  const [fy, fm] = p.from.split('-').map(Number);
  const months = wholeMonths(p);
  if (months !== null) {
    if (months === 1) return `${fy}年${fm}月`;
    if (months === 3 && (fm - 1) % 3 === 0) return `${fy}年第${['一', '二', '三', '四'][(fm - 1) / 3]}季度`;
    if (months === 6 && (fm === 1 || fm === 7)) return `${fy}年${fm === 1 ? '上' : '下'}半年`;
    if (months === 12 && fm === 1) return `${fy}年`;
  }
  const last = addDays(p.to, -1);
  return `${dateLabel(p.from)}至${dateLabel(last)}`;
}

export function dateLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
