import type { Reply, RowStatus } from '../../src/bot/types';

/** Reply → HTML for the local web chat. Pure; every piece of text is escaped (chat text is hostile). */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** `code` spans in catalogue text, rendered after escaping. */
function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]{1,500})`/g, '<code>$1</code>');
}

const ICON: Record<RowStatus, string> = {
  passed: '✔',
  failed: '✘',
  warning: '!',
  info: 'i',
  not_tested: '–',
  error: '?',
  pending: '…',
};

export function renderReplyHtml(reply: Reply, messageId: string): string {
  const parts: string[] = [
    `<div class="card${reply.status ? ` st-${reply.status}` : ''}" data-id="${escapeHtml(messageId)}">`,
  ];
  parts.push(`<div class="headline">${inline(reply.headline)}</div>`);
  if (reply.rows.length) {
    parts.push('<table class="rows">');
    for (const r of reply.rows) {
      parts.push(
        `<tr class="st-${r.status}"><td class="icon">${ICON[r.status]}</td><th>${escapeHtml(r.label)}</th><td>${inline(r.text)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  for (const p of reply.paragraphs) parts.push(`<p>${inline(p)}</p>`);
  if (reply.code.length) parts.push(`<pre>${reply.code.map(escapeHtml).join('\n')}</pre>`);
  if (reply.actions.length) {
    parts.push('<div class="actions">');
    for (const a of reply.actions) {
      parts.push(
        `<button class="${a.primary ? 'primary' : ''}" data-action="${escapeHtml(a.id)}" data-value="${escapeHtml(a.value)}" data-message="${escapeHtml(messageId)}">${escapeHtml(a.label)}</button>`,
      );
    }
    parts.push('</div>');
  }
  if (reply.footer) parts.push(`<div class="footer">${inline(reply.footer)}</div>`);
  parts.push('</div>');
  return parts.join('');
}
