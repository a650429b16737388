import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { TestDnsServer } from '../support/dns-server';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';

const BIN = join(__dirname, '..', '..', '..', 'bin', 'mailcheck.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 99) : 0, stdout, stderr });
      },
    );
  });
}

describe('mailcheck check (CLI, real process, real DNS server on loopback)', () => {
  let server: TestDnsServer;
  before(async () => {
    server = await new TestDnsServer(MUNICIPALITIES).start();
  });
  after(async () => server.stop());

  it('prints the contract JSON; a required failure (MX without IPv6) exits 1', async () => {
    // This in-process server holds no DNSSEC data (a resolver that strips it), and its MX hosts sit in
    // documentation ranges that are never probed. Exit 0 for a compliant domain is asserted in the lab.
    const run = await cli(['check', 'GoedGemeente.nl.', '--json', '--resolver', server.address]);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.schema, 'mailcheck/1');
    assert.equal(doc.domain, 'goedgemeente.nl');
    assert.equal(doc.web, undefined);
    const mail = doc.mail;
    assert.equal(mail.type, 'mail');
    assert.match(mail.startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(typeof mail.durationMs, 'number');
    assert.equal(mail.guideline, 'ncsc-2025');
    assert.deepEqual(mail.categories.mail_auth, { status: 'passed', score: 100 });
    assert.deepEqual(mail.categories.mail_dnssec, { status: 'error', score: 0 });
    assert.equal(mail.tests.mail_dnssec_mailto_valid.reason, 'dns_error');
    assert.equal(mail.tests.mail_ipv6_mx_address.status, 'failed');
    assert.equal(mail.tests.mail_starttls_tls_available.reason, 'private_address');
    assert.ok(mail.score > 0 && mail.score < 100);
    for (const t of Object.values(mail.tests) as { status: string; reason: string; details: unknown }[]) {
      assert.match(t.status, /^(passed|failed|warning|info|not_tested|error)$/);
      assert.match(t.reason, /^[a-z0-9_]+$/);
      assert.equal(typeof t.details, 'object');
    }
    const spf = mail.tests.mail_auth_spf_policy.details;
    assert.deepEqual(
      [spf.record, spf.lookups, spf.voidLookups, spf.all],
      ['v=spf1 include:spf.provider.example -all', 1, 0, '-all'],
    );
    const dmarc = mail.tests.mail_auth_dmarc_policy.details;
    assert.deepEqual(
      [dmarc.record, dmarc.foundOn, dmarc.policy],
      ['v=DMARC1; p=reject; rua=mailto:dmarc@goedgemeente.nl', 'goedgemeente.nl', 'reject'],
    );
    assert.equal(mail.custom.mail_non_sending_domain, false);
  });

  it('exits 1 with a readable report naming the fix when a required test fails', async () => {
    const run = await cli(['check', 'zwakgemeente.nl', '--resolver', server.address, '--lang', 'en']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /Mail test for zwakgemeente\.nl/);
    assert.match(run.stdout, /The policy is none/);
    assert.match(
      run.stdout,
      /Publish instead: _dmarc\.zwakgemeente\.nl\. TXT "v=DMARC1; p=quarantine; rua=mailto:reports@dmarc-analyser\.example"/,
    );
    assert.match(run.stdout, /Publish instead: zwakgemeente\.nl\. TXT "v=spf1 mx ~all"/);
    // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
    assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour codes when not on a terminal');
    const nl = await cli(['check', 'zwakgemeente.nl', '--resolver', server.address]);
    assert.match(nl.stdout, /E-mailtest voor zwakgemeente\.nl/);
    assert.match(nl.stdout, /Publiceer in plaats daarvan/);
  });

  it('exits 2 on bad input with one line on stderr, nothing on stdout, and no packet sent', async () => {
    const before = server.seen.length;
    for (const bad of [
      '',
      'bad..name',
      '192.0.2.1',
      `${'a'.repeat(64)}.nl`,
      '../etc/passwd',
      'x.nl;rm -rf /',
      '$(id).nl',
      'a'.repeat(10_000),
    ]) {
      const run = await cli(['check', bad, '--json', '--resolver', server.address]);
      assert.equal(run.code, 2, `input ${JSON.stringify(bad.slice(0, 20))}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trim().split('\n').length, 1);
      assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
    }
    for (const args of [
      ['check'],
      ['check', 'a.nl', 'b.nl'],
      ['check', 'a.nl', '--type', 'dns'],
      ['check', 'a.nl', '--bogus'],
      ['check', 'a.nl', '--timeout', '-1'],
      ['frobnicate'],
    ]) {
      assert.equal((await cli([...args, '--resolver', server.address])).code, 2, args.join(' '));
    }
    assert.equal((await cli(['check', 'a.nl', '--resolver', 'dns.example.nl'])).code, 2);
    assert.equal((await cli(['check', 'a.nl'], { MAILCHECK_LANG: 'fr' })).code, 2);
    assert.equal(server.seen.length, before);
  });

  it('exits 3 when no resolver answers', async () => {
    const silent = await new TestDnsServer({}).start();
    silent.behaviour = () => 'drop';
    try {
      const run = await cli(['check', 'goedgemeente.nl', '--json', '--resolver', silent.address, '--timeout', '2']);
      assert.equal(run.code, 3);
      const doc = JSON.parse(run.stdout);
      assert.ok(Object.values(doc.mail.tests as Record<string, { status: string }>).every((t) => t.status === 'error'));
    } finally {
      await silent.stop();
    }
  });

  it('reads resolvers from MAILCHECK_RESOLVERS', async () => {
    const before = server.seen.length;
    const run = await cli(['check', 'geenmail.nl', '--json'], { MAILCHECK_RESOLVERS: server.address });
    assert.notEqual(run.code, 2, run.stderr);
    assert.equal(JSON.parse(run.stdout).mail.custom.mail_non_sending_domain, true);
    assert.ok(server.seen.length > before, 'the queries went to the resolver from the environment');
  });
});
