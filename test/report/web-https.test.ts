import { strict as assert } from 'node:assert';
import { checkHsts, checkHttpRedirect, parseHsts } from '../../src/engine/checks/web-https';
import type { WebFacts } from '../../src/engine/facts/web';

const ok = (status: number, headers: Record<string, string> = {}) => ({ ok: true as const, status, headers, body: '', truncated: false });
const facts = (chain: [string, number, string?][], hsts?: string): WebFacts => ({
  domain: 'gemeente.nl', address: '192.0.2.1',
  https: ok(200, hsts ? { 'strict-transport-security': hsts } : {}),
  chain: chain.map(([url, status, location]) => ({ url, address: '192.0.2.1', outcome: ok(status, location ? { location } : {}) })),
});

describe('website: HSTS and the redirect chain (criteria §2.3)', () => {
  it('parses HSTS (RFC 6797 §6.1) and judges max-age against a year', () => {
    assert.deepEqual(parseHsts('max-age=31536000; includeSubDomains; preload'), { maxAge: 31536000, includeSubDomains: true, preload: true });
    assert.deepEqual(parseHsts('max-age="600"'), { maxAge: 600, includeSubDomains: false, preload: false });
    assert.equal(checkHsts(facts([], 'max-age=31536000')).status, 'passed');
    const short = checkHsts(facts([], 'max-age=600'));
    assert.deepEqual([short.status, short.reason, short.points], ['failed', 'hsts_too_short', 2]);
    assert.equal(checkHsts(facts([])).reason, 'no_hsts');
    assert.equal(checkHsts(facts([], 'includeSubDomains')).reason, 'hsts_unparsable');
  });

  it('applies the first-hop rule and reports a later downgrade', () => {
    assert.equal(checkHttpRedirect(facts([['http://gemeente.nl/', 301], ['https://gemeente.nl/', 200]])).reason, 'redirects_to_https');
    assert.equal(checkHttpRedirect(facts([['http://gemeente.nl/', 301], ['http://www.gemeente.nl/', 301], ['https://www.gemeente.nl/', 200]])).reason, 'redirect_other_host_first');
    assert.equal(checkHttpRedirect(facts([['http://gemeente.nl/', 200]])).reason, 'no_redirect_to_https');
    const down = checkHttpRedirect(facts([['http://gemeente.nl/', 301], ['https://gemeente.nl/', 302], ['http://gemeente.nl/oud', 200]]));
    assert.deepEqual([down.status, down.reason, down.details.downgrade], ['warning', 'later_downgrade_to_http', 'http://gemeente.nl/oud']);
  });
});
