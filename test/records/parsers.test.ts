import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { parseSpf } from '../../src/records/spf';
import { expandMacros, truncateDomain } from '../../src/records/spf-macro';
import { parseDmarc, effectivePolicy } from '../../src/records/dmarc';
import { parseDkimKey } from '../../src/records/dkim';
import { parseTlsRpt } from '../../src/records/tls-rpt';
import { parseMtaStsTxt } from '../../src/records/mta-sts-txt';

const codes = (r: { ok: boolean; problems?: { code: string }[] }): string[] =>
  r.ok ? [] : (r.problems ?? []).map((p) => p.code);

describe('SPF parser (RFC 7208 §4.6.1, §5, §6)', () => {
  it('reads mechanisms, qualifiers, cidr forms and modifiers', () => {
    const r = parseSpf(
      'v=spf1 -a/24//64 ~mx:mail.example.nl/28 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.nl exists:%{i}._spf.example.nl ?ptr redirect=_spf.example.nl exp=explain.example.nl foo=bar',
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(
      r.record.mechanisms.map((m) => [m.qualifier, m.kind, m.domainSpec ?? null, m.cidr4 ?? null, m.cidr6 ?? null]),
      [
        ['-', 'a', null, 24, 64],
        ['~', 'mx', 'mail.example.nl', 28, 128],
        ['+', 'ip4', null, 24, null],
        ['+', 'ip6', null, null, 32],
        ['+', 'include', '_spf.example.nl', null, null],
        ['+', 'exists', '%{i}._spf.example.nl', null, null],
        ['?', 'ptr', null, null, null],
      ],
    );
    assert.equal(r.record.redirect, '_spf.example.nl');
    assert.equal(r.record.exp, 'explain.example.nl');
    assert.deepEqual(r.record.unknownModifiers, [{ name: 'foo', value: 'bar' }]);
  });

  it('rejects what receivers reject', () => {
    assert.deepEqual(codes(parseSpf('v=spf1 ip4:192.0.2.0/33 -all')), ['invalid_cidr']);
    assert.deepEqual(codes(parseSpf('v=spf1 ip4:192.0.2.0/032 -all')), ['invalid_ip4']);
    assert.deepEqual(codes(parseSpf('v=spf1 include: -all')), ['empty_domain_spec']);
    assert.deepEqual(codes(parseSpf('v=spf1 a:1.2.3.4 -all')), ['invalid_domain_end']);
    assert.deepEqual(codes(parseSpf('v=spf1 redirect=a.nl redirect=b.nl')), ['duplicate_redirect']);
    assert.deepEqual(codes(parseSpf('v=spf1 foo -all')), ['unknown_mechanism']);
    assert.deepEqual(codes(parseSpf('v=spf1 -all\u00e9')), ['non_ascii_or_control', 'invalid_all']);
    assert.deepEqual(codes(parseSpf('v=spf1 exists:%{x}.example.nl')), ['invalid_macro_letter']);
    assert.deepEqual(codes(parseSpf('v=spf10 -all')), ['not_spf_record']);
  });

  it('warns about terms after all and a redirect that can never apply', () => {
    const r = parseSpf('v=spf1 -all mx redirect=x.nl');
    assert.ok(r.ok);
    if (r.ok)
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['terms_after_all', 'redirect_ignored_with_all'],
      );
  });
});

describe('SPF macros (RFC 7208 §7)', () => {
  const ctx = {
    sender: 'strong-bad@email.example.com',
    localPart: 'strong-bad',
    senderDomain: 'email.example.com',
    domain: 'email.example.com',
    ip: '192.0.2.3',
    helo: 'mx.example.org',
  };
  it('expands the RFC 7208 §7.4 examples', async () => {
    assert.equal(await expandMacros('%{s}', ctx), 'strong-bad@email.example.com');
    assert.equal(await expandMacros('%{d4}', ctx), 'email.example.com');
    assert.equal(await expandMacros('%{d2}', ctx), 'example.com');
    assert.equal(await expandMacros('%{d1r}', ctx), 'email');
    assert.equal(await expandMacros('%{dr}', ctx), 'com.example.email');
    assert.equal(await expandMacros('%{l-}', ctx), 'strong.bad');
    assert.equal(await expandMacros('%{lr-}', ctx), 'bad.strong');
    assert.equal(await expandMacros('%{ir}.%{v}._spf.%{d2}', ctx), '3.2.0.192.in-addr._spf.example.com');
    assert.equal(
      await expandMacros('%{ir}.%{v}._spf.%{d2}', { ...ctx, ip: '2001:db8::cb01' }),
      '1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com',
    );
    assert.equal(await expandMacros('%{S}', { ...ctx, sender: 'a b@x.nl' }), 'a%20b%40x.nl');
  });
  it('truncates an expanded name over 253 characters from the left', () => {
    const long = `${'a'.repeat(60)}.`.repeat(5) + 'example.nl';
    const t = truncateDomain(long);
    assert.ok(t.length <= 253);
    assert.ok(t.endsWith('.example.nl'));
  });
});

