// SMART targets of the work summary (SPEC §4, item 6): the figures a target is set for, how each is
// measured, its Chinese name, and what a target may be. The server's rules
// (server/src/reports/summary-rules.ts) and the staff 目标设置 page read the same definitions.

export const TARGET_METRICS = [
  'onTimeResponse', 'onTimeResolution', 'resolution', 'satisfaction', 'ratingParticipation', 'followUp', 'reopen',
  'medianResponseMinutes', 'overdueBacklog', 'repeatComplaints',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** How a metric is measured: a rate as a fraction 0..1, a median in minutes, a number of cases. */
export type TargetUnit = 'rate' | 'minutes' | 'count';

export const TARGET_METRIC_UNITS: Record<TargetMetric, TargetUnit> = {
  onTimeResponse: 'rate',
  onTimeResolution: 'rate',
  resolution: 'rate',
  satisfaction: 'rate',
  ratingParticipation: 'rate',
  followUp: 'rate',
  reopen: 'rate',
  medianResponseMinutes: 'minutes',
  overdueBacklog: 'count',
  repeatComplaints: 'count',
};

/** The metric's name as the work summary prints it (minutes and counts name their unit). */
export const TARGET_METRIC_LABELS: Record<TargetMetric, string> = {
  onTimeResponse: '响应及时率',
  onTimeResolution: '按时办结率',
  resolution: '解决率',
  satisfaction: '满意率',
  ratingParticipation: '参评率',
  followUp: '回访率',
  reopen: '重办率',
  medianResponseMinutes: '响应时间中位数（分钟）',
  overdueBacklog: '超期积压（件）',
  repeatComplaints: '重复投诉（件）',
};

/**
 * The targets `POST /api/reports/targets` accepts, per unit: rates are fractions (100 % = 1),
 * minutes any number up to the limit, counts of cases whole numbers.
 */
export const TARGET_LIMITS: Record<TargetUnit, { min: number; max: number; wholeNumber: boolean }> = {
  rate: { min: 0, max: 1, wholeNumber: false },
  minutes: { min: 0, max: 1_000_000, wholeNumber: false },
  count: { min: 0, max: 1_000_000, wholeNumber: true },
};

/** Whether the server accepts `value` as the target of `metric` (TARGET_LIMITS). */
export function isAcceptedTarget(metric: TargetMetric, value: number): boolean {
  const limits = TARGET_LIMITS[TARGET_METRIC_UNITS[metric]];
  return Number.isFinite(value) && value >= limits.min && value <= limits.max && (!limits.wholeNumber || Number.isInteger(value));
}
