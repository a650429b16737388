import { strict as assert } from 'node:assert';
import {
  checkHsts,
  checkHttpCompression,
  checkHttpRedirect,
  checkHttpsAvailable,
  parseHsts,
} from '../../src/engine/checks/web-https';
import type { SiteFacts, WebFacts } from '../../src/engine/facts/web';
import type { ServerTlsFacts } from '../../src/probes/tls-assessor';

const ok = (status: number, headers: Record<string, string> = {}, body = '') => ({
  ok: true as const,
  status,
  headers,
  body,
  truncated: false,
});
const site = (address: string, https: SiteFacts['https'], http: SiteFacts['http'], family: 4 | 6 = 4): SiteFacts => ({
  address,
  family,
  https,
  http,
  reach: { 80: 'open', 443: 'open' },
});
export const webFacts = (sites: SiteFacts[], chain: [string, number, string?][] = []): WebFacts => ({
  domain: 'gemeente.nl',
  ipv4: sites.filter((s) => s.family === 4).map((s) => s.address),
  ipv6: sites.filter((s) => s.family === 6).map((s) => s.address),
  sites,
  chain: chain.map(([url, status, location]) => ({
    url,
    address: '192.0.2.1',
    outcome: ok(status, location ? { location } : {}),
  })),
});
const redirect = (location: string) => ok(301, { location });
const facts = (chain: [string, number, string?][], hsts?: string): WebFacts =>
  webFacts(
    [
      site(
        '192.0.2.1',
        ok(200, hsts ? { 'strict-transport-security': hsts } : {}),
        redirect(chain[1]?.[0] ?? 'https://gemeente.nl/'),
      ),
    ],
    chain,
  );

describe('website: HSTS and the redirect chain (criteria §2.3)', () => {
  it('parses HSTS (RFC 6797 §6.1) and judges max-age against a year', () => {
    assert.deepEqual(parseHsts('max-age=31536000; includeSubDomains; preload'), {
      maxAge: 31536000,
      includeSubDomains: true,
      preload: true,
    });
    assert.deepEqual(parseHsts('max-age="600"'), { maxAge: 600, includeSubDomains: false, preload: false });
    assert.equal(checkHsts(facts([], 'max-age=31536000')).status, 'passed');
    const short = checkHsts(facts([], 'max-age=600'));
    assert.deepEqual([short.status, short.reason, short.points], ['failed', 'hsts_too_short', 2]);
    assert.equal(checkHsts(facts([])).reason, 'no_hsts');
    assert.equal(checkHsts(facts([], 'includeSubDomains')).reason, 'hsts_unparsable');
  });

  it('applies the first-hop rule and reports a later downgrade', () => {
    assert.equal(
      checkHttpRedirect(
        facts([
          ['http://gemeente.nl/', 301],
          ['https://gemeente.nl/', 200],
        ]),
      ).reason,
      'redirects_to_https',
    );
    assert.equal(
      checkHttpRedirect(
        facts([
          ['http://gemeente.nl/', 301],
          ['http://www.gemeente.nl/', 301],
          ['https://www.gemeente.nl/', 200],
        ]),
      ).reason,
      'redirect_other_host_first',
    );
    const noRedirect = webFacts([site('192.0.2.1', ok(200), ok(200))]);
    assert.equal(checkHttpRedirect(noRedirect).reason, 'no_redirect_to_https');
    const down = checkHttpRedirect(
      facts([
        ['http://gemeente.nl/', 301],
        ['https://gemeente.nl/', 302],
        ['http://gemeente.nl/oud', 200],
      ]),
    );
    assert.deepEqual(
      [down.status, down.reason, down.details.downgrade],
      ['warning', 'later_downgrade_to_http', 'http://gemeente.nl/oud'],
    );
  });

  it('judges every address and names the one that fails', () => {
    const f = webFacts([
      site('192.0.2.1', ok(200, { 'strict-transport-security': 'max-age=31536000' }), redirect('https://gemeente.nl/')),
      site('2001:db8::1', ok(200, {}), redirect('http://www.gemeente.nl/'), 6),
    ]);
    const hsts = checkHsts(f);
    assert.deepEqual([hsts.status, hsts.reason, hsts.points], ['failed', 'no_hsts', 0]);
    const servers = hsts.details.servers as { address: string; status: string }[];
    assert.deepEqual(
      servers.map((s) => [s.address, s.status]),
      [
        ['192.0.2.1', 'passed'],
        ['2001:db8::1', 'failed'],
      ],
    );
    const r = checkHttpRedirect(f);
    assert.deepEqual([r.status, r.reason], ['failed', 'redirect_other_host_first']);
    assert.equal(
      (r.details.servers as { address: string; status: string }[]).find((s) => s.status === 'failed')?.address,
      '2001:db8::1',
    );
  });

  it('port 80 closed counts as no plain http; an error on it is could-not-test', () => {
    const closed = {
      ...site('192.0.2.1', ok(200), { ok: false, reason: 'connect_error', detail: 'ECONNREFUSED' }),
      reach: { 80: 'closed' as const, 443: 'open' as const },
    };
    assert.deepEqual(
      [checkHttpRedirect(webFacts([closed])).status, checkHttpRedirect(webFacts([closed])).reason],
      ['passed', 'no_http'],
    );
    const slow = site('192.0.2.1', ok(200), { ok: false, reason: 'timeout', detail: 'slow' });
    assert.deepEqual(
      [checkHttpRedirect(webFacts([slow])).status, checkHttpRedirect(webFacts([slow])).reason],
      ['error', 'http_unreachable'],
    );
    assert.equal(
      checkHttpRedirect(webFacts([site('192.0.2.1', { ok: false, reason: 'connect_error', detail: 'x' }, ok(200))]))
        .status,
      'not_tested',
    );
  });

  it('takes HTTPS availability from the TLS handshake on 443 of each address', () => {
    const t = (
      address: string,
      outcome: ServerTlsFacts['outcome'],
      negotiated: boolean,
      detail?: string,
    ): ServerTlsFacts => ({
      host: 'gemeente.nl',
      address,
      outcome,
      versions: {},
      ciphers: [],
      cipherCodes: [],
      ciphers13: [],
      chain: [],
      connections: 1,
      ...(negotiated ? { negotiated: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } } : {}),
      ...(detail ? { detail } : {}),
    });
    const f = facts([]);
    assert.equal(checkHttpsAvailable(f, [t('192.0.2.1', 'ok', true)]).status, 'passed');
    assert.deepEqual(
      [checkHttpsAvailable(f, [t('192.0.2.1', 'unreachable', false, 'ECONNREFUSED')]).reason],
      ['no_https'],
    );
    assert.deepEqual(
      [checkHttpsAvailable(f, [t('192.0.2.1', 'unreachable', false, 'connect timeout')]).status],
      ['error'],
    );
    assert.deepEqual([checkHttpsAvailable(f, [t('192.0.2.1', 'ok', false)]).reason], ['tls_handshake_failed']);
    assert.equal(checkHttpsAvailable(webFacts([]), []).reason, 'no_address');
  });

  it('reports HTTP compression of the page (BREACH)', () => {
    const f = { ...facts([]), compression: ok(200, { 'content-encoding': 'gzip' }) };
    assert.deepEqual([checkHttpCompression(f).status, checkHttpCompression(f).details.encoding], ['failed', 'gzip']);
    assert.equal(checkHttpCompression({ ...facts([]), compression: ok(200) }).status, 'passed');
  });
});
