import { strict as assert } from 'node:assert';
import { isPrivateAddress, mayProbe } from '../../src/probes/address-policy';

describe('address policy (CONTRACT.md "Security")', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.1.1', '100.64.0.1', '224.0.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:10.0.0.1']) {
      assert.ok(isPrivateAddress(a), a);
      assert.deepEqual(mayProbe(a, false), { ok: false, reason: 'private_address' }, a);
    }
  });

  it('lets lab mode probe loopback and ULA, but never the documentation ranges', () => {
    assert.ok(mayProbe('127.0.1.1', true).ok);
    assert.ok(mayProbe('fdaa:25::1', true).ok);
    for (const a of ['192.0.2.1', '198.51.100.25', '203.0.113.9', '2001:db8::25']) assert.equal(mayProbe(a, true).ok, false, a);
  });

  it('allows public addresses outside lab mode', () => {
    assert.ok(mayProbe('145.100.190.1', false).ok);
    assert.ok(mayProbe('2a00:d78::1', false).ok);
  });

  it('the unit-test world never opens a connection: its MX addresses are refused before any connect', async () => {
    const { checkDomain } = await import('../../src/engine/check-domain');
    const { ZoneResolver } = await import('../support/zone-resolver');
    const { MUNICIPALITIES } = await import('../fixtures/zones/municipalities');
    let checked = false;
    for await (const ev of checkDomain('goedgemeente.nl', { type: 'mail', resolver: new ZoneResolver(MUNICIPALITIES), allowPrivate: true })) {
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
