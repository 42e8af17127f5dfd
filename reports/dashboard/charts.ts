/**
 * Charts as inline SVG, rendered on the server by ECharts (SSR mode): the dashboard sends no
 * script, so a chart is just markup. Unit names come from crawled pages and config; ECharts
 * writes labels as escaped SVG text, and the finished SVG is still checked for anything active
 * before it is used (defence in depth: a chart is dropped rather than shipped with a handler).
 */
import * as echarts from 'echarts';
import { revealInvisible } from '../../rules/escape.js';

const COLORS = { score: '#1f4e79', veto: '#b3261e', line: '#1f4e79' } as const;

/** Axis labels stay readable: long names are shortened (the full name is in the table below). */
const LABEL_CHARS = 8;

function shortLabel(text: string): string {
  const visible = revealInvisible(text);
  const chars = [...visible];
  return chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join('')}…` : visible;
}

/** Refuses SVG that could run anything: scripts, event handlers, foreign HTML, external references. */
function isInert(svg: string): boolean {
  return !/<script|<foreignObject|\son[a-z]+\s*=|javascript:|<iframe|<use\b[^>]*href\s*=\s*"(?!#)/i.test(svg);
}

function render(option: echarts.EChartsOption, width: number, height: number): string | null {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    // No animation (a server render is one frame) and no ECharts aria text: the page describes
    // the chart itself and repeats its data in a table.
    chart.setOption({ animation: false, aria: { enabled: false }, ...option });
    const svg = chart.renderToSVGString();
    return isInert(svg) ? svg : null;
  } finally {
    // Without dispose the chart's timers keep the process alive.
    chart.dispose();
  }
}

export interface ScoreBar {
  label: string;
  value: number;
  vetoed: boolean;
}

/** Bars of unit scores out of `max`; vetoed units in red. Null when there is nothing to draw. */
export function scoreBarChart(bars: readonly ScoreBar[], max: number, seriesName: string): string | null {
  if (bars.length === 0) return null;
  const width = Math.max(480, Math.min(1100, 90 * bars.length + 120));
  return render(
    {
      grid: { left: 50, right: 20, top: 30, bottom: bars.length > 8 ? 70 : 40 },
      xAxis: { type: 'category', data: bars.map((b) => shortLabel(b.label)), axisLabel: { interval: 0, rotate: bars.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max },
      series: [
        {
          type: 'bar',
          name: seriesName,
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.vetoed ? COLORS.veto : COLORS.score } })),
        },
      ],
    },
    width,
    bars.length > 8 ? 320 : 290,
  );
}

export interface TrendPoint {
  label: string;
  /** null when the unit could not be assessed in that run: a gap in the line, not a zero. */
  value: number | null;
}

/** The score of one unit over runs, as a line out of `max`. Null when there is nothing to draw. */
export function scoreTrendChart(points: readonly TrendPoint[], max: number, seriesName: string): string | null {
  if (points.length === 0) return null;
  return render(
    {
      grid: { left: 50, right: 30, top: 30, bottom: 50 },
      xAxis: { type: 'category', data: points.map((p) => shortLabel(p.label)), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max },
      series: [
        {
          type: 'line',
          name: seriesName,
          connectNulls: false,
          symbolSize: 8,
          label: { show: true, position: 'top' },
          lineStyle: { color: COLORS.line, width: 2 },
          itemStyle: { color: COLORS.line },
          data: points.map((p) => p.value),
        },
      ],
    },
    Math.max(480, Math.min(1100, 80 * points.length + 120)),
    280,
  );
}
