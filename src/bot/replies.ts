import type { Lang } from '../config';
import type { Report, TestResult } from '../report/types';
import { clampStatus } from '../report/scoring';
import { specOf, testsOf } from '../report/test-catalogue';
import { CATALOGUES, reasonText } from '../report/render-text';
import { fill } from '../report/texts/catalogue';
import { adviseReport } from '../report/advice';
import { BOT_TEXTS } from './texts';
import { cardRows } from '../standards';
import { bySeverity } from '../report/severity';
import type { CheckType, Reply, Standard } from './types';

export interface CardState {
  domain: string;
  type: CheckType;
  /** Results so far, by test id (from the stream, or from the final reports). */
  results: Map<string, TestResult>;
  reports: Report[];
  checkId: string;
  claimers: string[];
  cachedMinutes?: number;
}

function rows(state: CardState, lang: Lang, kind: 'mail' | 'web'): Reply['rows'] {
  const bot = BOT_TEXTS[lang];
  const out: Reply['rows'] = [];
  // Card rows: one per row of the registry (src/standards.ts), each the worst of its tests.
  for (const { names, tests: ids } of cardRows(kind)) {
    const got = ids.map((id) => state.results.get(id)).filter((r): r is TestResult => r !== undefined);
    const label = `${kind === 'web' && state.type === 'all' ? 'Web ' : ''}${names[lang]}`;
    if (got.length < ids.length) {
      out.push({ label, status: 'pending', text: bot.statusWord.pending ?? '' });
      continue;
    }
    const shown = got.map((r) => ({ ...r, status: clampStatus(specOf(r.id), r.status, r.reason) }));
    shown.sort((a, b) => bySeverity(a.status, b.status));
    const worst = shown[0] as TestResult;
    out.push({
      label,
      status: worst.status,
      text: reasonText(CATALOGUES[lang], worst.id, worst.reason, worst.details),
    });
  }
  return out;
}

export function cardReply(state: CardState, lang: Lang): Reply {
  const bot = BOT_TEXTS[lang];
  const kinds: ('mail' | 'web')[] = state.type === 'all' ? ['mail', 'web'] : [state.type];
  const allRows = kinds.flatMap((k) => rows(state, lang, k));
  const done = state.reports.length === kinds.length;
  const score = done ? Math.round(state.reports.reduce((a, r) => a + r.score, 0) / state.reports.length) : undefined;
  const headline = done
    ? fill(state.type === 'web' ? bot.webHeadline : bot.mailHeadline, { domain: state.domain, score })
    : fill(bot.checking, { domain: state.domain });
  const worst = done ? ([...allRows].sort((a, b) => bySeverity(a.status, b.status))[0]?.status ?? 'passed') : 'pending';
  const footer: string[] = [];
  if (state.cachedMinutes !== undefined) footer.push(fill(bot.fromCache, { minutes: state.cachedMinutes }));
  if (done) {
    const pending = [
      ...new Set(
        state.reports.flatMap((r) => r.pending).map((id) => CATALOGUES[lang].categories[specOf(id).category] ?? id),
      ),
    ];
    if (pending.length) footer.push(fill(bot.pendingStandards, { list: pending.join(', ') }));
  }
  if (state.claimers.length) footer.push(fill(bot.claimedBy, { names: state.claimers.join(', ') }));
  const hasFindings = allRows.some((r) => r.status === 'failed' || r.status === 'warning');
  const actions: Reply['actions'] = done
    ? [
        ...(hasFindings ? [{ id: 'fix' as const, label: bot.fixButton, value: state.checkId, primary: true }] : []),
        { id: 'recheck', label: bot.recheckButton, value: state.checkId },
        ...(hasFindings ? [{ id: 'claim' as const, label: bot.claimButton, value: state.checkId }] : []),
      ]
    : [];
  const fallback = [headline, ...allRows.map((r) => `${r.label}: ${bot.statusWord[r.status] ?? r.status}`)].join('\n');
  return {
    headline,
    ...(score !== undefined ? { score } : {}),
    status: worst,
    rows: allRows,
    paragraphs: [],
    code: [],
    actions,
    ...(footer.length ? { footer: footer.join(' ') } : {}),
    fallback,
  };
}

/** The fix thread: exact records to publish, generated from what was found, and why. */
export function fixReply(domain: string, reports: Report[], lang: Lang): Reply {
  const bot = BOT_TEXTS[lang];
  const cat = CATALOGUES[lang];
  const paragraphs: string[] = [];
  const code: string[] = [];
  for (const report of reports) {
    for (const [id, t] of Object.entries(report.tests)) {
      if (t.status !== 'failed' && t.status !== 'warning') continue;
      paragraphs.push(`${cat.tests[id] ?? id}: ${reasonText(cat, id, t.reason, t.details)}`);
    }
    for (const a of adviseReport(domain, report)) {
      if (a.record)
        code.push(
          `${a.record.name}. IN ${a.record.type} ${a.record.type === 'TXT' ? JSON.stringify(a.record.value) : a.record.value}`,
        );
      if (a.note) paragraphs.push(fill(cat.advice[a.note.key] ?? a.note.key, a.note.values ?? {}));
      if (a.lines) code.push(...a.lines);
    }
  }
  const headline = paragraphs.length ? fill(bot.fixIntro, { domain }) : fill(bot.nothingToFix, { domain });
  return { headline, rows: [], paragraphs, code, actions: [], fallback: [headline, ...paragraphs, ...code].join('\n') };
}

export function textReply(headline: string, paragraphs: string[] = []): Reply {
  return { headline, rows: [], paragraphs, code: [], actions: [], fallback: [headline, ...paragraphs].join('\n') };
}

export function helpReply(lang: Lang): Reply {
  const [first = '', ...rest] = BOT_TEXTS[lang].help;
  return textReply(first, rest);
}

export function explainReply(standard: Standard, lang: Lang): Reply {
  const e = BOT_TEXTS[lang].explain[standard];
  return textReply(e.title, [e.what, e.why, e.fix]);
}

/** Test ids a card will show rows for, used to tell when a streamed card is complete. */
export function idsFor(type: CheckType): string[] {
  return (type === 'all' ? (['mail', 'web'] as const) : [type]).flatMap((t) =>
    testsOf(t)
      .filter((s) => s.implemented)
      .map((s) => s.id),
  );
}
