import type { Reply, RowStatus } from '../../src/bot/types';

/**
 * Reply → Adaptive Card 1.5 (pure). Teams renders schema 1.5 on desktop, web and mobile; a bot card
 * may be about 28 KB in all, so long content is cut visibly. Buttons are `Action.Execute` (Universal
 * Actions: the press arrives as an `adaptiveCard/action` invoke the bot answers in the same HTTP
 * response) with an `Action.Submit` fallback for clients that do not know Execute.
 */
export const CARD_LIMITS = { bytes: 26_000, text: 2000, rows: 30, actions: 6 } as const;

const ICON: Record<RowStatus, string> = {
  passed: '✅',
  failed: '❌',
  warning: '⚠️',
  info: 'ℹ️',
  not_tested: '➖',
  error: '❔',
  pending: '⏳',
};
const COLOUR: Record<RowStatus, string> = {
  passed: 'Good',
  failed: 'Attention',
  warning: 'Warning',
  info: 'Accent',
  not_tested: 'Default',
  error: 'Default',
  pending: 'Default',
};

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * All text goes into RichTextBlock TextRuns: Teams does not apply Markdown to a TextRun, so a domain,
 * a DNS record or a hostile label shows exactly as it is, with nothing to escape (a TextBlock would
 * read `**`, `_` and `[x](y)` in it as formatting).
 */
type Run = {
  text: string;
  weight?: 'Bolder';
  size?: 'Medium' | 'Small';
  color?: string;
  fontType?: 'Monospace';
  isSubtle?: boolean;
};
const rich = (...runs: Run[]): Record<string, unknown> => ({
  type: 'RichTextBlock',
  inlines: runs.map((r) => ({ type: 'TextRun', ...r })),
});
/** `code` in our texts becomes a monospace run (Slack shows it as code; a TextRun would show the backticks). */
const runsOf = (text: string, extra: Omit<Run, 'text'> = {}): Run[] =>
  text
    .split(/`([^`\n]{1,500})`/)
    .map((part, i) => ({ text: part, ...extra, ...(i % 2 === 1 ? { fontType: 'Monospace' as const } : {}) }))
    .filter((r) => r.text !== '');

export interface TeamsMessage {
  type: 'message';
  text: string;
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; content: Record<string, unknown> }[];
}

export function renderCard(reply: Reply): TeamsMessage {
  const body: Record<string, unknown>[] = [rich({ text: cut(reply.headline, 200), weight: 'Bolder', size: 'Medium' })];
  if (reply.rows.length) {
    body.push({
      type: 'Container',
      items: reply.rows.slice(0, CARD_LIMITS.rows).map((r) => ({
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'auto', items: [rich({ text: ICON[r.status] })] },
          {
            type: 'Column',
            width: 'stretch',
            items: [
              rich(
                { text: `${cut(r.label, 80)}: `, weight: 'Bolder' },
                { text: cut(r.text, 300), color: COLOUR[r.status] },
              ),
            ],
          },
        ],
      })),
    });
  }
  for (const p of reply.paragraphs) body.push(rich(...runsOf(cut(p, CARD_LIMITS.text))));
  if (reply.code.length) body.push(rich({ text: cut(reply.code.join('\n'), CARD_LIMITS.text), fontType: 'Monospace' }));
  if (reply.footer) body.push(rich({ text: cut(reply.footer, 500), isSubtle: true, size: 'Small' }));
  const actions = reply.actions.slice(0, CARD_LIMITS.actions).map((a) => ({
    type: 'Action.Execute',
    verb: a.id,
    title: cut(a.label, 40),
    data: { mc: a.id, value: cut(a.value, 200) },
    ...(a.primary ? { style: 'positive' } : {}),
    fallback: { type: 'Action.Submit', title: cut(a.label, 40), data: { mc: a.id, value: cut(a.value, 200) } },
  }));
  const card: Record<string, unknown> = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
  // Within the size limit: drop paragraphs from the middle, with a visible note.
  const size = (): number => Buffer.byteLength(JSON.stringify(card));
  while (size() > CARD_LIMITS.bytes && body.length > 2) {
    const at = body.findIndex((b, i) => i > 1 && b.type === 'RichTextBlock' && b.id !== 'mc_truncated');
    if (at < 0) break;
    body.splice(at, 1);
    if (!body.some((b) => b.id === 'mc_truncated'))
      body.splice(at, 0, { ...rich({ text: '… (ingekort / truncated)', isSubtle: true }), id: 'mc_truncated' });
  }
  return {
    type: 'message',
    text: cut(reply.fallback, 4000),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
