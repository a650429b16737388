import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as net from 'node:net';
import * as fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import { parseSpf } from '../../src/records/spf';
import { parseDmarc } from '../../src/records/dmarc';
import { parseDkimKey } from '../../src/records/dkim';
import { parseMtaStsTxt } from '../../src/records/mta-sts-txt';
import { parseMtaStsPolicy } from '../../src/records/mta-sts-policy';
import { parseTlsRpt } from '../../src/records/tls-rpt';
import { assessCaa } from '../../src/records/caa';
import { parseSecurityTxt } from '../../src/records/security-txt';
import { parseCsp } from '../../src/records/csp';
import { parseHsts } from '../../src/engine/checks/web-https';
import { decodeResponse, toResult } from '../../src/dns/wire';
import { parseServerHello } from '../../src/tls/client-hello';
import { certFacts } from '../../src/tls/cert-facts';
import { ReplyReader, SMTP_LIMITS } from '../../src/probes/smtp';
import { parseCommand } from '../../src/bot/grammar';
import { parseCsv } from '../../src/adoption/csv';
import { parseTargetFile } from '../../src/adoption/targets';
import { parseWhen } from '../../src/scheduler/when';
import { discoverPolicy, type DmarcLookup } from '../../src/records/dmarc-tree-walk';
import * as forge from 'node-forge';

/**
 * `npm run fuzz` (issue 13 §5): property-based fuzzing of every parser that reads outside input.
 * Each parser gets FUZZ_RUNS inputs (default 100,000; CI runs a short slice), seeded by FUZZ_SEED so
 * a failure repeats. The property: no exception, no single input over 1 s, and the heap stays bounded.
 * Inputs mix raw noise with the parser's own vocabulary and with mutated valid messages, so the
 * fuzzer gets past the first byte.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 13);
const MAX_MS = 1000;
const MAX_HEAP_GROWTH = 256 * 1024 * 1024;
const NOW = new Date('2026-12-03T12:00:00Z');

/** A real DER certificate to mutate (RSA 1024 is enough to be parsed; it is never trusted). */
function selfSigned(): Buffer {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2027-01-01T00:00:00Z');
  const attrs = [{ name: 'commonName', value: 'mx.gemeente.nl' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'mx.gemeente.nl' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
    { name: 'basicConstraints', cA: false },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

interface Figure {
  parser: string;
  inputs: number;
  crashes: number;
  slowest_ms: number;
  heap_mb: number;
}
const figures: Figure[] = [];

/** Text made of the grammar's own words and separators, with noise between them. */
function vocabulary(words: string[]): fc.Arbitrary<string> {
  const token = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        ...words,
        ';',
        ' ',
        '=',
        ':',
        ',',
        '\t',
        '\r\n',
        '\n',
        '"',
        '!',
        '.',
        '-',
        '*',
        '%{',
        '}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 3 }) },
  );
  return fc.array(token, { maxLength: 40 }).map((t) => t.join(''));
}

/** Raw noise, long runs, and the vocabulary. */
function textInput(words: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    vocabulary(words),
    fc.string({ maxLength: 200 }),
    fc.fullUnicodeString({ maxLength: 100 }),
    fc.constantFrom('', '='.repeat(5000), ';'.repeat(5000), 'a'.repeat(70_000)),
  );
}

/** Half the inputs open with the record's version, so the fuzzer reaches the tag grammar behind it. */
function record(version: string, words: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    textInput(words),
    vocabulary(words).map((t) => `${version}${t}`),
    vocabulary(words).map((t) => `${version}; ${t}`),
  );
}

/** A valid message with bytes flipped, cut, or extended. */
function mutated(samples: Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
      fc.boolean(),
    )
    .map(([base, flips, cut, doCut]) => {
      const b = Buffer.from(base);
      for (const [at, v] of flips) b[at % b.length] = v;
      return doCut ? b.subarray(0, cut % (b.length + 1)) : b;
    });
}

function bytes(samples: Buffer[]): fc.Arbitrary<Buffer> {
  return fc.oneof(
    mutated(samples),
    fc.uint8Array({ maxLength: 600 }).map((u) => Buffer.from(u)),
  );
}

