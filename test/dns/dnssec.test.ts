import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DnssecValidator } from '../../src/dns/dnssec-validator';
import { parseTrustAnchors, ROOT_KSKS, type TrustAnchors } from '../../src/dns/dnssec/anchors';
import { dsDigest, keyTag } from '../../src/dns/dnssec/keys';
import { nsec3Hash } from '../../src/dns/dnssec/denial';
import { timeLE } from '../../src/dns/dnssec/rrsig';
import type { RRType } from '../../src/dns/types';
import { ZoneResolver, type ZoneEntry } from '../support/zone-resolver';
import { parseZoneText } from '../support/zone-text';

/**
 * Zones signed by a real signer (ldns-signzone, test/fixtures/dnssec/generate.sh), validated from a
 * trust anchor for "test." with the clock pinned inside the signatures' window.
 */
const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'dnssec');
const NOW = Date.UTC(2026, 10, 27) / 1000;
const CHILDREN = [
  'alg8-nsec',
  'alg8-nsec3',
  'alg10-nsec',
  'alg13-nsec',
  'alg13-nsec3',
  'alg14-nsec',
  'alg15-nsec',
  'alg16-nsec',
  'alg8-optout',
];

function world(mutate?: (zone: Map<string, ZoneEntry[]>) => void): ZoneResolver {
  const z = new ZoneResolver();
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.signed') || n === 'unsigned.zone')) {
    for (const [name, entries] of Object.entries(parseZoneText(readFileSync(join(DIR, f), 'utf8'))))
      z.add(name, ...entries);
  }
  mutate?.(z.zone);
  return z;
}
const anchors = (): TrustAnchors => {
  const p = parseTrustAnchors(readFileSync(join(DIR, 'anchor.ds'), 'utf8'));
  if (!p.ok) throw new Error(p.error);
  return p.anchors;
};
const check = (z: ZoneResolver, name: string, type: RRType, now = NOW, a = anchors()) =>
  new DnssecValidator(z, a).validate(name, type, now);

