import { strict as assert } from 'node:assert';
import { normaliseDomainInput } from '../../src/dns/name';
import { organisationalDomain } from '../../src/records/psl';
import { parseResolvConf, parseServerAddress } from '../../src/dns/servers';

const ok = (input: string): string => {
  const r = normaliseDomainInput(input);
  assert.ok(r.ok, `${JSON.stringify(input)} should be accepted, got ${r.ok ? '' : r.problem}`);
  return r.ok ? r.domain : '';
};
const bad = (input: string): string => {
  const r = normaliseDomainInput(input);
  assert.ok(!r.ok, `${JSON.stringify(input.slice(0, 40))} should be refused, got ${r.ok ? r.domain : ''}`);
  return r.ok ? '' : r.problem;
};

describe('domain input (CONTRACT.md "Input")', () => {
  it('normalises what people paste', () => {
    assert.equal(ok('  Gemeente.NL. '), 'gemeente.nl');
    assert.equal(ok('<http://www.gemeente.nl|www.gemeente.nl>'), 'www.gemeente.nl');
    assert.equal(ok('<mailto:info@gemeente.nl|info@gemeente.nl>'), 'gemeente.nl');
    assert.equal(ok('mailto:info@gemeente.nl'), 'gemeente.nl');
    assert.equal(ok('https://www.gemeente.nl/contact?x=1#top'), 'www.gemeente.nl');
    assert.equal(ok('https://gemeente.nl:8443/'), 'gemeente.nl');
    assert.equal(ok('info@gemeente.nl'), 'gemeente.nl');
    assert.equal(ok('Súdwest-Fryslân.nl'), 'xn--sdwest-frysln-teb26a.nl');
    assert.equal(ok('xn--sdwest-frysln-teb26a.nl'), 'xn--sdwest-frysln-teb26a.nl');
    assert.equal(ok('gemeente\u200b.nl'), 'gemeente.nl', 'zero-width space dropped');
    assert.equal(ok('_dmarc-free.gemeente.nl'.replace('_', '')), 'dmarc-free.gemeente.nl');
  });

  it('refuses what is not a host name, before any packet is sent', () => {
    assert.equal(bad(''), 'empty');
    assert.equal(bad('   '), 'empty');
    assert.equal(bad('192.0.2.1'), 'ip_address');
    assert.equal(bad('[2001:db8::1]'), 'ip_address');
    assert.equal(bad('2001:db8::1'), 'ip_address');
    assert.equal(bad(`${'a'.repeat(64)}.nl`), 'label_too_long');
    assert.equal(bad(`${'abcdefghi.'.repeat(26)}nl`), 'name_too_long');
    assert.equal(bad('bad..name'), 'empty_label');
    assert.equal(bad('../etc/passwd'), 'empty_label');
    assert.equal(bad('x.nl;rm -rf /'), 'invalid_characters');
    assert.equal(bad('$(reboot).nl'), 'invalid_characters');
    assert.equal(bad('<script>alert(1)</script>'), 'invalid_characters');
    assert.equal(bad('localhost'), 'single_label');
    assert.equal(bad('-gemeente.nl'), 'hyphen_position');
    assert.equal(bad('gemeente.123'), 'numeric_tld');
    assert.equal(bad('a'.repeat(10_000)), 'too_long_input');
    assert.equal(bad('ge meente.nl'), 'invalid_characters');
    assert.equal(bad('gemeente_x.nl'), 'invalid_characters');
    assert.equal(bad('\u202egemeente.nl\u202c🙂'), 'invalid_idn');
  });

  it('finds the organisational domain with the Public Suffix List', () => {
    assert.equal(organisationalDomain('sub.mail.gemeente.nl'), 'gemeente.nl');
    assert.equal(organisationalDomain('gemeente.nl'), 'gemeente.nl');
    assert.equal(organisationalDomain('www.example.co.uk'), 'example.co.uk');
    assert.equal(organisationalDomain('nl'), 'nl');
  });
});

describe('resolver addresses', () => {
  it('parses IP, IP:PORT, [IPv6]:PORT and refuses names', () => {
    assert.deepEqual(parseServerAddress('127.0.0.1'), { host: '127.0.0.1', port: 53 });
    assert.deepEqual(parseServerAddress('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
    assert.deepEqual(parseServerAddress('[::1]:5353'), { host: '::1', port: 5353 });
    assert.deepEqual(parseServerAddress('::1'), { host: '::1', port: 53 });
    assert.equal(parseServerAddress('dns.example.nl'), undefined);
    assert.equal(parseServerAddress('127.0.0.1:99999'), undefined);
  });
  it('reads nameserver lines of resolv.conf', () => {
    assert.deepEqual(parseResolvConf('# c\nsearch x\nnameserver 192.0.2.53\nnameserver ::1\nnameserver bogus\n'), [
      { host: '192.0.2.53', port: 53 },
      { host: '::1', port: 53 },
    ]);
  });
});
