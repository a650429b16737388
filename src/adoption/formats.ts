import type { Report, TestType } from '../report/types';
import { testsOf } from '../report/test-catalogue';
import type { ResultRow, ScanRow, ScanType } from '../store/types';
import { toCsv } from './csv';

/** Output of `mailcheck scan`: JSON lines, CSV, or the shape of Internet.nl's batch API v2 results. */
export type ScanFormat = 'jsonl' | 'csv' | 'internetnl';

const typesOf = (t: ScanType): TestType[] => (t === 'all' ? ['mail', 'web'] : [t]);
const reportOf = (row: ResultRow, type: TestType): Report | undefined => row.reports.find((r) => r.type === type);

/** One line per domain: {"domain","organisation","checkedAt","mail":Report,"web":Report}. */
export function jsonlLine(row: ResultRow): string {
  const doc: Record<string, unknown> = {
    schema: 'mailcheck/1',
    domain: row.domain,
    ...(row.org ? { organisation: row.org } : {}),
    checkedAt: row.checkedAt,
  };
  for (const r of row.reports) doc[r.type] = r;
  return `${JSON.stringify(doc)}\n`;
}

export function csvHeader(type: ScanType): string {
  const cols = ['domain', 'organisation', 'checked_at'];
  for (const t of typesOf(type)) cols.push(`${t}_score`, ...testsOf(t).map((s) => s.id));
  return toCsv([cols]);
}

export function csvRow(row: ResultRow, type: ScanType): string {
  const cols: unknown[] = [row.domain, row.org, row.checkedAt];
  for (const t of typesOf(type)) {
    const r = reportOf(row, t);
    cols.push(r?.score, ...testsOf(t).map((s) => r?.tests[s.id]?.status ?? ''));
  }
  return toCsv([cols]);
}

/**
 * The results of a finished scan as Internet.nl's batch API v2 `requests/{id}/results` returns them
 * (internetnl-criteria.md §6.4), so dashboards built for it can read ours. One test type per document.
 */
export function internetnlDoc(scan: ScanRow, rows: readonly ResultRow[], type: TestType): Record<string, unknown> {
  const domains: Record<string, unknown> = {};
  for (const row of rows) {
    const r = reportOf(row, type);
    if (!r) {
      domains[row.domain] = { status: 'error' };
      continue;
    }
    domains[row.domain] = {
      status: 'ok',
      scoring: { percentage: r.score },
      report: { url: '' },
      results: {
        categories: Object.fromEntries(
          Object.entries(r.categories).map(([k, c]) => [k, { status: c.status, verdict: c.status }]),
        ),
        tests: Object.fromEntries(
          Object.entries(r.tests).map(([k, t]) => [k, { status: t.status, verdict: t.reason }]),
        ),
        custom: r.custom,
      },
    };
  }
  return {
    api_version: '2.4.0',
    request: {
      request_id: scan.id
        .replace(/[^0-9a-f]/gi, '')
        .slice(0, 32)
        .padEnd(32, '0'),
      name: `mailcheck ${scan.list}`,
      request_type: type,
      status: scan.finishedAt ? 'done' : 'running',
      submit_date: scan.startedAt,
      finished_date: scan.finishedAt ?? null,
    },
    domains,
  };
}