describe('DMARC parser (RFC 7489, DMARCbis)', () => {
  it('reads every tag, with the defaults', () => {
    const r = parseDmarc(
      'v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; pct=50; rua=mailto:a@x.nl,mailto:b@rapport.example!10m; ruf=mailto:f@x.nl; fo=1:d; ri=3600; psd=n; t=n',
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.record.p, 'reject');
    assert.equal(r.record.sp, 'quarantine');
    assert.equal(r.record.np, 'reject');
    assert.equal(r.record.adkim, 's');
    assert.equal(r.record.aspf, 'r');
    assert.equal(r.record.pct, 50);
    assert.deepEqual(
      r.record.rua.map((u) => u.mailtoDomain),
      ['x.nl', 'rapport.example'],
    );
    assert.equal(r.record.t, 'n');
  });
  it('accepts a record without the trailing ";" and with odd spacing', () => {
    assert.ok(parseDmarc('v=DMARC1').ok);
    assert.ok(parseDmarc('v = DMARC1 ;p = none ;').ok);
  });
  it('reports bad values with the section', () => {
    const r = parseDmarc('v=DMARC1; p=block; pct=150; rua=dmarc@x.nl');
    // pct is no longer DMARC (RFC 9989): its bad value is not a syntax error of the record.
    assert.deepEqual(codes(r), ['invalid_rua', 'invalid_p']);
    assert.ok(!r.ok && r.problems.every((p) => p.rfc.startsWith('RFC 9989')));
    assert.deepEqual(codes(parseDmarc('v=DMARC1; p=none; p=reject')), ['duplicate_tag']);
  });
  it('weakens the policy one level in test mode', () => {
    assert.equal(effectivePolicy('reject', true), 'quarantine');
    assert.equal(effectivePolicy('quarantine', true), 'none');
    assert.equal(effectivePolicy('reject', false), 'reject');
  });
});

describe('DKIM key record (RFC 6376 §3.6.1)', () => {
  it('reads RSA and Ed25519 key sizes with node:crypto', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    const r = parseDkimKey(`v=DKIM1; k=rsa; t=y:s; h=sha256; p=${rsa}`);
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.record.bits, 2048);
      assert.deepEqual(r.record.flags, ['y', 's']);
    }
    const ed = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'der' })
      .subarray(-32)
      .toString('base64');
    const e = parseDkimKey(`v=DKIM1; k=ed25519; p=${ed}`);
    assert.ok(e.ok && e.record.bits === 256);
  });
  it('knows a revoked key, and refuses broken ones', () => {
    const r = parseDkimKey('v=DKIM1; p=');
    assert.ok(r.ok && r.record.revoked);
    assert.deepEqual(codes(parseDkimKey('k=rsa')), ['missing_p']);
    assert.deepEqual(codes(parseDkimKey('p=abc; v=DKIM1')), ['invalid_version']);
    assert.deepEqual(codes(parseDkimKey('v=DKIM1; p=*not base64*')), ['invalid_key_base64']);
  });
});

describe('TLS-RPT (RFC 8460 §3) and the MTA-STS record (RFC 8461 §3.1)', () => {
  it('parses TLS-RPT and refuses other schemes', () => {
    const r = parseTlsRpt('v=TLSRPTv1; rua=mailto:tls@x.nl,https://report.example/v1');
    assert.ok(r.ok && r.record.rua.length === 2);
    assert.deepEqual(codes(parseTlsRpt('v=TLSRPTv1; rua=http://x.nl')), ['invalid_rua_uri']);
    assert.deepEqual(codes(parseTlsRpt('v=TLSRPTv1;')), ['missing_rua']);
  });
  it('parses the MTA-STS id', () => {
    const r = parseMtaStsTxt('v=STSv1; id=20261127T1000;');
    assert.ok(r.ok && r.record.id === '20261127T1000');
    assert.deepEqual(codes(parseMtaStsTxt('v=STSv1; id=2026-11-27')), ['invalid_id']);
    assert.deepEqual(codes(parseMtaStsTxt(`v=STSv1; id=${'a'.repeat(33)}`)), ['invalid_id']);
    assert.deepEqual(codes(parseMtaStsTxt('v=STSv1;')), ['missing_id']);
  });
});

