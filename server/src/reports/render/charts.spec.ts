import type { ChartSpec } from '../summary-document';
import { chartSvg } from './charts';

const chart = (type: ChartSpec['type'], categories: string[]): ChartSpec => ({
  id: 'c', title: '图', type, categories,
  series: [{ name: '受理（件）', data: categories.map((_, i) => i + 1) }],
  table: { sheet: '表', title: '表', columns: ['项目', '受理（件）'], rows: [] },
});

/** The x positions of the axis labels drawn for `categories`, left to right. */
function labelPositions(svg: string, categories: string[]): number[] {
  return [...svg.matchAll(/<text [^>]*transform="translate\(([\d.]+) [\d.]+\)"[^>]*>([^<]*)<\/text>/g)]
    .filter((m) => categories.includes(m[2]))
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

describe(chartSvg.name, () => {
  const days = (n: number) => Array.from({ length: n }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`);

  it.each([10, 14, 16, 31])('does not print %p dates on top of each other on the trend axis', (n) => {
    const positions = labelPositions(chartSvg(chart('line', days(n))), days(n));
    expect(positions.length).toBeGreaterThan(1);
    // "2025-03-01" at 12px takes about 60px: labels closer than that overlap.
    const gaps = positions.slice(1).map((x, i) => x - positions[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(60);
  });

  it('still names every bar of a short category axis', () => {
    const buckets = ['≤15分钟', '16–30分钟', '31–60分钟', '1–2小时', '2–4小时', '4–24小时', '超过24小时'];
    expect(labelPositions(chartSvg(chart('bar', buckets)), buckets)).toHaveLength(7);
  });
});
