import { strict as assert } from 'node:assert';
import { assessCsp, parseCsp } from '../../src/records/csp';
import { parseSecurityTxt } from '../../src/records/security-txt';
import {
  checkCsp,
  checkReferrerPolicy,
  checkSecurityTxt,
  checkXContentTypeOptions,
  checkXFrameOptions,
} from '../../src/engine/checks/web-headers';
import { checkIpv6WsReach, checkIpv6WsSimilar, similarity } from '../../src/engine/checks/ipv6-web';
import type { SiteFacts, WebFacts } from '../../src/engine/facts/web';
import { webFacts } from './web-https.test';

const ok = (status: number, headers: Record<string, string> = {}, body = '') => ({
  ok: true as const,
  status,
  headers,
  body,
  truncated: false,
});
const site = (headers: Record<string, string>, address = '192.0.2.1', family: 4 | 6 = 4, body = ''): SiteFacts => ({
  address,
  family,
  https: ok(200, headers, body),
  http: ok(301, { location: 'https://gemeente.nl/' }),
  reach: { 80: 'open', 443: 'open' },
});
const now = new Date('2026-11-28T12:00:00Z');

describe('website: security headers (criteria §2.4)', () => {
  it('X-Frame-Options and X-Content-Type-Options', () => {
    assert.equal(checkXFrameOptions(webFacts([site({ 'x-frame-options': 'sameorigin' })])).status, 'passed');
    assert.equal(
      checkXFrameOptions(webFacts([site({ 'x-frame-options': 'ALLOW-FROM https://a.nl' })])).reason,
      'bad_x_frame_options',
    );
    assert.equal(checkXFrameOptions(webFacts([site({})])).reason, 'no_x_frame_options');
    assert.equal(checkXContentTypeOptions(webFacts([site({ 'x-content-type-options': 'nosniff' })])).status, 'passed');
    assert.equal(
      checkXContentTypeOptions(webFacts([site({ 'x-content-type-options': 'sniff' })])).reason,
      'bad_x_content_type_options',
    );
  });

  it('Referrer-Policy: the last recognised token decides', () => {
    const r = (v?: string) => checkReferrerPolicy(webFacts([site(v ? { 'referrer-policy': v } : {})]));
    assert.deepEqual([r('no-referrer').status, r('unsafe-url, same-origin').status], ['passed', 'passed']);
    assert.deepEqual(
      [r('strict-origin-when-cross-origin').status, r().status, r().reason],
      ['info', 'info', 'no_referrer_policy'],
    );
    assert.deepEqual([r('same-origin, unsafe-url').status, r('same-origin, bogus-token').status], ['failed', 'passed']);
  });

  it('CSP: the rules of §2.4, each broken one named', () => {
    const strict =
      "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; img-src https://cdn.gemeente.nl";
    assert.deepEqual(assessCsp(parseCsp(strict), 'gemeente.nl'), []);
    assert.deepEqual(
      assessCsp(
        parseCsp("default-src 'self' 'unsafe-inline'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"),
        'gemeente.nl',
      ),
      ['unsafe_keyword'],
    );
    assert.deepEqual(assessCsp(parseCsp('default-src https://other.nl'), 'gemeente.nl'), [
      'default_src_too_open',
      'base_uri_missing',
      'frame_ancestors_missing',
      'form_action_missing',
    ]);
    assert.ok(
      assessCsp(parseCsp('default-src *; script-src data: http://x.nl 127.0.0.1'), 'gemeente.nl').includes(
        'wildcard_source',
      ),
    );
    const rules = assessCsp(
      parseCsp("default-src 'none'; script-src data: http://x.nl 127.0.0.1 cdn.nl"),
      'gemeente.nl',
    );
    for (const r of ['data_scheme', 'http_source', 'loopback_source']) assert.ok(rules.includes(r as never), r);
    // The first occurrence of a directive wins (CSP3 §2.2.1).
    assert.deepEqual(parseCsp("default-src 'none'; default-src *").get('default-src'), ["'none'"]);
    // Two policies: the strict one makes the site strict.
    const two = checkCsp(webFacts([site({ 'content-security-policy': `default-src *, ${strict}` })]));
    assert.equal(two.status, 'passed');
    const open = checkCsp(webFacts([site({ 'content-security-policy': "default-src 'self'" })]));
    assert.deepEqual([open.status, open.reason], ['failed', 'csp_too_open']);
    assert.match(String((open.details.servers as { rules: string }[])[0]?.rules), /base_uri_missing/);
  });
});

