import type { DkimFacts } from '../facts/dkim';
import type { TestResult } from '../../report/types';
import { parseDkimKey } from '../../records/dkim';
import { isTransientOutcome } from '../../dns/types';

/** RFC 8301 §3.2: verifiers must not accept RSA keys under 1024 bits; signers should use 2048. */
const RSA_MINIMUM = 1024;
const RSA_RECOMMENDED = 2048;

export interface DkimKeyView {
  selector: string;
  keyType?: string;
  bits?: number;
  revoked?: boolean;
  testing?: boolean;
  problem?: string;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function keysOf(facts: DkimFacts): DkimKeyView[] {
  const out: DkimKeyView[] = [];
  for (const sel of facts.selectors) {
    if (sel.outcome !== 'answer') continue;
    if (facts.wildcard && sameSet(sel.records, facts.wildcardRecords)) continue;
    // A selector may carry unrelated TXT (SPF at a wildcard); a key record has p= (RFC 6376 §3.6.1).
    const candidates = sel.records.filter((r) => /(^|;)\s*p\s*=/.test(r));
    for (const text of candidates) {
      const parsed = parseDkimKey(text);
      if (!parsed.ok) {
        out.push({ selector: sel.selector, problem: parsed.problems[0]?.code ?? 'invalid' });
        continue;
      }
      const r = parsed.record;
      out.push({
        selector: sel.selector,
        keyType: r.keyType,
        revoked: r.revoked,
        testing: r.flags.includes('y'),
        ...(r.bits !== undefined ? { bits: r.bits } : {}),
      });
    }
  }
  return out;
}

/**
 * mail_auth_dkim_exist. Internet.nl passes when `_domainkey.<domain>` answers NOERROR and fails on
 * NXDOMAIN (§3.3, RFC 8020). We keep that verdict for comparability and add evidence from probing
 * selectors, keeping three outcomes apart: a key found, provably absent, or not verifiable.
 * `nonSending`: the domain sends no mail (SPF `-all` and DMARC `p=reject`), so DKIM is not needed.
 */
export function checkDkim(facts: DkimFacts, nonSending: boolean): TestResult {
  const id = 'mail_auth_dkim_exist';
  const keys = keysOf(facts);
  const usable = keys.filter((k) => !k.revoked && !k.problem);
  const evidence = usable.length > 0 ? 'key_found' : facts.nodeOutcome === 'nxdomain' ? 'absent' : 'not_verifiable';
  const details: Record<string, unknown> = {
    evidence,
    domainkeyNode: facts.nodeOutcome,
    selectorsProbed: facts.selectors.map((s) => s.selector),
    keys,
    ...(facts.wildcard ? { wildcard: true } : {}),
  };
  if (usable.length > 0) {
    const weak = usable.filter((k) => k.keyType === 'rsa' && k.bits !== undefined && k.bits < RSA_MINIMUM);
    if (weak.length === usable.length) return { id, status: 'failed', reason: 'key_too_small', details };
    const short = usable.filter((k) => k.keyType === 'rsa' && k.bits !== undefined && k.bits < RSA_RECOMMENDED);
    if (short.length > 0) details.notes = ['rsa_key_below_2048'];
    return { id, status: 'passed', reason: 'key_found', details };
  }
  // Key records were found, but none can verify a signature (undecodable, wrong type): the domain's
  // DKIM is broken. Internet.nl only looks at the _domainkey node and would pass it.
  const broken = keys.filter((k) => k.problem);
  if (broken.length > 0 && !keys.some((k) => k.revoked)) {
    return {
      id,
      status: 'failed',
      reason: 'key_unusable',
      details: { ...details, internetnl: { status: 'passed', reason: 'domainkey_exists' } },
      points: 10,
    };
  }
  if (facts.nodeOutcome === 'answer' || facts.nodeOutcome === 'nodata') {
    return { id, status: 'passed', reason: facts.wildcard ? 'domainkey_wildcard' : 'domainkey_exists', details };
  }
  if (nonSending) return { id, status: 'not_tested', reason: 'not_needed_non_sending', details };
  if (facts.nodeOutcome === 'nxdomain') return { id, status: 'failed', reason: 'no_domainkey', details };
  if (isTransientOutcome(facts.nodeOutcome)) return { id, status: 'error', reason: 'dns_error', details };
  return { id, status: 'failed', reason: 'no_domainkey', details };
}
