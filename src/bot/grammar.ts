import { normaliseDomainInput } from '../dns/name';
import type { Command, Standard } from './types';

/**
 * The command grammar, forgiving about how chat clients mangle text: Slack markup (`<@U123>`,
 * `<http://x.nl|x.nl>`, `<!here>`), Teams `<at>…</at>` mentions and HTML, HTML entities, zero-width
 * characters, and a leading `/mailcheck`. Dutch and English words alike.
 */
const MAX_TEXT = 2000;

const VERBS: Record<string, 'mail' | 'web' | 'all' | 'explain' | 'help' | 'lang'> = {
  check: 'mail', test: 'mail', mail: 'mail', email: 'mail', 'e-mail': 'mail', controleer: 'mail',
  web: 'web', website: 'web', site: 'web',
  all: 'all', alles: 'all', beide: 'all',
  explain: 'explain', uitleg: 'explain', wat: 'explain', what: 'explain',
  help: 'help', hulp: 'help', '?': 'help',
  lang: 'lang', taal: 'lang', language: 'lang',
};

const STANDARDS: Record<string, Standard> = {
  spf: 'spf', dkim: 'dkim', dmarc: 'dmarc', dnssec: 'dnssec', starttls: 'starttls', tls: 'starttls', dane: 'dane',
  'mta-sts': 'mta_sts', mtasts: 'mta_sts', 'tls-rpt': 'tls_rpt', tlsrpt: 'tls_rpt', ipv6: 'ipv6', https: 'https',
  hsts: 'hsts', 'security.txt': 'securitytxt', securitytxt: 'securitytxt',
};

export function cleanChatText(raw: string): string {
  let s = String(raw ?? '').slice(0, MAX_TEXT);
  s = s.replace(/<at>[^<]{0,200}<\/at>/gi, ' '); // Teams mention of the bot
  s = s.replace(/<@[A-Z0-9]+(\|[^>]*)?>|<!(here|channel|everyone)[^>]*>|<#[A-Z0-9]+(\|[^>]*)?>/g, ' ');
  // Slack links: keep the visible label (the text as the user typed it), else the URL.
  s = s.replace(/<((?:https?|mailto):[^|>]{1,500})(?:\|([^>]{0,500}))?>/gi, (_m, url: string, label?: string) => ` ${label || url} `);
  s = s.replace(/<[^>]{0,500}>/g, ' '); // any other markup (Teams HTML)
  s = s.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  s = s.replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '');
  return s.replace(/\s+/g, ' ').trim();
}

export function parseCommand(raw: string): Command {
  const text = cleanChatText(raw).replace(/^\/?mailcheck\b/i, '').trim();
  if (text === '') return { kind: 'help' };
  const [first = '', ...rest] = text.split(' ');
  const verb = VERBS[first.toLowerCase()];
  const arg = rest.join(' ').trim();
  if (verb === 'help') return { kind: 'help' };
  if (verb === 'lang') {
    const l = arg.toLowerCase();
    if (l === 'nl' || l === 'nederlands' || l === 'dutch') return { kind: 'lang', lang: 'nl' };
    if (l === 'en' || l === 'english' || l === 'engels') return { kind: 'lang', lang: 'en' };
    return { kind: 'invalid', reason: 'unknown_command', detail: arg.slice(0, 40) };
  }
  if (verb === 'explain') {
    const std = STANDARDS[arg.toLowerCase()];
    return std ? { kind: 'explain', standard: std } : { kind: 'invalid', reason: 'unknown_standard', detail: arg.slice(0, 40) };
  }
  if (verb === 'mail' || verb === 'web' || verb === 'all') {
    if (arg === '') return { kind: 'invalid', reason: 'missing_domain' };
    return domainCommand(verb, arg);
  }
  // No verb: a bare domain means the default mail test.
  if (rest.length === 0 && first.includes('.')) return domainCommand('mail', first);
  return { kind: 'invalid', reason: 'unknown_command', detail: first.slice(0, 40) };
}

function domainCommand(type: 'mail' | 'web' | 'all', arg: string): Command {
  const n = normaliseDomainInput(arg.split(' ')[0] ?? '');
  if (!n.ok) return { kind: 'invalid', reason: 'bad_domain', detail: n.problem };
  return { kind: 'check', type, domain: n.domain };
}
