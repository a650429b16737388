import type { Report, Status, TestType } from '../report/types';
import type { Exception, ResultRow } from '../store/types';
import { detectProvider } from '../report/advice';
import { organisationalDomain } from '../records/psl';
import { summaryStandards } from '../standards';

/**
 * The adoption summary of a scan (pure): per standard the share of organisations that pass, fail or
 * could not be tested (never mixing "timed out" with "missing"), Forum Standaardisatie's headline
 * figure (the share that meets every standard of the agreements, mail and web apart), the change
 * since the previous scan, improvements and regressions by organisation, failures by mail provider,
 * and the comply-or-explain exceptions in force.
 */
export interface StandardDef {
  id: string;
  type: TestType;
  tests: readonly string[];
  /** Part of the IV-meting's "meets all standards" figure (internetnl-criteria.md §5.3). */
  headline: boolean;
}

/** The standards a summary counts, read from the registry (src/standards.ts), in its order. */
export const STANDARDS: readonly StandardDef[] = summaryStandards().map((d) => ({
  id: d.id,
  type: d.type,
  tests: d.summary.tests,
  headline: d.summary.headline,
}));

/** Where one organisation stands on one standard. */
export type Standing = 'passed' | 'failed' | 'could_not_test' | 'explained' | 'not_applicable';

/** A standard's tests decide together: any failure fails it; otherwise any "could not test" leaves it open. */
export function standing(def: StandardDef, report: Report | undefined, explained: boolean): Standing {
  if (!report) return 'could_not_test';
  const statuses = def.tests.map((id) => report.tests[id]?.status).filter((s): s is Status => s !== undefined);
  if (statuses.length === 0) return 'could_not_test';
  // Recommended and optional failures are already `warning`/`info` here (clamped): they do not fail the standard.
  if (statuses.includes('failed')) return explained ? 'explained' : 'failed';
  if (statuses.includes('error')) return 'could_not_test';
  // A domain without mail (null MX) has no STARTTLS or DANE to judge.
  if (statuses.every((s) => s === 'not_tested')) return 'not_applicable';
  return 'passed';
}

export interface StandardFigure {
  standard: string;
  type: TestType;
  passed: number;
  failed: number;
  couldNotTest: number;
  explained: number;
  notApplicable: number;
  /** passed / (all − not applicable), in whole percent (truncated, as Internet.nl does). */
  share: number;
  previousShare?: number;
}

export interface Change {
  domain: string;
  org?: string;
  standard: string;
  from: Standing;
  to: Standing;
}

export interface Headline {
  compliant: number;
  total: number;
  share: number;
  previousShare?: number;
}

export interface Summary {
  list: string;
  scanId: string;
  at: string;
  previousScanId?: string;
  organisations: number;
  standards: StandardFigure[];
  headline: Partial<Record<TestType, Headline>>;
  /** The first `top` of each, and how many there were in all. */
  improvements: Change[];
  regressions: Change[];
  counts: { improvements: number; regressions: number };
  /** Mail organisations grouped by the provider of their MX, with how many fail each mail standard. */
  providers: { provider: string; organisations: number; failing: Record<string, number> }[];
  exceptions: Exception[];
}

const pct = (n: number, d: number): number => (d === 0 ? 0 : Math.floor((100 * n) / d));
const reportOf = (row: ResultRow, type: TestType): Report | undefined => row.reports.find((r) => r.type === type);

/** The mail provider behind a domain's MX: a known cloud, or the organisational domain of the first MX host. */
export function providerOf(report: Report | undefined): string {
  const hosts = (report?.custom.mx_hosts as string[] | undefined) ?? [];
  const known = detectProvider(hosts);
  if (known) return known === 'microsoft365' ? 'Microsoft 365' : 'Google Workspace';
  const first = hosts[0];
  return first ? organisationalDomain(first) : 'no MX';
}

