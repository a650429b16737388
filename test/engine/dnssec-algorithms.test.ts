import { strict as assert } from 'node:assert';
import { checkDnssecAlgorithms } from '../../src/engine/checks/dnssec';
import type { Verdict, ZoneReport } from '../../src/dns/dnssec/chain';

/** mail_dnssec_algorithms judges the zone's DNSSEC parameters, and only on evidence (issue 13). */
describe('mail_dnssec_algorithms', () => {
  const NOW = Date.parse('2026-12-02T10:00:00Z') / 1000;
  const zone = (over: Partial<ZoneReport> = {}): ZoneReport => ({
    zone: 'gemeente.nl',
    state: 'secure',
    algorithms: [13],
    dsDigestTypes: [2],
    rsaBits: [],
    earliestExpiry: NOW + 30 * 86_400,
    ...over,
  });
  const secure = (z: ZoneReport): Verdict => ({
    state: 'secure',
    zone: z.zone,
    zones: [{ ...zone({ zone: '.', algorithms: [8] }) }, z],
  });
  const lost: Verdict = { state: 'indeterminate', zone: 'gemeente.nl', zones: [] };
  const unsigned: Verdict = { state: 'insecure', zone: 'gemeente.nl', zones: [] };

  it('passes modern parameters and names them', () => {
    const r = checkDnssecAlgorithms([secure(zone())], NOW);
    assert.equal(r.status, 'passed');
    assert.deepEqual(
      (r.details as { zones: Array<{ zone: string }> }).zones.map((z) => z.zone),
      ['gemeente.nl'],
      "the root is not the domain owner's to fix",
    );
  });

  it('fails NSEC3 with extra iterations or a salt (RFC 9276 §3.1), saying which', () => {
    const r = checkDnssecAlgorithms([secure(zone({ nsec3: { iterations: 10, saltLength: 8, optOut: false } }))], NOW);
    assert.equal(r.status, 'failed');
    assert.deepEqual(
      (r.details as { findings: Array<{ issue: string; value: number }> }).findings.map((f) => `${f.issue}=${f.value}`),
      ['nsec3_iterations=10', 'nsec3_salt=8'],
    );
  });

  it('a chain that could not be followed is "could not test", never "no signed zones"', () => {
    assert.equal(checkDnssecAlgorithms([lost], NOW).status, 'error');
    assert.equal(
      checkDnssecAlgorithms([lost, secure(zone({ zone: 'mx.nl' }))], NOW).status,
      'error',
      'one zone unknown: a pass would be without evidence',
    );
    assert.equal(
      checkDnssecAlgorithms([lost, secure(zone({ zone: 'mx.nl', dsDigestTypes: [1] }))], NOW).status,
      'failed',
      'a finding is evidence whatever else is unknown',
    );
    assert.equal(checkDnssecAlgorithms([unsigned], NOW).status, 'not_tested');
  });
});
