import { strict as assert } from 'node:assert';
import type { ServerTlsFacts } from '../../src/probes/tls-assessor';
import {
  checkCertificates,
  checkCompression,
  checkKeyExchangeHash,
  checkTlsAvailable,
  checkTlsCiphers,
  checkTlsVersion,
} from '../../src/engine/checks/tls-server';

/**
 * A server we could not test (421, no answer, an address we may not probe) is "could not test" in
 * every TLS test, never "nothing to test" (issue 13: the lab under DNS faults met a rate-limited MX
 * whose first connection got 421, and mail_starttls_tls_version came out not_tested).
 */
const good: ServerTlsFacts = {
  host: 'mx1.example.nl',
  address: '192.0.2.1',
  outcome: 'ok',
  versions: { 'TLSv1.2': true, 'TLSv1.3': true },
  negotiated: {
    version: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    kex: { type: 'ECDH', name: 'X25519', size: 253 },
  },
  ciphers: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
  cipherCodes: [0xc030],
  ciphers13: ['TLS_AES_256_GCM_SHA384'],
  chain: [],
  sha1Signatures: false,
  compression: false,
  secureRenegotiation: true,
  connections: 8,
};
const busy: ServerTlsFacts = {
  host: 'mx2.example.nl',
  address: '192.0.2.2',
  outcome: 'busy',
  detail: '421 4.7.0 too many connections',
  versions: {},
  ciphers: [],
  cipherCodes: [],
  ciphers13: [],
  chain: [],
  connections: 1,
};
const dead: ServerTlsFacts = {
  ...busy,
  host: 'mx3.example.nl',
  address: '192.0.2.3',
  outcome: 'unreachable',
  detail: 'ETIMEDOUT',
};
const noStarttls: ServerTlsFacts = {
  ...busy,
  host: 'mx4.example.nl',
  address: '192.0.2.4',
  outcome: 'no_starttls',
  detail: undefined,
  banner: '220 hi',
};

function tlsResults(facts: ServerTlsFacts[], prefix: 'mail_starttls' | 'web_https') {
  return [
    checkTlsVersion(facts, 'ncsc-2025', prefix),
    checkTlsCiphers(facts, 'ncsc-2025', prefix),
    checkKeyExchangeHash(facts, prefix),
    checkCompression(facts, prefix),
    ...checkCertificates(facts, 'ncsc-2025', prefix),
  ];
}

describe('TLS tests over servers that could not be tested', () => {
  it('a rate-limited only MX: every TLS test is error (rate_limited), tls_available too', () => {
    for (const r of tlsResults([busy], 'mail_starttls')) {
      assert.equal(r.status, 'error', r.id);
      assert.equal(r.reason, 'rate_limited', r.id);
    }
    assert.equal(checkTlsAvailable([busy], true).status, 'error');
  });

  it('one good MX and one unreachable MX: the mail verdict stays open (error), naming the MX', () => {
    const v = checkTlsVersion([good, dead], 'ncsc-2025');
    assert.equal(v.status, 'error');
    assert.equal(v.reason, 'unreachable');
    const servers = v.details.servers as Array<{ host: string; status: string }>;
    assert.deepEqual(
      servers.map((s) => `${s.host}:${s.status}`),
      ['mx1.example.nl:passed', 'mx3.example.nl:error'],
    );
  });

  it('evidence still wins: a failing MX next to a busy one is failed', () => {
    const old: ServerTlsFacts = { ...good, versions: { TLSv1: true, 'TLSv1.2': true } };
    assert.equal(checkTlsVersion([old, busy], 'ncsc-2025').status, 'failed');
  });

  it('a web address that does not answer is left to the reach test while another address answers', () => {
    assert.equal(checkTlsVersion([good, dead], 'ncsc-2025', 'web_https').status, 'passed');
    assert.equal(checkTlsVersion([dead], 'ncsc-2025', 'web_https').status, 'error');
  });

  it('an MX without STARTTLS is evidence for tls_available only; the other TLS tests have nothing to judge', () => {
    assert.equal(checkTlsAvailable([noStarttls], true).status, 'failed');
    assert.equal(checkTlsVersion([noStarttls], 'ncsc-2025').status, 'not_tested');
  });
});
