import { minutesText, movement, percent, points, score } from '../../src/pages/staff/dashboard/figures';

// The dashboard must print the same digits as the work summary the supervisor hands in.
describe('dashboard figures', () => {
  it('rounds rates half up as the work summary does', () => {
    expect(percent(23 / 80)).toBe('28.8%'); // toFixed printed 28.7%
    expect(percent(null)).toBe('—');
    expect(points(0.9125, 0.88)).toBe('3.3');
    // The difference of the printed rates (83.3% and 80.8%), not of the exact ones (2.56…).
    expect(points(5 / 6, 21 / 26)).toBe('2.5');
    expect(points(21 / 26, 5 / 6)).toBe('2.5');
  });

  it('says which way a rate moved from the printed figures, not the exact ones', () => {
    expect(movement(0.8947, 0.8951)).toBe(0); // both 89.5%
    expect(movement(0.8956, 0.8944)).toBe(1); // 89.6% against 89.4%
    expect(movement(5 / 6, 21 / 26)).toBe(1);
    expect(movement(0.1, 0.2)).toBe(-1);
  });

  it('rounds times and the mean score half up', () => {
    expect(minutesText(87 / 2)).toBe('44 分钟');
    expect(minutesText(87 * 60 / 20)).toBe('4.4 小时'); // 4.35 h
    expect(minutesText(3 * 1440)).toBe('3.0 天');
    // As the work summary: the exact mean, one decimal (242/57 = 4.2456…, not the API's 4.25 → 4.3).
    expect(score({ ratingSum: 242, ratings: 57 })).toBe('4.2');
    expect(score({ ratingSum: 0, ratings: 0 })).toBe('—');
  });
});