describe('DNSSEC validation on zones signed by ldns (pinned clock)', () => {
  for (const child of CHILDREN) {
    const zone = `${child}.test`;
    it(`${child}: answers, a CNAME chain, NODATA and NXDOMAIN`, async () => {
      const z = world();
      for (const [name, type] of [
        [zone, 'SOA'],
        [zone, 'MX'],
        [`www.${zone}`, 'A'],
        [`mail.${zone}`, 'AAAA'],
        [`mail.${zone}`, 'MX'],
        [`_dmarc.${zone}`, 'TXT'],
      ] as [string, RRType][]) {
        const v = await check(z, name, type);
        assert.equal(v.state, 'secure', `${name} ${type}: ${v.why} ${v.detail}`);
      }
      const nx = await check(z, `nope.${zone}`, 'A');
      assert.equal(nx.state, child.endsWith('optout') ? 'insecure' : 'secure', `${nx.why} ${nx.detail}`);
      const alg = Number(/alg(\d+)/.exec(child)?.[1]);
      const report = (await check(z, zone, 'SOA')).zones.find((r) => r.zone === zone);
      assert.deepEqual(report?.algorithms, [alg]);
      assert.deepEqual(report?.dsDigestTypes, [2]);
    });
  }

  it("an unsigned delegation is insecure, proven by the parent's NSEC", async () => {
    const v = await check(world(), 'unsigned.test', 'SOA');
    assert.equal(v.state, 'insecure');
    assert.equal(v.zone, 'unsigned.test');
    assert.equal(v.detail, 'no_ds');
  });

  it('reports NSEC3 parameters (5 iterations, a salt) for the algorithm test', async () => {
    const v = await check(world(), 'nope.alg13-nsec3.test', 'A');
    assert.deepEqual(v.zones.find((r) => r.zone === 'alg13-nsec3.test')?.nsec3, {
      iterations: 5,
      saltLength: 3,
      optOut: false,
    });
  });

  describe('tampered copies are bogus, with the reason and the zone', () => {
    it('one flipped bit in a signature', async () => {
      const z = world((zone) => {
        const sig = (zone.get('alg13-nsec.test') ?? []).find(
          (e) => e !== 'TIMEOUT' && e.type === 'RRSIG' && (e.data as { typeCovered: string }).typeCovered === 'SOA',
        );
        if (sig && sig !== 'TIMEOUT') {
          const d = sig.data as { signature: Buffer };
          d.signature = Buffer.from(d.signature);
          d.signature[5] = (d.signature[5] as number) ^ 0x01;
        }
      });
      const v = await check(z, 'alg13-nsec.test', 'SOA');
      assert.deepEqual([v.state, v.why, v.zone], ['bogus', 'no_valid_signature', 'alg13-nsec.test']);
    });

    it('a dropped RRSIG', async () => {
      const z = world((zone) => {
        zone.set(
          'alg15-nsec.test',
          (zone.get('alg15-nsec.test') ?? []).filter(
            (e) => !(e !== 'TIMEOUT' && e.type === 'RRSIG' && (e.data as { typeCovered: string }).typeCovered === 'MX'),
          ),
        );
      });
      const v = await check(z, 'alg15-nsec.test', 'MX');
      assert.deepEqual([v.state, v.why], ['bogus', 'missing_rrsig']);
    });

    it('a trust anchor (DS) that matches no key', async () => {
      const a = anchors();
      a.ds = a.ds.map((d) => ({ ...d, digest: Buffer.from(d.digest.map((b, i) => (i === 0 ? b ^ 0xff : b))) }));
      const v = await check(world(), 'alg8-nsec.test', 'SOA', NOW, a);
      assert.deepEqual([v.state, v.why, v.zone], ['bogus', 'ds_mismatch', 'test']);
    });

    it('a shifted clock: expired, and not yet valid', async () => {
      const later = await check(world(), 'alg16-nsec.test', 'SOA', Date.UTC(2027, 1, 1) / 1000);
      assert.deepEqual([later.state, later.why], ['bogus', 'signature_expired']);
      const earlier = await check(world(), 'alg16-nsec.test', 'SOA', Date.UTC(2026, 9, 1) / 1000);
      assert.deepEqual([earlier.state, earlier.why], ['bogus', 'signature_not_yet_valid']);
    });

    it('a denial without its NSEC records', async () => {
      const z = world((zone) => {
        for (const [name, entries] of zone)
          if (name.endsWith('alg13-nsec.test'))
            zone.set(
              name,
              entries.filter(
                (e) =>
                  e === 'TIMEOUT' || (e.type !== 'NSEC' && (e.data as { typeCovered?: string }).typeCovered !== 'NSEC'),
              ),
            );
      });
      const v = await check(z, 'nope.alg13-nsec.test', 'A');
      assert.deepEqual([v.state, v.why], ['bogus', 'bad_denial']);
    });
  });

  describe('hostile data stays bounded', () => {
    it('1000 RRSIGs over one RRset', async () => {
      const z = world((zone) => {
        const entries = zone.get('alg13-nsec.test') ?? [];
        const sig = entries.find(
          (e) => e !== 'TIMEOUT' && e.type === 'RRSIG' && (e.data as { typeCovered: string }).typeCovered === 'SOA',
        );
        const junk = Array.from({ length: 1000 }, (_, i) => ({
          type: 'RRSIG',
          data: { ...(sig as { data: object }).data, signature: Buffer.alloc(64, i % 251) },
        }));
        zone.set('alg13-nsec.test', [...junk, ...entries]);
      });
      const started = process.hrtime.bigint();
      const v = await check(z, 'alg13-nsec.test', 'SOA');
      assert.equal(v.state, 'bogus', 'the real signature is beyond the bound of tried signatures');
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 5000, 'sanity bound');
    });

    it('500 junk DNSKEYs beside the real one', async () => {
      const z = world((zone) => {
        const junk = Array.from({ length: 500 }, (_, i) => ({
          type: 'DNSKEY',
          data: { flags: 257, algorithm: 13, key: Buffer.alloc(64, i % 256) },
        }));
        zone.set('alg13-nsec.test', [...(zone.get('alg13-nsec.test') ?? []), ...junk]);
      });
      const v = await check(z, 'alg13-nsec.test', 'SOA');
      // The RRSIG over the DNSKEY RRset no longer matches the enlarged set.
      assert.deepEqual([v.state, v.why], ['bogus', 'no_valid_signature']);
    });

    it('a signer name outside the zone, and a DS signed by the zone itself', async () => {
      const z = world((zone) => {
        for (const e of zone.get('alg14-nsec.test') ?? []) {
          if (e !== 'TIMEOUT' && e.type === 'RRSIG' && (e.data as { typeCovered: string }).typeCovered === 'MX')
            (e.data as { signersName: string }).signersName = 'evil.example';
          if (e !== 'TIMEOUT' && e.type === 'RRSIG' && (e.data as { typeCovered: string }).typeCovered === 'DS')
            (e.data as { signersName: string }).signersName = 'alg14-nsec.test';
        }
      });
      const mx = await check(z, 'alg14-nsec.test', 'MX');
      assert.equal(mx.state, 'bogus');
      const soa = await check(z, 'alg14-nsec.test', 'SOA');
      assert.equal(soa.state, 'bogus', `${soa.why} ${soa.detail}`);
    });
  });
});

describe('trust anchors and primitives', () => {
  it('the built-in root KSKs have the key tags and DS digests IANA publishes', () => {
    const published: Record<number, string> = {
      20326: 'e06d44b80b8f1d39a95c0b0d7c65d08458e880409bbc683457104237c7f8ec8d',
      38696: '683d2d0acb8c9b712a1948b27f741219298d0a450d612c483af444a4c0fb2b16',
    };
    assert.deepEqual(ROOT_KSKS.map(keyTag), [20326, 38696]);
    for (const k of ROOT_KSKS) assert.equal(dsDigest('.', k, 2)?.toString('hex'), published[keyTag(k)]);
  });

  it('parses anchor files as Debian ships them, and refuses junk', () => {
    const p = parseTrustAnchors(
      '. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n; comment\n',
    );
    assert.ok(p.ok && p.anchors.zone === '.' && p.anchors.ds.length === 1);
    assert.ok(!parseTrustAnchors('. IN A 192.0.2.1').ok);
    assert.ok(!parseTrustAnchors('. IN DS 1 8 2 00\nnl. IN DS 1 8 2 00').ok);
    assert.ok(!parseTrustAnchors('').ok);
  });

  it('NSEC3 hashes match RFC 5155 Appendix A', () => {
    // example, salt aabbccdd, 12 iterations -> 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom
    assert.equal(nsec3Hash('example', Buffer.from('aabbccdd', 'hex'), 12), '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
    assert.equal(nsec3Hash('a.example', Buffer.from('aabbccdd', 'hex'), 12), '35mthgpgcu1qg68fab165klnsnk3dpvl');
  });

  it('compares signature times with serial-number arithmetic', () => {
    assert.ok(timeLE(100, 200));
    assert.ok(!timeLE(200, 100));
    assert.ok(timeLE(0xfffffff0, 0x10), 'across the 2106 wrap');
  });
});
