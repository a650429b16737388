import type { Report, Status } from './types';
import { fill, type Catalogue } from './texts/catalogue';
import { nl } from './texts/nl';
import { en } from './texts/en';
import { adviseReport } from './advice';
import { specOf } from './test-catalogue';
import type { Lang } from '../config';

export const CATALOGUES: Record<Lang, Catalogue> = { nl, en };

const ICON: Record<Status, string> = { passed: '✔', failed: '✘', warning: '!', info: 'i', not_tested: '-', error: '?' };
const COLOUR: Record<Status, string> = {
  passed: '32',
  failed: '31',
  warning: '33',
  info: '36',
  not_tested: '90',
  error: '35',
};

/** Values a reason text may name: the details, plus a few derived for reading. */
function placeholders(details: Record<string, unknown>): Record<string, unknown> {
  const problems = details.problems as { code: string }[] | undefined;
  const keys = details.keys as { selector: string }[] | undefined;
  // Per-server tests keep their values per server: the first server that did not pass speaks.
  const servers = details.servers as Record<string, unknown>[] | undefined;
  const speaking = Array.isArray(servers)
    ? (servers.find((x) => x.status !== undefined && x.status !== 'passed') ?? servers[0])
    : undefined;
  return {
    ...(speaking ?? {}),
    ...details,
    ...(problems?.[0] ? { problem: problems[0].code } : {}),
    ...(keys ? { selectors: [...new Set(keys.map((k) => k.selector))].join(', ') } : {}),
  };
}

/** The sentence for one test's status, in the catalogue's language. */
export function reasonText(cat: Catalogue, id: string, reason: string, details: Record<string, unknown>): string {
  const template = cat.reasons[`${id}.${reason}`] ?? cat.reasons[reason] ?? reason;
  return fill(template, placeholders(details));
}

/** A readable, optionally coloured report for the terminal. */
export function renderReportText(domain: string, report: Report, lang: Lang, colour: boolean): string {
  const cat = CATALOGUES[lang];
  const paint = (code: string, s: string): string => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const title = fill(report.type === 'mail' ? cat.ui.mailTitle : cat.ui.webTitle, { domain });
  lines.push(`${paint('1', title)}   ${cat.ui.score} ${paint('1', `${report.score}%`)}`);
  if (report.type === 'mail') {
    const hosts = (report.custom.mx_hosts as string[] | undefined) ?? [];
    lines.push(`${cat.ui.mx}: ${hosts.length ? hosts.join(', ') : cat.ui.noMx}`);
    if (report.custom.mail_non_sending_domain === true) lines.push(cat.ui.nonSending);
  }
  const advice = adviseReport(domain, report);
  for (const [category, result] of Object.entries(report.categories)) {
    lines.push('');
    lines.push(
      `${paint(COLOUR[result.status], ICON[result.status])} ${paint('1', cat.categories[category] ?? category)}  ${paint(COLOUR[result.status], cat.ui.statuses[result.status])} (${result.score}%)`,
    );
    for (const [id, test] of Object.entries(report.tests)) {
      if (specOf(id).category !== category) continue;
      lines.push(
        `  ${paint(COLOUR[test.status], ICON[test.status])} ${(cat.tests[id] ?? id).padEnd(34)} ${reasonText(cat, id, test.reason, test.details)}`,
      );
      const record = test.details.record;
      if (typeof record === 'string' && test.status !== 'passed')
        lines.push(`      ${cat.ui.record}: ${paint('90', record)}`);
      for (const a of advice.filter((x) => x.testId === id)) {
        if (a.record)
          lines.push(
            `      ${paint('32', `${cat.ui.publish}:`)} ${a.record.name}. ${a.record.type} ${a.record.type === 'TXT' ? JSON.stringify(a.record.value) : a.record.value}`,
          );
        if (a.note) lines.push(`      ${fill(cat.advice[a.note.key] ?? a.note.key, a.note.values ?? {})}`);
        for (const l of a.lines ?? []) lines.push(`        ${paint('32', l)}`);
      }
    }
  }
  if (report.pending.length > 0) {
    const names = [...new Set(report.pending.map((id) => cat.categories[specOf(id).category] ?? id))];
    lines.push('', paint('90', fill(cat.ui.pending, { list: names.join(', ') })));
  }
  lines.push(paint('90', fill(cat.ui.duration, { ms: report.durationMs, queries: report.dnsQueries })));
  return `${lines.join('\n')}\n`;
}