describe('MTA-STS policy (RFC 8461 §3.2, §4.1)', () => {
  it('parses a policy with CRLF or LF, and matches MX patterns one label deep', async () => {
    const { parseMtaStsPolicy, mxMatches } = await import('../../src/records/mta-sts-policy');
    const p = parseMtaStsPolicy(
      'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.nl\r\nmx: *.mail.example.net\r\nmax_age: 604800\r\n',
    );
    assert.ok(p.ok);
    if (!p.ok) return;
    assert.deepEqual(p.record, { mode: 'enforce', mx: ['mx1.example.nl', '*.mail.example.net'], maxAge: 604800 });
    assert.ok(mxMatches('*.mail.example.net', 'a.mail.example.net'));
    assert.ok(!mxMatches('*.mail.example.net', 'a.b.mail.example.net'), 'one label only');
    assert.ok(!mxMatches('*.mail.example.net', 'mail.example.net'));
    assert.ok(mxMatches('mx1.example.nl', 'MX1.example.nl.'));
  });
  it('refuses bad policies', async () => {
    const { parseMtaStsPolicy } = await import('../../src/records/mta-sts-policy');
    const codes = (t: string): string[] => {
      const r = parseMtaStsPolicy(t);
      return r.ok ? [] : r.problems.map((x) => x.code);
    };
    assert.deepEqual(codes('version: STSv2\nmode: enforce\nmx: a.nl\nmax_age: 10'), ['invalid_version']);
    assert.deepEqual(codes('version: STSv1\nmode: strict\nmx: a.nl\nmax_age: 10'), ['invalid_mode']);
    assert.deepEqual(codes('version: STSv1\nmode: enforce\nmax_age: 99999999999'), ['invalid_max_age', 'missing_mx']);
    assert.deepEqual(codes('<html>404</html>'), [
      'malformed_line',
      'invalid_version',
      'invalid_mode',
      'invalid_max_age',
      'missing_mx',
    ]);
  });
});

describe('DKIM keys must decode as the type they claim (RFC 6376 §3.6.1, RFC 8463 §4.2)', () => {
  const ed = generateKeyPairSync('ed25519')
    .publicKey.export({ type: 'spki', format: 'der' })
    .subarray(-32)
    .toString('base64');
  const ecSpki = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'der' })
    .toString('base64');
  for (const [name, record, code] of [
    ['garbage base64', 'v=DKIM1; k=rsa; p=AAAAAAAA', 'undecodable_rsa_key'],
    ['32 Ed25519 bytes under k=rsa', `v=DKIM1; k=rsa; p=${ed}`, 'undecodable_rsa_key'],
    ['32 Ed25519 bytes with k= left out (rsa is the default)', `v=DKIM1; p=${ed}`, 'undecodable_rsa_key'],
    [
      'a short Ed25519 key',
      `v=DKIM1; k=ed25519; p=${Buffer.alloc(31, 7).toString('base64')}`,
      'undecodable_ed25519_key',
    ],
    ['an EC P-256 key under k=rsa', `v=DKIM1; k=rsa; p=${ecSpki}`, 'undecodable_rsa_key'],
    ['base64 cut mid-quantum', 'v=DKIM1; k=rsa; p=MIIBIjANBgkqh', 'invalid_key_base64'],
    ['an unknown key type', `v=DKIM1; k=dsa; p=${ed}`, 'unknown_key_type'],
  ] as const) {
    it(`${name} is not a key`, () => {
      const r = parseDkimKey(record);
      assert.equal(r.ok, false);
      assert.deepEqual(codes(r), [code]);
    });
  }
});

