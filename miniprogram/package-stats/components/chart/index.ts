/**
 * One chart of the dashboards and survey results (docs/miniprogram.md, "Charts"): `kind` bar | pie | ring | line,
 * `labels`, `values` (numbers, or '<5' for a small cell), optional `title`. Drawn by uCharts on a `canvas type="2d"`;
 * a '<5' cell is never drawn as a number (it is left out of the drawing and listed as "<5"), and every value is also
 * listed as text under the chart, so the figures show where a canvas does not.
 */

type Value = number | '<5';
type Kind = 'bar' | 'pie' | 'ring' | 'line';

interface UChartsOptions {
  type: string;
  context: unknown;
  width: number;
  height: number;
  pixelRatio: number;
  canvas2d: boolean;
  animation: boolean;
  background: string;
  color: string[];
  categories?: string[];
  series: unknown[];
  legend: { show: boolean };
  dataLabel: boolean;
  fontSize: number;
  extra?: Record<string, unknown>;
}

type UChartsConstructor = new (options: UChartsOptions) => unknown;

const COLORS = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9', '#8e44ad', '#16a085', '#d35400', '#7f8c8d'];
const HEIGHTS: Record<Kind, number> = { bar: 420, line: 420, pie: 460, ring: 460 };

/** The chart library, from the subpackage's own copy (loaded on first draw: the main package never carries it). */
function uCharts(): UChartsConstructor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../vendor/u-charts.js') as UChartsConstructor;
}

/** A number to draw, or null for a small cell (left out). */
const drawable = (v: Value): number | null => (typeof v === 'number' ? v : null);

function seriesOf(kind: Kind, labels: string[], values: Value[]): { categories?: string[]; series: unknown[] } {
  if (kind === 'pie' || kind === 'ring') {
    const data = labels
      .map((name, i) => ({ name, value: drawable(values[i]) }))
      .filter((d): d is { name: string; value: number } => d.value !== null && d.value > 0);
    return { series: [{ data }] };
  }
  return { categories: labels, series: [{ name: '', data: values.map(drawable) }] };
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    kind: { type: String, value: 'bar' },
    labels: { type: Array, value: [] as string[] },
    values: { type: Array, value: [] as Value[] },
    title: { type: String, value: '' },
  },
  data: {
    rows: [] as { label: string; value: string; small: boolean }[],
    empty: true,
    /** Some value is a number above 0 (a chart of small cells only is a list, with no empty canvas). */
    drawable: false,
    hasSmall: false,
    height: 420,
    /** In data, not in WXML: a "<" in WXML text would open a tag. */
    smallNote: '少于 5 人的项不绘制，仅列出为“<5”',
  },
  observers: {
    'kind, labels, values'() {
      this.refresh();
    },
  },
  lifetimes: {
    ready() {
      this.refresh();
    },
  },
  methods: {
    refresh() {
      const labels = this.data.labels as string[];
      const values = this.data.values as Value[];
      const kind = (this.data.kind as Kind) || 'bar';
      const rows = labels.map((label, i) => {
        const v = values[i] ?? 0;
        return { label, value: String(v), small: v === '<5' };
      });
      const empty = rows.length === 0 || values.every((v) => v === 0);
      const canDraw = values.some((v) => typeof v === 'number' && v > 0);
      const height = HEIGHTS[kind] ?? 420;
      this.setData({ rows, empty, drawable: canDraw, hasSmall: rows.some((r) => r.small), height }, () => {
        if (canDraw) this.draw(kind, labels, values);
      });
    },

    /** Measures the canvas and draws; where there is no canvas (tests, the screenshot pipeline) it does nothing. */
    draw(kind: Kind, labels: string[], values: Value[]) {
      const query = this.createSelectorQuery?.();
      if (!query) return;
      query
        .select('#chart-canvas')
        .fields({ node: true, size: true })
        .exec((res: { node?: WechatMiniprogram.Canvas; width?: number; height?: number }[] | null) => {
          const found = res?.[0];
          const canvas = found?.node;
          if (!canvas || !found.width || !found.height || typeof canvas.getContext !== 'function') return;
          const pixelRatio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          canvas.width = found.width * pixelRatio;
          canvas.height = found.height * pixelRatio;
          const UCharts = uCharts();
          new UCharts({
            type: kind === 'bar' ? 'column' : kind,
            context: canvas.getContext('2d'),
            width: found.width * pixelRatio,
            height: found.height * pixelRatio,
            pixelRatio,
            canvas2d: true,
            animation: false,
            background: '#FFFFFF',
            color: COLORS,
            ...seriesOf(kind, labels, values),
            legend: { show: kind === 'pie' || kind === 'ring' },
            dataLabel: true,
            fontSize: 11,
            extra: { column: { width: 18 }, ring: { ringWidth: 24 }, line: { type: 'straight' } },
          });
        });
    },
  },
});
