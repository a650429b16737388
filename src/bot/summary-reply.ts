import type { Lang } from '../config';
import type { Reply } from './types';
import type { Summary, Standing } from '../adoption/summary';
import type { ResultRow } from '../store/types';
import { STANDARDS, standing } from '../adoption/summary';
import { toCsv } from '../adoption/csv';
import { standardName } from '../standards';
import { fill } from '../report/texts/catalogue';

/** The summary as a card (rows per standard) and a plain-text fallback, in Dutch or English. */
const T = {
  nl: {
    title: 'Adoptie {list}: {n} organisaties',
    headlineMail: 'Voldoet aan alle e-mailstandaarden: {share}% ({compliant} van {total}){delta}',
    headlineWeb: 'Voldoet aan alle webstandaarden: {share}% ({compliant} van {total}){delta}',
    row: '{share}% in orde · {failed} niet · {cnt} niet te testen{explained}',
    explained: ' · {n} uitgelegd',
    improvements: 'Verbeterd sinds de vorige meting ({n}): {list}',
    regressions: 'Achteruitgegaan sinds de vorige meting ({n}): {list}',
    noPrevious: 'Dit is de eerste meting van deze lijst; de volgende laat de verandering zien.',
    providers: 'E-mail per leverancier: {list}',
    exceptions: 'Pas-toe-of-leg-uit: {list}',
    until: 'tot',
    failing: 'niet in orde',
  },
  en: {
    title: 'Adoption {list}: {n} organisations',
    headlineMail: 'Meets every mail standard: {share}% ({compliant} of {total}){delta}',
    headlineWeb: 'Meets every web standard: {share}% ({compliant} of {total}){delta}',
    row: '{share}% in order · {failed} not · {cnt} could not test{explained}',
    explained: ' · {n} explained',
    improvements: 'Improved since the previous scan ({n}): {list}',
    regressions: 'Regressed since the previous scan ({n}): {list}',
    noPrevious: 'This is the first scan of this list; the next one shows the change.',
    providers: 'Mail by provider: {list}',
    exceptions: 'Comply or explain: {list}',
    until: 'until',
    failing: 'failing',
  },
} as const;

const delta = (now: number, before?: number): string =>
  before === undefined ? '' : ` (${now - before >= 0 ? '+' : ''}${now - before})`;

export function summaryReply(s: Summary, lang: Lang): Reply {
  const t = T[lang];
  const name = (id: string): string => standardName(id, lang);
  const rows: Reply['rows'] = s.standards.map((f) => ({
    label: name(f.standard),
    status: f.failed > 0 ? 'failed' : f.couldNotTest > 0 ? 'error' : 'passed',
    text: `${fill(t.row, { share: f.share, failed: f.failed, cnt: f.couldNotTest, explained: f.explained ? fill(t.explained, { n: f.explained }) : '' })}${delta(f.share, f.previousShare)}`,
  }));
  const paragraphs: string[] = [];
  if (s.headline.mail)
    paragraphs.push(
      fill(t.headlineMail, { ...s.headline.mail, delta: delta(s.headline.mail.share, s.headline.mail.previousShare) }),
    );
  if (s.headline.web)
    paragraphs.push(
      fill(t.headlineWeb, { ...s.headline.web, delta: delta(s.headline.web.share, s.headline.web.previousShare) }),
    );
  const who = (c: { domain: string; org?: string; standard: string }): string =>
    `${c.org ?? c.domain} (${name(c.standard)})`;
  if (!s.previousScanId) paragraphs.push(t.noPrevious);
  if (s.counts.regressions)
    paragraphs.push(fill(t.regressions, { n: s.counts.regressions, list: s.regressions.map(who).join(', ') }));
  if (s.counts.improvements)
    paragraphs.push(fill(t.improvements, { n: s.counts.improvements, list: s.improvements.map(who).join(', ') }));
  if (s.providers.length) {
    paragraphs.push(
      fill(t.providers, {
        list: s.providers
          .slice(0, 5)
          .map(
            (p) =>
              `${p.provider} ${p.organisations}${
                Object.keys(p.failing).length
                  ? ` (${t.failing}: ${Object.entries(p.failing)
                      .map(([k, n]) => `${name(k)} ${n}`)
                      .join(', ')})`
                  : ''
              }`,
          )
          .join('; '),
      }),
    );
  }
  if (s.exceptions.length)
    paragraphs.push(
      fill(t.exceptions, {
        list: s.exceptions
          .slice(0, 10)
          .map((e) => `${e.domain} ${name(e.standard)} ${t.until} ${e.until.slice(0, 10)}: ${e.reason}`)
          .join('; '),
      }),
    );
  const headline = fill(t.title, { list: s.list, n: s.organisations });
  return {
    headline,
    rows,
    paragraphs,
    code: [],
    actions: [],
    fallback: [headline, ...rows.map((r) => `${r.label}: ${r.text}`), ...paragraphs].join('\n'),
  };
}

const STANDING_WORD: Record<Standing, string> = {
  passed: 'passed',
  failed: 'failed',
  could_not_test: 'could_not_test',
  explained: 'explained',
  not_applicable: 'not_applicable',
};

/** Every organisation with its standing per standard: the CSV attached in the summary's thread. */
export function summaryCsv(rows: readonly ResultRow[]): string {
  const types = new Set(rows.flatMap((r) => r.reports.map((x) => x.type)));
  const defs = STANDARDS.filter((d) => types.has(d.type));
  const lines: unknown[][] = [
    ['domain', 'organisation', ...[...types].map((t) => `${t}_score`), ...defs.map((d) => d.id)],
  ];
  for (const r of rows) {
    const scores = [...types].map((t) => r.reports.find((x) => x.type === t)?.score ?? '');
    lines.push([
      r.domain,
      r.org ?? '',
      ...scores,
      ...defs.map(
        (d) =>
          STANDING_WORD[
            standing(
              d,
              r.reports.find((x) => x.type === d.type),
              false,
            )
          ],
      ),
    ]);
  }
  return toCsv(lines);
}
