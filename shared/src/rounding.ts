/**
 * Decimal rounding for every figure the reports print. A float such as 23/80 is stored as
 * 0.28749999999999997…, so `(23 / 80 * 100).toFixed(1)` prints "28.7" while a spreadsheet showing
 * the same value as `0.0%` prints 28.8%. These helpers round half away from zero (as spreadsheets
 * do) from the value's 15-significant-digit decimal — the value a spreadsheet works from — so the
 * text and the workbook agree, and a ratio of integers rounds as its exact value does.
 */

/** `value` × 10^shift rounded to an integer, half away from zero, from its 15-digit decimal. */
function roundedUnits(value: number, shift: number): number {
  // No destructuring: the mini-program's Babel would import a runtime helper shared/ cannot resolve.
  const parts = Math.abs(value).toPrecision(15).split('e');
  const units = Math.round(Number(`${parts[0]}e${Number(parts[1] ?? '0') + shift}`));
  return units === 0 ? 0 : Math.sign(value) * units;
}

/** `value` rounded half away from zero to `digits` decimals (4.2456… → 4.2, 0.2875 → 0.288 at 3). */
export function roundHalfUp(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  return roundedUnits(value, digits) / 10 ** digits;
}

/** `value` as text with exactly `digits` decimals, rounded half away from zero ("28.8" for 28.75). */
export function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  return (roundedUnits(value, digits) / 10 ** digits).toFixed(digits);
}

/** A fraction as a percentage with `digits` decimals, without the sign: 23/80 → "28.8". */
export function percentDigits(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  return (roundedUnits(fraction, digits + 2) / 10 ** digits).toFixed(digits);
}

/**
 * The change between two fractions in percentage points as the two are printed, each rounded to
 * `digits` first, signed: 5/6 against 21/26 prints 83.3% and 80.8%, so "2.5" (their exact difference
 * rounds to 2.6, which a reader subtracting the printed figures would take for an error).
 */
export function percentPointsBetween(current: number, previous: number, digits = 1): string {
  return ((roundedUnits(current, digits + 2) - roundedUnits(previous, digits + 2)) / 10 ** digits).toFixed(digits);
}
