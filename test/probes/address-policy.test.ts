import { strict as assert } from 'node:assert';
import { classifyAddress, isPrivateAddress, mayFollowPort, mayProbe } from '../../src/probes/address-policy';
import { parseAddress } from '../../src/probes/address-bytes';

/** The address-policy table (IANA special-purpose registries; issue 14 item 2). */
const TABLE: [string, 'public' | 'private' | 'documentation' | 'invalid'][] = [
  ['145.100.190.1', 'public'],
  ['8.8.8.8', 'public'],
  ['192.0.1.1', 'public'],
  ['2a00:d78::1', 'public'],
  ['2001:610:188::1', 'public'],
  ['127.0.0.1', 'private'],
  ['127.255.255.254', 'private'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'private'],
  ['100.64.0.1', 'private'],
  ['224.0.0.1', 'private'],
  ['0.0.0.0', 'private'],
  ['255.255.255.255', 'private'],
  ['192.0.0.8', 'private'],
  ['192.88.99.1', 'private'],
  ['198.18.0.1', 'private'],
  ['240.0.0.1', 'private'],
  ['::1', 'private'],
  ['::', 'private'],
  ['fd00::1', 'private'],
  ['fe80::1', 'private'],
  ['ff02::1', 'private'],
  ['fec0::1', 'private'],
  // IPv4-mapped, in every spelling the kernel accepts.
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:7f00:1', 'private'],
  ['0:0:0:0:0:ffff:7f00:1', 'private'],
  ['::FFFF:127.0.0.1', 'private'],
  ['0000:0000:0000:0000:0000:ffff:0808:0808', 'private'],
  // IPv4-compatible (deprecated, RFC 4291 §2.5.5.1).
  ['::127.0.0.1', 'private'],
  ['::a9fe:a9fe', 'private'],
  ['::8.8.8.8', 'private'],
  // NAT64 well-known prefix: the embedded IPv4 decides.
  ['64:ff9b::a9fe:a9fe', 'private'],
  ['64:ff9b::127.0.0.1', 'private'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::808:808', 'public'],
  ['64:ff9b:1::1', 'private'],
  // 6to4: the embedded IPv4 decides.
  ['2002:7f00:1::1', 'private'],
  ['2002:a9fe:a9fe::1', 'private'],
  ['2002:0a00:0001::', 'private'],
  ['2002:808:808::1', 'public'],
  ['2001::1', 'private'],
  ['2001:2::1', 'private'],
  ['100::1', 'private'],
  ['5f00::1', 'private'],
  ['4000::1', 'private'],
  ['192.0.2.1', 'documentation'],
  ['198.51.100.25', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['2001:db8::25', 'documentation'],
  ['3fff::1', 'documentation'],
  ['64:ff9b::192.0.2.1', 'documentation'],
  ['fe80::1%eth0', 'invalid'],
  ['localhost', 'invalid'],
  ['1.2.3', 'invalid'],
  ['', 'invalid'],
  ['::ffff:999.0.0.1', 'invalid'],
];

describe('address policy (CONTRACT.md "Security")', () => {
  for (const [address, expected] of TABLE) {
    it(`${address || '(empty)'} is ${expected}`, () => {
      assert.equal(classifyAddress(address), expected);
      assert.equal(mayProbe(address, false).ok, expected === 'public');
      assert.equal(
        mayProbe(address, true).ok,
        expected === 'public' || expected === 'private',
        'lab mode lifts only the private class',
      );
      assert.equal(isPrivateAddress(address), expected !== 'public');
    });
  }

  it('reads every IPv6 spelling of one address as the same bytes', () => {
    const want = parseAddress('::ffff:127.0.0.1');
    for (const s of ['0:0:0:0:0:ffff:7f00:1', '::ffff:7f00:1', '0::ffff:7f00:0001', '::FFFF:127.0.0.1'])
      assert.deepEqual(parseAddress(s), want, s);
    assert.deepEqual([...(parseAddress('127.0.0.1') ?? [])], [127, 0, 0, 1]);
  });

  it('follows redirects to ports 80 and 443 only', () => {
    assert.ok(mayFollowPort(80) && mayFollowPort(443));
    for (const p of [22, 25, 6379, 8080, 0]) assert.equal(mayFollowPort(p), false);
  });

  it('the unit-test world never opens a connection: its MX addresses are refused before any connect', async () => {
    const { checkDomain } = await import('../../src/engine/check-domain');
    const { ZoneResolver } = await import('../support/zone-resolver');
    const { MUNICIPALITIES } = await import('../fixtures/zones/municipalities');
    let checked = false;
    for await (const ev of checkDomain('goedgemeente.nl', {
      type: 'mail',
      resolver: new ZoneResolver(MUNICIPALITIES),
      allowPrivate: true,
    })) {
      if (ev.kind !== 'report') continue;
      const t = ev.report.tests.mail_starttls_tls_available;
      assert.equal(t?.status, 'error');
      assert.equal(t?.reason, 'private_address');
      const servers = t?.details.servers as { connections: number }[];
      assert.ok(servers.length === 2 && servers.every((s) => s.connections === 0), 'no connection was opened');
      checked = true;
    }
    assert.ok(checked);
  });
});