describe('website: security.txt (RFC 9116)', () => {
  const file = (body: string, extra: Partial<{ url: string; contentType: string; legacy: boolean }> = {}) =>
    parseSecurityTxt(
      {
        url: 'https://gemeente.nl/.well-known/security.txt',
        status: 200,
        contentType: 'text/plain; charset=utf-8',
        body,
        legacy: false,
        ...extra,
      },
      now,
    );
  it('accepts a valid file and notes an expiry more than a year ahead', () => {
    const good = file(
      'Contact: mailto:security@gemeente.nl\nExpires: 2027-06-01T00:00:00Z\nPreferred-Languages: nl, en\n',
    );
    assert.deepEqual([good.errors, good.recommendations, good.contact], [[], [], ['mailto:security@gemeente.nl']]);
    assert.deepEqual(file('Contact: https://gemeente.nl/cvd\nExpires: 2029-01-01T00:00:00Z\n').recommendations, [
      'expires_over_a_year',
    ]);
  });
  it('finds what RFC 9116 requires', () => {
    assert.deepEqual(file('Contact: mailto:a@b.nl\nExpires: 2026-01-01T00:00:00Z\n').errors, ['expired']);
    assert.deepEqual(file('Expires: 2027-01-01T00:00:00Z\n').errors, ['no_contact']);
    assert.deepEqual(file('Contact: mailto:a@b.nl\n').errors, ['no_expires']);
    assert.deepEqual(file('Contact: mailto:a@b.nl\nExpires: 1 januari 2027\n').errors, ['expires_invalid']);
    assert.ok(
      file('Contact: http://gemeente.nl/\nExpires: 2027-01-01T00:00:00Z\n').errors.includes('contact_not_https'),
    );
    assert.ok(
      file('<!doctype html><html>not found</html>', { contentType: 'text/html' }).errors.includes('wrong_content_type'),
    );
    assert.ok(
      file('<!doctype html><html>not found</html>', { contentType: 'text/html' }).errors.includes('html_not_text'),
    );
    assert.ok(
      file('Contact: mailto:a@b.nl\nExpires: 2027-01-01T00:00:00Z\n', {
        contentType: 'text/plain; charset=iso-8859-1',
      }).errors.includes('wrong_charset'),
    );
    assert.ok(
      file('Contact: mailto:a@b.nl\nExpires: 2027-01-01T00:00:00Z\nExpires: 2027-02-01T00:00:00Z\n').errors.includes(
        'multiple_expires',
      ),
    );
    assert.deepEqual(
      file('Contact: mailto:a@b.nl\nExpires: 2027-01-01T00:00:00Z\n', { legacy: true }).recommendations,
      ['legacy_location'],
    );
  });
  it('reads the fields inside an OpenPGP cleartext signature', () => {
    const signed = file(
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.nl\nExpires: 2027-01-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n',
    );
    assert.deepEqual([signed.signed, signed.errors, signed.contact], [true, [], ['mailto:a@b.nl']]);
  });
  it('turns the file into the test verdict', () => {
    const f = (body: string, contentType = 'text/plain'): WebFacts => ({
      ...webFacts([site({})]),
      securityTxt: {
        legacy: false,
        hops: [
          {
            url: 'https://gemeente.nl/.well-known/security.txt',
            address: '192.0.2.1',
            outcome: ok(200, { 'content-type': contentType }, body),
          },
        ],
      },
    });
    assert.equal(checkSecurityTxt(f('Contact: mailto:a@b.nl\nExpires: 2027-01-01T00:00:00Z\n'), now).status, 'passed');
    const expired = checkSecurityTxt(f('Contact: mailto:a@b.nl\nExpires: 2025-01-01T00:00:00Z\n'), now);
    assert.deepEqual([expired.status, expired.reason], ['failed', 'securitytxt_expired']);
    const missing: WebFacts = {
      ...webFacts([site({})]),
      securityTxt: { legacy: false, hops: [{ url: 'https://gemeente.nl/.well-known/security.txt', outcome: ok(404) }] },
    };
    assert.deepEqual([checkSecurityTxt(missing, now).reason], ['no_securitytxt']);
  });
  it('only at the legacy /security.txt is a warning (RFC 9116 §3 MUST), a lost fetch is "could not test"', () => {
    const body = 'Contact: mailto:a@b.nl\nExpires: 2027-01-01T00:00:00Z\n';
    const legacy: WebFacts = {
      ...webFacts([site({})]),
      securityTxt: {
        legacy: true,
        hops: [
          {
            url: 'https://gemeente.nl/security.txt',
            address: '192.0.2.1',
            outcome: ok(200, { 'content-type': 'text/plain' }, body),
          },
        ],
      },
    };
    assert.deepEqual(
      [checkSecurityTxt(legacy, now).status, checkSecurityTxt(legacy, now).reason],
      ['warning', 'securitytxt_legacy_location'],
    );
    const lost = (detail: string, reason: 'timeout' | 'connect_error'): WebFacts => ({
      ...webFacts([site({})]),
      securityTxt: {
        legacy: false,
        hops: [{ url: 'https://gemeente.nl/.well-known/security.txt', outcome: { ok: false, reason, detail } }],
      },
    });
    assert.equal(checkSecurityTxt(lost('not complete within 5000 ms', 'timeout'), now).status, 'error');
    assert.equal(checkSecurityTxt(lost('ECONNRESET socket hang up', 'connect_error'), now).status, 'error');
    assert.equal(
      checkSecurityTxt(lost('ECONNREFUSED connect ECONNREFUSED', 'connect_error'), now).status,
      'failed',
      "a refusal is the server's answer",
    );
  });
});