describe('MTA-STS and TLS-RPT records by their ABNF (RFC 8461 §3.1, RFC 8460 §3)', () => {
  const sts = (t: string): string[] => {
    const r = parseMtaStsTxt(t);
    return r.ok ? r.warnings.map((w) => `+${w.code}`) : r.problems.map((p) => p.code);
  };
  const rpt = (t: string): string[] => {
    const r = parseTlsRpt(t);
    return r.ok ? r.warnings.map((w) => `+${w.code}`) : r.problems.map((p) => p.code);
  };
  it('well-formed extension fields are ignored; malformed or empty fields make the record invalid', () => {
    assert.deepEqual(sts('v=STSv1; id=abc; ext.v-1_x=some!value'), ['+unknown_field']);
    assert.deepEqual(sts('v=STSv1; id=abc;'), []);
    assert.deepEqual(sts('v=STSv1;; id=abc'), ['malformed_field'], 'empty field');
    assert.deepEqual(sts('v=STSv1; id=abc;;'), ['malformed_field'], 'only one trailing ;');
    assert.deepEqual(sts('v=STSv1; id=abc; ext='), ['malformed_field'], 'empty extension value');
    assert.deepEqual(sts('v=STSv1; id=abc; ext=a b'), ['malformed_field'], 'space in a value');
    assert.deepEqual(sts('v=STSv1; id=abc; -ext=1'), ['malformed_field'], 'name must start with a letter or digit');
    assert.deepEqual(sts('v=STSv1; id = abc'), ['malformed_field'], 'no spaces around =');
    assert.deepEqual(sts('v=STSv1; id=abc; junk'), ['malformed_field']);
    assert.deepEqual(sts('v=stsv1; id=abc'), ['not_mta_sts_record'], 'the version is case-sensitive');
  });
  it('of two id fields the first counts', () => {
    const r = parseMtaStsTxt('v=STSv1; id=first; id=second');
    assert.ok(r.ok && r.record.id === 'first');
    assert.deepEqual(sts('v=STSv1; id=bad-id; id=good'), ['invalid_id']);
  });
  it('TLS-RPT: the same field grammar, rua with spaces around its commas', () => {
    assert.deepEqual(rpt('v=TLSRPTv1; rua=mailto:a@x.nl , https://r.example/v1'), []);
    assert.deepEqual(rpt('v=TLSRPTv1; rua=mailto:a@x.nl; ext=1'), ['+unknown_field']);
    assert.deepEqual(rpt('v=TLSRPTv1;; rua=mailto:a@x.nl'), ['malformed_field']);
    assert.deepEqual(rpt('v=TLSRPTv1; rua=mailto:a@x.nl; ext='), ['malformed_field']);
    assert.deepEqual(rpt('v=TLSRPTv1; rua='), ['malformed_field']);
    assert.deepEqual(
      rpt('v=TLSRPTv1; RUA=mailto:a@x.nl'),
      ['missing_rua'],
      'rua is case-sensitive: RUA is an extension',
    );
  });
});

describe('MTA-STS policy grammar (RFC 8461 §3.2, §3.3)', () => {
  it('mx labels may not start or end with a hyphen; field names are case-sensitive; the media type is exactly text/plain', async () => {
    const { parseMtaStsPolicy, isTextPlain } = await import('../../src/records/mta-sts-policy');
    const codes = (t: string): string[] => {
      const r = parseMtaStsPolicy(t);
      return r.ok ? [] : r.problems.map((x) => x.code);
    };
    const base = 'version: STSv1\nmode: enforce\nmax_age: 604800\n';
    assert.deepEqual(codes(`${base}mx: mx1-.example.nl`), ['invalid_mx_pattern']);
    assert.deepEqual(codes(`${base}mx: -mx1.example.nl`), ['invalid_mx_pattern']);
    assert.deepEqual(codes(`${base}mx: *.-x.example.nl`), ['invalid_mx_pattern']);
    assert.deepEqual(codes(`${base}mx: mx-1.example.nl`), []);
    assert.deepEqual(
      codes('version: STSv1\nMode: enforce\nmax_age: 604800\nmx: a.nl'),
      ['invalid_mode'],
      'Mode is an extension, so mode is missing',
    );
    assert.equal(isTextPlain('text/plain'), true);
    assert.equal(isTextPlain('Text/Plain; charset=utf-8'), true);
    assert.equal(isTextPlain('text/plain-foo'), false);
    assert.equal(isTextPlain('text/plain.x'), false);
    assert.equal(isTextPlain('text/html'), false);
    assert.equal(isTextPlain(''), false);
  });
});
