import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart, barGeometry } from '../../src/adoption/chart';
import type { Summary } from '../../src/adoption/summary';
import { readPng } from '../support/png-reader';

const summary: Summary = {
  list: 'gemeenten',
  scanId: 's2',
  at: '2026-11-30T08:00:00.000Z',
  previousScanId: 's1',
  organisations: 342,
  standards: [
    {
      standard: 'spf',
      type: 'mail',
      passed: 300,
      failed: 42,
      couldNotTest: 0,
      explained: 0,
      notApplicable: 0,
      share: 87,
      previousShare: 80,
    },
    {
      standard: 'dmarc',
      type: 'mail',
      passed: 210,
      failed: 132,
      couldNotTest: 0,
      explained: 0,
      notApplicable: 0,
      share: 61,
      previousShare: 64,
    },
    {
      standard: 'dane',
      type: 'mail',
      passed: 100,
      failed: 242,
      couldNotTest: 0,
      explained: 0,
      notApplicable: 0,
      share: 29,
    },
    {
      standard: 'https',
      type: 'web',
      passed: 342,
      failed: 0,
      couldNotTest: 0,
      explained: 0,
      notApplicable: 0,
      share: 100,
      previousShare: 100,
    },
  ],
  headline: {
    mail: { compliant: 80, total: 342, share: 23, previousShare: 20 },
    web: { compliant: 200, total: 342, share: 58 },
  },
  improvements: [],
  regressions: [],
  counts: { improvements: 0, regressions: 0 },
  providers: [],
  exceptions: [],
};
const trend = [
  { at: '2026-09-07T07:00:00Z', mail: 15, web: 50 },
  { at: '2026-10-05T07:00:00Z', mail: 20, web: 55 },
  { at: '2026-11-30T08:00:00Z', mail: 23, web: 58 },
];

describe('the summary chart (PNG)', () => {
  it('is a valid PNG whose bars are as long as the shares', () => {
    const png = renderChart(summary, trend, 'nl');
    const img = readPng(png);
    assert.equal(img.width, 1000);
    summary.standards.forEach((f, i) => {
      const g = barGeometry(i);
      const y = g.y + Math.floor(g.height / 2);
      let blue = 0;
      for (let x = g.x; x < g.x + g.full; x++) if (img.pixel(x, y).join() === '1,104,155') blue++;
      assert.ok(Math.abs(blue - (g.full * f.share) / 100) <= 2, `${f.standard}: ${blue} px for ${f.share}%`);
      if (f.previousShare !== undefined) {
        let light = 0;
        for (let x = g.x; x < g.x + g.full; x++) if (img.pixel(x, g.y + g.height + 5).join() === '173,205,222') light++;
        assert.ok(Math.abs(light - (g.full * f.previousShare) / 100) <= 2, `${f.standard} before`);
      }
    });
    mkdirSync(join(__dirname, '..', '..', '..', 'test-output'), { recursive: true });
    writeFileSync(join(__dirname, '..', '..', '..', 'test-output', 'adoption-chart.png'), png);
  });

  it('draws a first scan without previous figures or trend, and bounds its size', () => {
    const first = {
      ...summary,
      previousScanId: undefined,
      standards: summary.standards.map(({ previousShare: _p, ...f }) => f),
    };
    assert.ok(readPng(renderChart(first, [], 'en')).height > 100);
  });
});
