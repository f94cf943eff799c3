import { fixed, percentDigits, percentPointsBetween, roundHalfUp } from './rounding';

describe('rounding half up from the decimal value', () => {
  it.each([
    [23 / 80, '28.8'], // 28.749999… as a float product: toFixed gave 28.7, Excel's 0.0% shows 28.8
    [1 / 3, '33.3'], [2 / 3, '66.7'], [0.0005, '0.1'], [0.00049, '0.0'], [1, '100.0'], [-0.0125, '-1.3'], [-0.0004, '0.0'],
  ])('percentDigits(%p) = %s', (value, text) => {
    expect(percentDigits(value)).toBe(text);
  });

  it.each([
    [242 / 57, '4.2'], [4.35, '4.4'], [4.25, '4.3'], [1.005, '1.0'], [-2.25, '-2.3'], [-0.04, '0.0'], [12345678.95, '12345679.0'],
  ])('fixed(%p, 1) = %s', (value, text) => {
    expect(fixed(value, 1)).toBe(text);
  });

  it('rounds to a number of decimals from the decimal value', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(4.35, 1)).toBe(4.4);
  });

  it.each([
    [5 / 6, 21 / 26, '2.5'], // printed 83.3% and 80.8%; the exact difference (2.56…) would print 2.6
    [0.88, 0.912, '-3.2'], [23 / 80, 0.2875, '0.0'], [1, 0, '100.0'], [0.0004, 0.0006, '-0.1'],
  ])('percentPointsBetween(%p, %p) = %s: the printed figures\' difference', (current, previous, text) => {
    expect(percentPointsBetween(current, previous)).toBe(text);
    expect(Number(percentPointsBetween(current, previous))).toBeCloseTo(Number(percentDigits(current)) - Number(percentDigits(previous)), 10);
  });
});
