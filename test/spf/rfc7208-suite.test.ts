import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { checkHost } from '../../src/spf/check-host';
import { ZoneResolver, type ZoneEntry } from '../support/zone-resolver';

/**
 * The RFC 7208 test suite (openspf.org, as distributed with pyspf), every case, none skipped. The
 * zone data is served the way pyspf's driver serves it: records of the obsolete type SPF are copied
 * to TXT unless the name has a TXT entry; `TXT: NONE` means no TXT; `TIMEOUT` times out queries that
 * found nothing before it.
 */

interface SuiteTest {
  helo: string;
  host: string;
  mailfrom: string;
  result: string | string[];
  explanation?: string;
  spec?: string | string[];
}
interface SuiteDoc {
  description: string;
  tests: Record<string, SuiteTest>;
  zonedata: Record<string, (Record<string, unknown> | string)[]>;
}

const SUITE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'spf-test-suite', 'rfc7208-tests.yml');

function asTxt(value: unknown): Buffer[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((s) => Buffer.from(String(s), 'latin1'));
}

function zoneOf(doc: SuiteDoc): ZoneResolver {
  const zone = new ZoneResolver();
  for (const [name, rrs] of Object.entries(doc.zonedata ?? {})) {
    const entries: ZoneEntry[] = [];
    const generated: ZoneEntry[] = [];
    const hasTxt = rrs.some((rr) => typeof rr === 'object' && 'TXT' in rr);
    for (const rr of rrs) {
      if (rr === 'TIMEOUT') {
        entries.push('TIMEOUT');
        continue;
      }
      if (typeof rr !== 'object') continue;
      for (const [type, value] of Object.entries(rr)) {
        if (value === 'NONE') continue;
        switch (type) {
          case 'SPF':
            // Type 99 is never queried (RFC 7208 §3.1); it only feeds the generated TXT copy.
            if (!hasTxt) generated.push({ type: 'TXT', data: asTxt(value) });
            break;
          case 'TXT':
            entries.push({ type: 'TXT', data: asTxt(value) });
            break;
          case 'MX': {
            const [preference, exchange] = value as [number, string];
            entries.push({ type: 'MX', data: { preference, exchange } });
            break;
          }
          default:
            entries.push({ type, data: String(value) });
        }
      }
    }
    zone.add(name, ...entries, ...generated);
  }
  return zone;
}

const docs = yaml.loadAll(readFileSync(SUITE, 'utf8')) as SuiteDoc[];
let total = 0;

describe('RFC 7208 test suite', () => {
  after(() => {
    // Printed so the closing figures can be read off any run.
    console.log(`      RFC 7208 suite: ${total} cases run`);
  });
  for (const doc of docs) {
    describe(doc.description, () => {
      for (const [name, t] of Object.entries(doc.tests)) {
        it(`${name} (${[t.spec].flat().join(', ')})`, async () => {
          total++;
          const verdict = await checkHost(zoneOf(doc), {
            ip: t.host,
            mailFrom: t.mailfrom,
            helo: t.helo,
            receiver: 'receiver.example',
            now: 0,
          });
          const expected = [t.result].flat();
          assert.ok(
            expected.includes(verdict.result),
            `expected ${expected.join('|')}, got ${verdict.result} (${verdict.reason ?? verdict.mechanism ?? ''})`,
          );
          if (t.explanation !== undefined && verdict.result === 'fail')
            // pyspf's driver sets the default explanation to the literal "DEFAULT".
            assert.equal(verdict.explanation ?? 'DEFAULT', t.explanation);
        });
      }
    });
  }
});
