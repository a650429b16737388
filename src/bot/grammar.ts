import { normaliseDomainInput } from '../dns/name';
import type { CheckType, Command } from './types';
import { topicOf } from '../standards';

/**
 * The command grammar, forgiving about how chat clients mangle text: Slack markup (`<@U123>`,
 * `<http://x.nl|x.nl>`, `<!here>`), Teams `<at>…</at>` mentions and HTML, HTML entities, zero-width
 * characters, and a leading `/mailcheck`. Dutch and English words alike.
 */
const MAX_TEXT = 2000;

const VERBS: Record<string, CheckType | 'explain' | 'help' | 'lang'> = {
  check: 'mail',
  test: 'mail',
  mail: 'mail',
  email: 'mail',
  'e-mail': 'mail',
  controleer: 'mail',
  web: 'web',
  website: 'web',
  site: 'web',
  all: 'all',
  alles: 'all',
  beide: 'all',
  explain: 'explain',
  uitleg: 'explain',
  wat: 'explain',
  what: 'explain',
  help: 'help',
  hulp: 'help',
  '?': 'help',
  lang: 'lang',
  taal: 'lang',
  language: 'lang',
};

export function cleanChatText(raw: string): string {
  let s = String(raw ?? '').slice(0, MAX_TEXT);
  s = s.replace(/<at>[^<]{0,200}<\/at>/gi, ' '); // Teams mention of the bot
  s = s.replace(/<@[A-Z0-9]+(\|[^>]*)?>|<!(here|channel|everyone)[^>]*>|<#[A-Z0-9]+(\|[^>]*)?>/g, ' ');
  // Slack links: keep the visible label (the text as the user typed it), else the URL.
  s = s.replace(
    /<((?:https?|mailto):[^|>]{1,500})(?:\|([^>]{0,500}))?>/gi,
    (_m, url: string, label?: string) => ` ${label || url} `,
  );
  s = s.replace(/<[^>]{0,500}>/g, ' '); // any other markup (Teams HTML)
  s = s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  s = s.replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '');
  return s.replace(/\s+/g, ' ').trim();
}

const TYPES: Record<string, CheckType> = {
  mail: 'mail',
  email: 'mail',
  'e-mail': 'mail',
  web: 'web',
  website: 'web',
  all: 'all',
  alles: 'all',
};

/**
 * Adoption commands: `report add gemeenten maandag 09:00`, `report list`, `report remove <id>`,
 * `report now gemeenten [web]`, `watch gemeente.nl`, `unwatch gemeente.nl`, `watches`,
 * `explain gemeente.nl dane <reason> until 2027-06-01` (comply-or-explain), `list add <name> <domains>`;
 * Dutch: rapport toevoegen/lijst/verwijder/nu, volg, ontvolg, gevolgd, uitzondering … tot …, lijst toevoegen.
 */
