import type { Reply, RowStatus } from '../../src/bot/types';

/**
 * Reply → Adaptive Card 1.5 (pure). Teams renders schema 1.5 on desktop, web and mobile; a bot card
 * may be about 28 KB in all, so long content is cut visibly. Buttons are `Action.Execute` (Universal
 * Actions: the press arrives as an `adaptiveCard/action` invoke the bot answers in the same HTTP
 * response) with an `Action.Submit` fallback for clients that do not know Execute.
 */
export const CARD_LIMITS = { bytes: 26_000, text: 2000, rows: 30, actions: 6 } as const;

const ICON: Record<RowStatus, string> = { passed: '✅', failed: '❌', warning: '⚠️', info: 'ℹ️', not_tested: '➖', error: '❔', pending: '⏳' };
const COLOUR: Record<RowStatus, string> = { passed: 'Good', failed: 'Attention', warning: 'Warning', info: 'Accent', not_tested: 'Default', error: 'Default', pending: 'Default' };

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
/** Adaptive Card TextBlocks speak a Markdown subset: user-derived text is escaped so it shows as typed. */
export const escapeMarkdown = (s: string): string => s.replace(/([\\`*_[\]()#>!|~-])/g, '\\$1').replace(/</g, '&lt;');

export interface TeamsMessage {
  type: 'message';
  text: string;
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; content: Record<string, unknown> }[];
}

export function renderCard(reply: Reply): TeamsMessage {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: escapeMarkdown(cut(reply.headline, 200)), weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (reply.rows.length) {
    body.push({
      type: 'Container',
      items: reply.rows.slice(0, CARD_LIMITS.rows).map((r) => ({
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: ICON[r.status], wrap: false }] },
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: `**${escapeMarkdown(cut(r.label, 80))}**: ${escapeMarkdown(cut(r.text, 300))}`, wrap: true, color: COLOUR[r.status], spacing: 'None' }] },
        ],
      })),
    });
  }
  for (const p of reply.paragraphs) body.push({ type: 'TextBlock', text: escapeMarkdown(cut(p, CARD_LIMITS.text)), wrap: true });
  if (reply.code.length) body.push({ type: 'TextBlock', text: cut(reply.code.join('\n'), CARD_LIMITS.text), fontType: 'Monospace', wrap: true });
  if (reply.footer) body.push({ type: 'TextBlock', text: escapeMarkdown(cut(reply.footer, 500)), isSubtle: true, size: 'Small', wrap: true });
  const actions = reply.actions.slice(0, CARD_LIMITS.actions).map((a) => ({
    type: 'Action.Execute', verb: a.id, title: cut(a.label, 40), data: { mc: a.id, value: cut(a.value, 200) }, ...(a.primary ? { style: 'positive' } : {}),
    fallback: { type: 'Action.Submit', title: cut(a.label, 40), data: { mc: a.id, value: cut(a.value, 200) } },
  }));
  const card: Record<string, unknown> = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, ...(actions.length ? { actions } : {}), msteams: { width: 'Full' } };
  // Within the size limit: drop paragraphs from the middle, with a visible note.
  const size = (): number => Buffer.byteLength(JSON.stringify(card));
  while (size() > CARD_LIMITS.bytes && body.length > 2) {
    const at = body.findIndex((b, i) => i > 1 && b.type === 'TextBlock' && b.id !== 'mc_truncated');
    if (at < 0) break;
    body.splice(at, 1);
    if (!body.some((b) => b.id === 'mc_truncated')) body.splice(at, 0, { type: 'TextBlock', id: 'mc_truncated', text: '… (ingekort / truncated)', isSubtle: true, wrap: true });
  }
  return { type: 'message', text: cut(reply.fallback, 4000), attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}
