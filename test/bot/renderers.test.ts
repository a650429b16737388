import { strict as assert } from 'node:assert';
import { renderBlocks, LIMITS } from '../../adapters/slack/render-blocks';
import { renderReplyHtml } from '../../adapters/web/render-html';
import type { Reply } from '../../src/bot/types';

const card: Reply = {
  headline: 'E-mailtest gemeente.nl: 80%',
  score: 80,
  status: 'failed',
  rows: [
    { label: 'SPF', status: 'passed', text: 'Het beleid eindigt op -all.' },
    { label: 'DMARC', status: 'failed', text: 'Het beleid is none: gebruik `p=reject`.' },
  ],
  paragraphs: [],
  code: [],
  actions: [
    { id: 'fix', label: 'Hoe los ik dit op?', value: 'c7', primary: true },
    { id: 'recheck', label: 'Opnieuw testen', value: 'c7' },
  ],
  footer: 'Nog niet getest: IPv6.',
  fallback: 'E-mailtest gemeente.nl: 80%',
};

describe('Block Kit renderer', () => {
  it('renders a card (golden)', () => {
    assert.deepEqual(renderBlocks(card), {
      text: 'E-mailtest gemeente.nl: 80%',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'E-mailtest gemeente.nl: 80%', emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':white_check_mark: *SPF*: Het beleid eindigt op -all.\n:x: *DMARC*: Het beleid is none: gebruik `p=reject`.',
          },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'mc_fix',
              text: { type: 'plain_text', text: 'Hoe los ik dit op?' },
              value: 'c7',
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'mc_recheck',
              text: { type: 'plain_text', text: 'Opnieuw testen' },
              value: 'c7',
            },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Nog niet getest: IPv6.' }] },
      ],
    });
  });

  it("stays within Slack's limits and says when it cut", () => {
    const huge: Reply = {
      ...card,
      headline: 'H'.repeat(500),
      paragraphs: Array.from({ length: 80 }, (_, i) => `paragraaf ${i} ${'x'.repeat(400)}`),
      code: ['y'.repeat(5000)],
      actions: [{ id: 'fix', label: 'L'.repeat(200), value: 'v'.repeat(3000) }],
    };
    const out = renderBlocks(huge);
    assert.ok(out.blocks.length <= LIMITS.blocks);
    assert.ok(JSON.stringify(out.blocks).length <= LIMITS.totalChars + 3000);
    const header = out.blocks[0] as { text: { text: string } };
    assert.equal(header.text.text.length, LIMITS.header);
    assert.ok(out.blocks.some((b) => b.block_id === 'mc_truncated'));
    const button = (
      out.blocks.find((b) => b.type === 'actions') as { elements: { text: { text: string }; value: string }[] }
    ).elements[0];
    assert.ok(
      (button?.text.text.length ?? 0) <= LIMITS.buttonText && (button?.value.length ?? 0) <= LIMITS.buttonValue,
    );
  });

  it('escapes mrkdwn control characters from user-derived text', () => {
    const out = renderBlocks({ ...card, rows: [{ label: 'x', status: 'failed', text: '<!channel> <@U1> a&b' }] });
    assert.match(JSON.stringify(out.blocks), /&lt;!channel&gt; &lt;@U1&gt; a&amp;b/);
  });
});

describe('HTML renderer', () => {
  it('escapes everything and keeps the buttons working', () => {
    const html = renderReplyHtml(
      {
        ...card,
        headline: '<img src=x onerror=alert(1)>',
        rows: [{ label: '"><script>', status: 'failed', text: "it's <b>" }],
      },
      'm1',
    );
    assert.doesNotMatch(html, /<img|<script|<b>/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /data-action="fix" data-value="c7" data-message="m1"/);
    assert.match(renderReplyHtml(card, 'm2'), /<code>p=reject<\/code>/);
  });
});
