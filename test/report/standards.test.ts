import { strict as assert } from 'node:assert';
import { STANDARD_DEFS, TOPICS, TOPIC_ALIASES, cardRows, summaryStandards, topicOf } from '../../src/standards';
import { TESTS } from '../../src/report/test-catalogue';
import { BOT_TEXTS } from '../../src/bot/texts';

describe('the registry of standards (issue 15 item 1)', () => {
  it('every test id of the contract belongs to exactly one standard of its own type', () => {
    for (const t of TESTS) {
      const owners = STANDARD_DEFS.filter((s) => s.tests.includes(t.id));
      assert.equal(owners.length, 1, `${t.id} belongs to ${owners.map((o) => o.id).join(', ') || 'no standard'}`);
      assert.equal(owners[0]?.type, t.id.startsWith('mail_') ? 'mail' : 'web', t.id);
    }
    const known = new Set(TESTS.map((t) => t.id));
    for (const s of STANDARD_DEFS)
      for (const id of s.tests) assert.ok(known.has(id), `${s.id} names ${id}, which is not in the contract`);
  });

  it('card rows and summary rows only use tests of their own standard; ids are unique', () => {
    for (const s of STANDARD_DEFS) {
      for (const r of s.rows) for (const id of r.tests) assert.ok(s.tests.includes(id), `${s.id} row ${r.key}: ${id}`);
      for (const id of s.summary?.tests ?? []) assert.ok(s.tests.includes(id), `${s.id} summary: ${id}`);
    }
    assert.equal(new Set(STANDARD_DEFS.map((s) => s.id)).size, STANDARD_DEFS.length);
    assert.deepEqual(
      summaryStandards().map((s) => s.id),
      [
        'spf',
        'dkim',
        'dmarc',
        'starttls',
        'dane',
        'dnssec_mail',
        'ipv6_mail',
        'https',
        'hsts',
        'tls',
        'dnssec_web',
        'ipv6_web',
        'securitytxt',
      ],
    );
    assert.deepEqual(
      cardRows('mail').map((r) => r.key),
      ['spf', 'dkim', 'dmarc', 'starttls', 'dane', 'dnssec', 'dnssec_mx', 'ipv6', 'tls_rpt', 'mta_sts'],
    );
  });

  it('every topic has its explanation in both languages and chat words that lead to it', () => {
    for (const t of TOPICS) {
      for (const lang of ['nl', 'en'] as const) assert.ok(BOT_TEXTS[lang].explain[t].title, `${t} ${lang}`);
      for (const w of TOPIC_ALIASES[t]) assert.equal(topicOf(w.toUpperCase()), t);
    }
    assert.equal(topicOf('tls'), 'starttls');
    assert.equal(topicOf('rpki'), undefined);
  });
});