function fuzz<T>(parser: string, arb: fc.Arbitrary<T>, run: (input: T) => unknown): void {
  it(`${parser}: ${RUNS} inputs, no crash, none over ${MAX_MS} ms`, async function () {
    this.timeout(0);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let slowest = 0;
    let inputs = 0;
    let crashes = 0;
    try {
      fc.assert(
        fc.property(arb, (input) => {
          inputs++;
          const t0 = performance.now();
          try {
            run(input);
          } catch (err) {
            crashes++;
            throw err;
          }
          const ms = performance.now() - t0;
          slowest = Math.max(slowest, ms);
          if (ms > MAX_MS) throw new Error(`took ${Math.round(ms)} ms`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      // Let the promise callbacks the inputs queued run (SMTP replies), then measure what stays.
      await new Promise((r) => setImmediate(r));
      global.gc?.();
      const growth = process.memoryUsage().heapUsed - heap0;
      figures.push({
        parser,
        inputs,
        crashes,
        slowest_ms: Math.round(slowest * 10) / 10,
        heap_mb: Math.round(growth / 1e5) / 10,
      });
      assert.ok(growth < MAX_HEAP_GROWTH, `heap grew by ${Math.round(growth / 1e6)} MB`);
    }
  });
}

describe(`fuzzing every parser of outside input (seed ${SEED}, ${RUNS} inputs each)`, () => {
  after(() => {
    mkdirSync('test-output', { recursive: true });
    writeFileSync(
      join('test-output', 'fuzz.json'),
      `${JSON.stringify({ seed: SEED, runs: RUNS, figures }, null, 2)}\n`,
    );
    for (const f of figures)
      console.log(
        `      ${f.parser}: ${f.inputs} inputs, ${f.crashes} crashes, slowest ${f.slowest_ms} ms, heap ${f.heap_mb} MB`,
      );
  });

  fuzz(
    'SPF',
    record('v=spf1 ', [
      'v=spf1',
      'include:',
      'a',
      'mx',
      'ptr',
      'ip4:',
      'ip6:',
      'exists:',
      'redirect=',
      'exp=',
      '-all',
      '~all',
      '+all',
      '?all',
      '/24',
      '//64',
      '%{i}',
      '%{d2r}',
      '%{l-}',
      '127.0.0.1',
      '::1',
    ]),
    (t) => parseSpf(t),
  );
  fuzz(
    'DMARC',
    record('v=DMARC1', [
      'v=DMARC1',
      'V=DMARC1',
      'p=',
      'sp=',
      'np=',
      'reject',
      'none',
      'quarantine',
      'rua=',
      'ruf=',
      'mailto:',
      'a@b.nl',
      'https://r.example/',
      '!10m',
      'pct=',
      'adkim=s',
      'aspf=r',
      'fo=1:d',
      'psd=y',
      't=y',
      'rf=afrf',
      'ri=86400',
    ]),
    (t) => {
      parseDmarc(t);
      parseDmarc(t, true);
    },
  );
  fuzz(
    'DMARC tree walk',
    fc.tuple(
      fc.array(fc.stringMatching(/^[a-z0-9-]{0,10}$/), { maxLength: 40 }),
      fc.array(vocabulary(['v=DMARC1', 'p=reject', 'psd=y', 'psd=n', 'psd=u']), { maxLength: 12 }),
      fc.array(fc.constantFrom<DmarcLookup['outcome']>('answer', 'nodata', 'nxdomain', 'servfail', 'timeout'), {
        maxLength: 12,
      }),
    ),
    ([labels, txts, outcomes]) => {
      const domain = labels.join('.');
      const lookups = new Map<string, DmarcLookup>();
      const parts = domain.split('.');
      for (let i = 0; i < parts.length; i++) {
        const d = parts.slice(i).join('.');
        lookups.set(d, {
          domain: d,
          outcome: outcomes[i % Math.max(1, outcomes.length)] ?? 'answer',
          txt: txts.slice(i % 3),
        });
      }
      const r = discoverPolicy(domain, lookups);
      assert.ok(r.walk.length <= 8);
    },
  );
  fuzz(
    'DKIM key',
    record('v=DKIM1', [
      'v=DKIM1',
      'k=rsa',
      'k=ed25519',
      'p=',
      'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
      'AAAA',
      '==',
      't=y:s',
      'h=sha256',
      's=email',
    ]),
    (t) => parseDkimKey(t),
  );
  fuzz('MTA-STS TXT', record('v=STSv1', ['v=STSv1', 'id=', '20261203', 'ext=1']), (t) => parseMtaStsTxt(t));
  fuzz(
    'MTA-STS policy',
    record('version: STSv1\r\n', [
      'version: STSv1',
      'mode: enforce',
      'mode: testing',
      'max_age: 604800',
      'mx: mx1.example.nl',
      'mx: *.example.net',
      '\r\n',
    ]),
    (t) => parseMtaStsPolicy(t),
  );
  fuzz('TLS-RPT', record('v=TLSRPTv1', ['v=TLSRPTv1', 'rua=', 'mailto:tls@x.nl', 'https://r.example/v1']), (t) =>
    parseTlsRpt(t),
  );
  fuzz(
    'CAA',
    fc.array(
      fc.record({
        flags: fc.integer({ min: 0, max: 255 }),
        tag: fc.oneof(
          fc.constantFrom('issue', 'issuewild', 'iodef', 'ISSUE', 'contactemail'),
          fc.string({ maxLength: 10 }),
        ),
        value: textInput(['letsencrypt.org', ';', 'accounturi=', 'validationmethods=dns-01', 'mailto:a@b.nl']),
      }),
      { maxLength: 6 },
    ),
    (r) => assessCaa(r),
  );
  fuzz(
    'security.txt',
    fc.tuple(
      textInput([
        'Contact: mailto:a@b.nl',
        'Expires: 2027-01-01T00:00:00Z',
        'Canonical: https://x.nl/.well-known/security.txt',
        'Encryption:',
        'Policy:',
        'Preferred-Languages: nl, en',
        '-----BEGIN PGP SIGNED MESSAGE-----',
        '-----BEGIN PGP SIGNATURE-----',
        '# ',
        '<html>',
      ]),
      fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'text/html', '', 'text/plain; charset="latin1"'),
      fc.boolean(),
    ),
    ([body, contentType, legacy]) =>
      parseSecurityTxt({ url: 'https://x.nl/.well-known/security.txt', status: 200, contentType, body, legacy }, NOW),
  );
  fuzz(
    'CSP header',
    textInput([
      "default-src 'self'",
      "frame-ancestors 'none'",
      'script-src',
      "'unsafe-inline'",
      "'nonce-abc'",
      'https:',
      'data:',
      '*',
      'object-src',
      'base-uri',
      'form-action',
      'upgrade-insecure-requests',
    ]),
    (t) => parseCsp(t),
  );
  fuzz('HSTS header', textInput(['max-age=', '31536000', 'includeSubDomains', 'preload', '"', '-1']), (t) =>
    parseHsts(t),
  );

  const q = { id: 4242, name: 'gemeente.nl', type: 'TXT' as const };
  const dnsSamples = [
    dnsPacket.encode({
      type: 'response',
      id: 4242,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: [{ type: 'TXT', name: 'gemeente.nl' }],
      answers: [
        { type: 'TXT', name: 'gemeente.nl', ttl: 300, data: ['v=spf1 -all'] },
        { type: 'CNAME', name: 'gemeente.nl', ttl: 300, data: 'x.gemeente.nl' },
      ],
    }),
    dnsPacket.encode({
      type: 'response',
      id: 4242,
      flags: 3,
      questions: [{ type: 'TXT', name: 'gemeente.nl' }],
      authorities: [
        {
          type: 'SOA',
          name: 'nl',
          ttl: 300,
          data: {
            mname: 'ns1.dns.nl',
            rname: 'hostmaster.dns.nl',
            serial: 1,
            refresh: 1,
            retry: 1,
            expire: 1,
            minimum: 300,
          },
        },
      ],
    }),
  ];
  fuzz('DNS wire message', bytes(dnsSamples), (b) => {
    const d = decodeResponse(b, q);
    if (d.ok) toResult(d.packet, q, '127.0.0.1:53');
  });

  const hellos = ['postfix-tls12-ncsc.bin', 'postfix-tls10-only.bin'].map((f) =>
    readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'handshakes', f)),
  );
  fuzz('TLS ServerHello', bytes(hellos), (b) => parseServerHello(b));

  fuzz('X.509 certificate', bytes([selfSigned()]), (b) => certFacts(b));

  fuzz(
    'SMTP replies',
    fc.array(
      fc.oneof(
        vocabulary(['220 ', '250-', '250 ', 'STARTTLS', 'PIPELINING', '421 ', '\r\n', '\n', 'mx.gemeente.nl']),
        fc.string({ maxLength: 50 }),
      ),
      { maxLength: 12 },
    ),
    (chunks) => {
      const socket = new EventEmitter() as unknown as net.Socket;
      const reader = new ReplyReader(socket, SMTP_LIMITS);
      for (const c of chunks) {
        socket.emit('data', Buffer.from(c, 'latin1'));
        void reader.next().catch(() => undefined);
      }
      socket.emit('close');
    },
  );

  fuzz(
    'chat command',
    textInput([
      '/mailcheck',
      'check',
      'controleer',
      'mail',
      'web',
      'gemeente.nl',
      'xn--',
      '<@U123>',
      '<!channel>',
      'rapport',
      'report',
      'add',
      'lijst',
      'maandag 09:00',
      'watch',
      'volg',
      'uitleg',
      'help',
      'https://',
      '127.0.0.1',
      '[::1]',
    ]),
    (t) => parseCommand(t),
  );
  fuzz(
    'schedule phrase',
    textInput([
      'maandag',
      'werkdagen',
      'every',
      'Monday',
      '9:00',
      '09:00',
      '1e van de maand',
      '* * * * *',
      '0 9 * * 1',
      '*/5',
      '24:61',
    ]),
    (t) => parseWhen(t),
  );
  fuzz(
    'shared CSV',
    textInput(['domain', 'organisation', 'name', 'gemeente.nl', '"', '""', ',', '\r\n', '\n', '\uFEFF', '=HYPERLINK(']),
    (t) => {
      parseCsv(t, 1000);
      parseTargetFile(t);
    },
  );
});
