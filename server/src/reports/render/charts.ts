import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartSpec } from '../summary-document';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
// Single quotes: ECharts writes this into a double-quoted style attribute as it is.
const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

/** One chart as an SVG string, drawn by ECharts' server-side SVG renderer (no DOM, no canvas). */
export function chartSvg(chart: ChartSpec): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    const base = { animation: false, textStyle: { fontFamily: FONT }, title: { text: chart.title, left: 'center', textStyle: { fontSize: 14 } } };
    if (chart.type === 'pie') {
      instance.setOption({
        ...base,
        legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['30%', '60%'], label: { formatter: '{b}: {c}' },
          data: chart.categories.map((name, i) => ({ name, value: chart.series[0].data[i] })) }],
      });
    } else {
      instance.setOption({
        ...base,
        legend: chart.series.length > 1 ? { bottom: 0 } : undefined,
        grid: { left: 48, right: 24, top: 48, bottom: chart.series.length > 1 ? 56 : 36 },
        // Every bar's name on a short axis; dates (the trend) and long axes as many as fit, so labels
        // never overlap (fourteen daily dates, a weekly report, were printed over each other).
        xAxis: { type: 'category', data: chart.categories, axisLabel: { interval: chart.type === 'line' || chart.categories.length > 16 ? 'auto' : 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: chart.series.map((s) => ({ type: chart.type, name: s.name, data: s.data, label: { show: chart.type === 'bar', position: 'top' } })),
      });
    }
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

/**
 * The SVG as a PNG (for Word viewers that cannot show SVG), rasterised by resvg. Text needs a CJK
 * font on the machine (e.g. fonts-noto-cjk or fonts-wqy-microhei); without one Chinese labels come
 * out as boxes in the PNG only — Word shows the SVG itself with the reader's fonts.
 */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' }, fitTo: { mode: 'width', value: CHART_WIDTH * 2 } })
    .render().asPng();
}
