import { num, pct } from './summary-rules';

describe('the work summary prints figures rounded once, half up', () => {
  it('rounds the exact mean once: 242/57 prints 4.2, not 4.25 → 4.3', () => {
    expect(num(242 / 57, ' 分')).toBe('4.2 分');
    expect(num(87 / 20, ' 分钟')).toBe('4.4 分钟'); // a mean of 4.35 minutes: toFixed gave 4.3
    expect(pct(23 / 80)).toBe('28.8%');
  });
});
