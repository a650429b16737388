import type { Lang } from '../config';
import { chartName } from '../standards';
import type { Summary } from './summary';
import { Raster, type Rgb } from './png';

/**
 * The summary's chart (PNG, pure): adoption per standard now (dark) against the previous scan
 * (light), and the trend of the headline figures over the last scans. Large type and thick bars, so
 * it reads in a chat thumbnail.
 */
export interface TrendPoint {
  at: string;
  mail?: number;
  web?: number;
}

const INK: Rgb = [33, 37, 41];
const GRID: Rgb = [222, 226, 230];
const NOW: Rgb = [1, 104, 155]; // Rijksoverheid-like blue
const BEFORE: Rgb = [173, 205, 222];
const MAIL: Rgb = [1, 104, 155];
const WEB: Rgb = [229, 115, 0];

const LABELS: Record<Lang, { title: string; trend: string; now: string; before: string; mail: string; web: string }> = {
  nl: {
    title: 'ADOPTIE {list}',
    trend: 'VOLDOET AAN ALLES',
    now: 'NU',
    before: 'VORIGE',
    mail: 'E-MAIL',
    web: 'WEB',
  },
  en: {
    title: 'ADOPTION {list}',
    trend: 'MEETS EVERYTHING',
    now: 'NOW',
    before: 'PREVIOUS',
    mail: 'MAIL',
    web: 'WEB',
  },
};

export const CHART = { width: 1000, rowHeight: 40, top: 90, labelWidth: 240, trendHeight: 260 } as const;

/** Where the bar of row `i` starts and how long 100 % is: for tests that measure the picture. */
export const barGeometry = (i: number): { x: number; y: number; full: number; height: number } => ({
  x: CHART.labelWidth,
  y: CHART.top + i * CHART.rowHeight,
  full: CHART.width - CHART.labelWidth - 110,
  height: 18,
});

export function renderChart(s: Summary, trend: readonly TrendPoint[], lang: Lang): Buffer {
  const L = LABELS[lang];
  const rows = s.standards;
  const height = CHART.top + rows.length * CHART.rowHeight + 40 + CHART.trendHeight;
  const r = new Raster(CHART.width, height);
  r.text(24, 20, L.title.replace('{list}', s.list.slice(0, 40)), INK, 4);
  r.rect(24, 62, 16, 12, NOW);
  r.text(46, 62, L.now, INK, 2);
  if (rows.some((f) => f.previousShare !== undefined)) {
    r.rect(120, 62, 16, 12, BEFORE);
    r.text(142, 62, L.before, INK, 2);
  }
  rows.forEach((f, i) => {
    const g = barGeometry(i);
    r.text(24, g.y + 2, chartName(f.standard).slice(0, 17), INK, 2);
    for (const p of [0, 25, 50, 75, 100]) r.rect(g.x + (g.full * p) / 100, g.y - 4, 1, CHART.rowHeight - 8, GRID);
    r.rect(g.x, g.y, (g.full * f.share) / 100, g.height, NOW);
    if (f.previousShare !== undefined) r.rect(g.x, g.y + g.height + 2, (g.full * f.previousShare) / 100, 8, BEFORE);
    r.text(g.x + g.full + 14, g.y + 2, `${f.share}%`, INK, 2);
  });

  // Trend of the headline figures, oldest left.
  const top = CHART.top + rows.length * CHART.rowHeight + 40;
  const plot = { x: 80, y: top + 40, w: CHART.width - 140, h: CHART.trendHeight - 90 };
  r.text(24, top, L.trend, INK, 3);
  for (const p of [0, 50, 100]) {
    const y = plot.y + plot.h - (plot.h * p) / 100;
    r.rect(plot.x, y, plot.w, 1, GRID);
    r.text(24, y - 6, `${p}%`, INK, 2);
  }
  const points = trend.slice(-12);
  const xAt = (i: number): number => plot.x + (points.length <= 1 ? plot.w / 2 : (plot.w * i) / (points.length - 1));
  for (const [key, colour] of [
    ['mail', MAIL],
    ['web', WEB],
  ] as const) {
    const series = points
      .map((p, i) => ({ x: xAt(i), v: p[key] }))
      .filter((p): p is { x: number; v: number } => p.v !== undefined);
    series.forEach((p, i) => {
      const y = plot.y + plot.h - (plot.h * p.v) / 100;
      r.rect(p.x - 5, y - 5, 10, 10, colour);
      const prev = series[i - 1];
      if (prev) r.line(prev.x, plot.y + plot.h - (plot.h * prev.v) / 100, p.x, y, colour, 3);
    });
  }
  points.forEach((p, i) => {
    if (i === 0 || i === points.length - 1) r.text(xAt(i) - 30, plot.y + plot.h + 12, p.at.slice(0, 10), INK, 1);
  });
  let lx = CHART.width - 320;
  for (const [label, colour, has] of [
    [L.mail, MAIL, points.some((p) => p.mail !== undefined)],
    [L.web, WEB, points.some((p) => p.web !== undefined)],
  ] as const) {
    if (!has) continue;
    r.rect(lx, top + 4, 16, 12, colour);
    lx += 22 + r.text(lx + 22, top + 4, label, INK, 2) + 20;
  }
  return r.png();
}