describe('website: IPv6 of the web server (criteria §2.1)', () => {
  const s = (
    address: string,
    family: 4 | 6,
    r80: 'open' | 'closed' | 'timeout',
    r443: 'open' | 'closed' | 'timeout',
    body = '<p>Welkom</p>',
  ): SiteFacts => ({
    address,
    family,
    https: ok(200, {}, body),
    http: ok(301, { location: 'https://gemeente.nl/' }),
    reach: { 80: r80, 443: r443 },
  });
  it('every AAAA must answer on the ports IPv4 answers on', () => {
    assert.equal(
      checkIpv6WsReach(webFacts([s('192.0.2.1', 4, 'open', 'open'), s('2001:db8::1', 6, 'open', 'open')])).status,
      'passed',
    );
    const partial = checkIpv6WsReach(
      webFacts([
        s('192.0.2.1', 4, 'open', 'open'),
        s('2001:db8::1', 6, 'open', 'open'),
        s('2001:db8::2', 6, 'closed', 'open'),
      ]),
    );
    assert.deepEqual([partial.status, partial.reason, partial.points], ['failed', 'ipv6_ports_differ', 2]);
    const dead = checkIpv6WsReach(
      webFacts([s('192.0.2.1', 4, 'open', 'open'), s('2001:db8::1', 6, 'timeout', 'timeout')]),
    );
    assert.deepEqual([dead.reason, dead.points], ['web_unreachable_over_ipv6', 0]);
  });
  it('compares the site over IPv4 and IPv6', () => {
    assert.equal(similarity('<p>a</p>\n<p>b</p>', '<p>a</p>\n<p>b</p>'), 1);
    assert.ok(similarity('<p>a</p>\n<p>b</p>', '<h1>x</h1>\n<div>y</div>') < 0.1);
    assert.equal(
      checkIpv6WsSimilar(webFacts([s('192.0.2.1', 4, 'open', 'open'), s('2001:db8::1', 6, 'open', 'open')])).status,
      'passed',
    );
    const other = checkIpv6WsSimilar(
      webFacts([
        s('192.0.2.1', 4, 'open', 'open', '<p>a</p>\n<p>b</p>\n<p>c</p>'),
        s('2001:db8::1', 6, 'open', 'open', '<h1>Default nginx page</h1>'),
      ]),
    );
    assert.deepEqual([other.status, other.reason], ['warning', 'different_content']);
    assert.equal(checkIpv6WsSimilar(webFacts([s('2001:db8::1', 6, 'open', 'open')])).reason, 'ipv6_only');
  });
});