export function summarise(input: {
  list: string;
  scanId: string;
  at: string;
  rows: readonly ResultRow[];
  previous?: { scanId: string; rows: readonly ResultRow[] };
  exceptions: readonly Exception[];
  top?: number;
}): Summary {
  const { rows, previous } = input;
  const inForce = input.exceptions.filter((e) => e.until > input.at);
  const isExplained = (domain: string, standard: string): boolean =>
    inForce.some(
      (e) => e.domain === domain && (e.standard === standard || e.standard === standard.replace(/_(mail|web)$/, '')),
    );
  const types = [...new Set(rows.flatMap((r) => r.reports.map((x) => x.type)))].filter(
    (t): t is TestType => t === 'mail' || t === 'web',
  );
  const defs = STANDARDS.filter((d) => types.includes(d.type));
  const stand = (row: ResultRow, def: StandardDef): Standing =>
    standing(def, reportOf(row, def.type), isExplained(row.domain, def.id));
  const prevByDomain = new Map((previous?.rows ?? []).map((r) => [r.domain, r]));

  const figure = (def: StandardDef, set: readonly ResultRow[]): Omit<StandardFigure, 'previousShare'> => {
    const counts = { passed: 0, failed: 0, could_not_test: 0, explained: 0, not_applicable: 0 };
    for (const row of set) counts[stand(row, def)]++;
    return {
      standard: def.id,
      type: def.type,
      passed: counts.passed,
      failed: counts.failed,
      couldNotTest: counts.could_not_test,
      explained: counts.explained,
      notApplicable: counts.not_applicable,
      share: pct(counts.passed, set.length - counts.not_applicable),
    };
  };
  const standards = defs.map((def): StandardFigure => {
    const now = figure(def, rows);
    return previous ? { ...now, previousShare: figure(def, previous.rows).share } : now;
  });

  const headlineOf = (type: TestType, set: readonly ResultRow[]): Headline => {
    const hd = defs.filter((d) => d.type === type && d.headline);
    const compliant = set.filter((row) =>
      hd.every((d) => ['passed', 'not_applicable', 'explained'].includes(stand(row, d))),
    ).length;
    return { compliant, total: set.length, share: pct(compliant, set.length) };
  };
  const headline: Summary['headline'] = {};
  for (const t of types)
    headline[t] = {
      ...headlineOf(t, rows),
      ...(previous ? { previousShare: headlineOf(t, previous.rows).share } : {}),
    };

  const improvements: Change[] = [];
  const regressions: Change[] = [];
  for (const row of rows) {
    const before = prevByDomain.get(row.domain);
    if (!before) continue;
    for (const def of defs) {
      const from = stand(before, def);
      const to = stand(row, def);
      const change = { domain: row.domain, ...(row.org ? { org: row.org } : {}), standard: def.id, from, to };
      if (from !== 'passed' && from !== 'could_not_test' && to === 'passed') improvements.push(change);
      if (from === 'passed' && (to === 'failed' || to === 'explained')) regressions.push(change);
    }
  }

  const providers = new Map<string, { provider: string; organisations: number; failing: Record<string, number> }>();
  if (types.includes('mail')) {
    for (const row of rows) {
      const p = providerOf(reportOf(row, 'mail'));
      const entry = providers.get(p) ?? { provider: p, organisations: 0, failing: {} };
      entry.organisations++;
      for (const def of defs.filter((d) => d.type === 'mail'))
        if (stand(row, def) === 'failed') entry.failing[def.id] = (entry.failing[def.id] ?? 0) + 1;
      providers.set(p, entry);
    }
  }
  const top = input.top ?? 10;
  return {
    list: input.list,
    scanId: input.scanId,
    at: input.at,
    ...(previous ? { previousScanId: previous.scanId } : {}),
    organisations: rows.length,
    standards,
    headline,
    improvements: improvements.slice(0, top),
    regressions: regressions.slice(0, top),
    counts: { improvements: improvements.length, regressions: regressions.length },
    providers: [...providers.values()]
      .sort((a, b) => b.organisations - a.organisations || a.provider.localeCompare(b.provider))
      .slice(0, top),
    exceptions: inForce.filter((e) => rows.some((r) => r.domain === e.domain)),
  };
}