function adoptionCommand(first: string, words: string[]): Command | undefined {
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  if (first === 'report' || first === 'rapport' || first === 'rapportage') {
    if (sub === 'add' || sub === 'toevoegen' || sub === 'nieuw') {
      const [list, ...rest] = args;
      const type = TYPES[(rest[0] ?? '').toLowerCase()];
      const when = type ? rest.slice(1) : rest;
      return list && when.length
        ? { kind: 'report_add', list: list.toLowerCase(), type: type ?? 'mail', when: when.join(' ') }
        : { kind: 'invalid', reason: 'bad_report' };
    }
    if (sub === 'list' || sub === 'lijst' || sub === 'overzicht' || sub === '') return { kind: 'report_list' };
    if (sub === 'remove' || sub === 'verwijder' || sub === 'delete')
      return args[0] ? { kind: 'report_remove', id: args[0] } : { kind: 'invalid', reason: 'bad_report' };
    if (sub === 'now' || sub === 'nu') {
      const type = TYPES[(args[1] ?? 'mail').toLowerCase()];
      return args[0] && type
        ? { kind: 'report_now', list: args[0].toLowerCase(), type }
        : { kind: 'invalid', reason: 'bad_report' };
    }
    return { kind: 'invalid', reason: 'bad_report', detail: sub.slice(0, 40) };
  }
  if (first === 'watch' || first === 'volg') {
    const n = normaliseDomainInput(words[0] ?? '');
    const type = TYPES[(words[1] ?? 'mail').toLowerCase()];
    if (!n.ok)
      return {
        kind: 'invalid',
        reason: words[0] ? 'bad_domain' : 'missing_domain',
        ...(n.ok ? {} : { detail: n.problem }),
      };
    return { kind: 'watch', domain: n.domain, type: type ?? 'mail' };
  }
  if (first === 'unwatch' || first === 'ontvolg') {
    const n = normaliseDomainInput(words[0] ?? '');
    return n.ok ? { kind: 'unwatch', domain: n.domain } : { kind: 'invalid', reason: 'missing_domain' };
  }
  if (first === 'watches' || first === 'gevolgd') return { kind: 'watches' };
  if (
    first === 'uitzondering' ||
    ((first === 'explain' || first === 'uitleg') && (words[0] ?? '').includes('.') && words.length >= 4)
  ) {
    const m = /^(\S+) (\S+) (.+) (?:until|tot) (\d{4}-\d{2}-\d{2})$/i.exec(words.join(' '));
    const n = normaliseDomainInput(m?.[1] ?? '');
    if (!m || !n.ok) return { kind: 'invalid', reason: 'bad_exception' };
    const until = new Date(`${m[4]}T00:00:00Z`);
    if (Number.isNaN(until.getTime())) return { kind: 'invalid', reason: 'bad_exception' };
    return {
      kind: 'exception',
      domain: n.domain,
      standard: (m[2] as string).toLowerCase(),
      reason: (m[3] as string).replace(/^["']|["']$/g, '').slice(0, 300),
      until: until.toISOString(),
    };
  }
  if ((first === 'list' || first === 'lijst') && (sub === 'add' || sub === 'toevoegen')) {
    const [name, ...domains] = args;
    const valid = domains
      .map((d) => normaliseDomainInput(d))
      .filter((d): d is { ok: true; domain: string } => d.ok)
      .map((d) => d.domain);
    // No domains: they come from a CSV shared with the message.
    if (!name || !/^[a-z0-9][a-z0-9_-]{0,39}$/i.test(name) || valid.length !== domains.length)
      return { kind: 'invalid', reason: 'bad_list' };
    return { kind: 'list_add', name: name.toLowerCase(), domains: [...new Set(valid)].slice(0, 5000) };
  }
  return undefined;
}

export function parseCommand(raw: string): Command {
  const text = cleanChatText(raw)
    .replace(/^\/?mailcheck\b/i, '')
    .trim();
  if (text === '') return { kind: 'help' };
  const [first = '', ...rest] = text.split(' ');
  const adoption = adoptionCommand(first.toLowerCase(), rest);
  if (adoption) return adoption;
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
    const std = topicOf(arg);
    return std
      ? { kind: 'explain', standard: std }
      : { kind: 'invalid', reason: 'unknown_standard', detail: arg.slice(0, 40) };
  }
  if (verb === 'mail' || verb === 'web' || verb === 'all') {
    if (arg === '') return { kind: 'invalid', reason: 'missing_domain' };
    return domainCommand(verb, arg);
  }
  // No verb: a bare domain means the default mail test.
  if (rest.length === 0 && first.includes('.')) return domainCommand('mail', first);
  return { kind: 'invalid', reason: 'unknown_command', detail: first.slice(0, 40) };
}

function domainCommand(type: CheckType, arg: string): Command {
  const n = normaliseDomainInput(arg.split(' ')[0] ?? '');
  if (!n.ok) return { kind: 'invalid', reason: 'bad_domain', detail: n.problem };
  return { kind: 'check', type, domain: n.domain };
}
