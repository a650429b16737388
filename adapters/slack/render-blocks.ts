import type { Reply, RowStatus } from '../../src/bot/types';

/**
 * Reply → Block Kit (pure). Limits from Slack's Block Kit reference: 50 blocks, 3000 characters per
 * section text, 150 per header, 75 per button label, 2000 per button value, and about 13k characters
 * of blocks in total (bolt-js #2509). Longer content is cut visibly ("…"), never rejected.
 */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  totalChars: 12_000,
} as const;

const EMOJI: Record<RowStatus, string> = {
  passed: ':white_check_mark:',
  failed: ':x:',
  warning: ':warning:',
  info: ':information_source:',
  not_tested: ':heavy_minus_sign:',
  error: ':grey_question:',
  pending: ':hourglass_flowing_sand:',
};

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Slack mrkdwn control characters in user-derived text (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderBlocks(reply: Reply): SlackMessage {
  const blocks: Record<string, unknown>[] = [];
  const section = (text: string): void => {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(text, LIMITS.sectionText) } });
  };
  blocks.push({ type: 'header', text: { type: 'plain_text', text: cut(reply.headline, LIMITS.header), emoji: true } });
  if (reply.rows.length) {
    // One section for all rows keeps a 10-row card far inside the 50-block limit.
    section(reply.rows.map((r) => `${EMOJI[r.status]} *${escapeMrkdwn(r.label)}*: ${escapeMrkdwn(r.text)}`).join('\n'));
  }
  for (const p of reply.paragraphs) section(escapeMrkdwn(p));
  if (reply.code.length) section(`\`\`\`${escapeMrkdwn(reply.code.join('\n'))}\`\`\``);
  if (reply.actions.length) {
    blocks.push({
      type: 'actions',
      elements: reply.actions.slice(0, 25).map((a) => ({
        type: 'button',
        action_id: `mc_${a.id}`,
        text: { type: 'plain_text', text: cut(a.label, LIMITS.buttonText) },
        value: cut(a.value, LIMITS.buttonValue),
        ...(a.primary ? { style: 'primary' } : {}),
      })),
    });
  }
  if (reply.footer)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: cut(escapeMrkdwn(reply.footer), LIMITS.sectionText) }],
    });

  // Keep within the block count and the total size, dropping middle paragraphs with a visible note.
  let out = blocks;
  const size = (b: Record<string, unknown>[]): number => JSON.stringify(b).length;
  while ((out.length > LIMITS.blocks || size(out) > LIMITS.totalChars) && out.length > 3) {
    const dropAt = out.findIndex((b, i) => i > 1 && b.type === 'section');
    if (dropAt < 0) break;
    out = [...out.slice(0, dropAt), ...out.slice(dropAt + 1)];
    if (!out.some((b) => b.block_id === 'mc_truncated')) {
      out.splice(dropAt, 0, {
        type: 'context',
        block_id: 'mc_truncated',
        elements: [{ type: 'mrkdwn', text: '… (ingekort / truncated)' }],
      });
    }
  }
  // The top-level text is mrkdwn too (notifications, screen readers): escaped like the blocks, so
  // `<!channel>` from DNS data or a user's text never becomes a mention.
  return { text: cut(escapeMrkdwn(reply.fallback), 3000), blocks: out };
}
