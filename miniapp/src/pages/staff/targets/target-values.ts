import {
  fixed, isAcceptedTarget, percentDigits, roundHalfUp, TARGET_LIMITS, TARGET_METRIC_UNITS, type TargetMetric, type TargetUnit,
} from '@wuye/shared';

// How a target reads and how one is typed. The API speaks fractions for rates (0.49); people read
// and type percentages (49.0%), minutes as minutes and counts as cases. Kept in the staff subpackage.

interface Typed {
  /** After the value, as shown and beside the input. */
  unit: string;
  /** API value × scale = what is typed. */
  scale: number;
  /** Decimals one may type: the work summary shows rates (in points) and minutes to 0.1. */
  decimals: 0 | 1;
  /** Decimals of the API value that many typed decimals make: 49.5 % → 0.495. */
  apiDecimals: number;
}

const TYPED: Record<TargetUnit, Typed> = {
  rate: { unit: '%', scale: 100, decimals: 1, apiDecimals: 3 },
  minutes: { unit: '分钟', scale: 1, decimals: 1, apiDecimals: 1 },
  count: { unit: '件', scale: 1, decimals: 0, apiDecimals: 0 },
};

/** The unit a metric's target is typed in: "%", "分钟" or "件". */
export const typedUnit = (metric: TargetMetric): string => TYPED[TARGET_METRIC_UNITS[metric]].unit;

const amount = (unit: TargetUnit, typed: string) => (unit === 'rate' ? `${typed}%` : `${typed} ${TYPED[unit].unit}`);

/** A target or baseline as the work summary prints it: "49.0%", "37.5 分钟", "3 件"; no figure → "—". */
export function targetValueText(metric: TargetMetric, value: number | null): string {
  return value === null ? '—' : amount(TARGET_METRIC_UNITS[metric], typedText(metric, value));
}

/** What the input starts with: "49.0" for 0.49, "24" for 24 minutes. */
export function typedText(metric: TargetMetric, value: number): string {
  const unit = TARGET_METRIC_UNITS[metric];
  if (unit === 'rate') return percentDigits(value);
  return Number.isInteger(value) ? String(value) : fixed(value, 1);
}

/**
 * The API value of what was typed, or the Chinese reason it cannot be saved. The range is the
 * server's own (TARGET_LIMITS: 0–100 %, 0–1 000 000 minutes, 0–1 000 000 cases in whole numbers).
 */
export function parseTypedTarget(metric: TargetMetric, text: string): number | string {
  const unit = TARGET_METRIC_UNITS[metric];
  const { scale, decimals, apiDecimals } = TYPED[unit];
  const typed = text.trim();
  if (!typed) return '请填写目标值';
  if (!(decimals ? /^\d+(\.\d)?$/ : /^\d+$/).test(typed)) return decimals ? '目标值请填写数字，最多一位小数' : '目标值请填写整数';
  // Rounded, or 49.5 / 100 could carry a float's tail (0.49500000000000005).
  const value = roundHalfUp(Number(typed) / scale, apiDecimals);
  if (!isAcceptedTarget(metric, value)) {
    const { min, max } = TARGET_LIMITS[unit];
    return `目标值须在 ${amount(unit, String(min * scale))} 至 ${amount(unit, String(max * scale))} 之间`;
  }
  return value;
}
