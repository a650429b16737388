import { strict as assert } from 'node:assert';
import { parseCsv } from '../../src/adoption/csv';
import { loadBuiltInList } from '../../src/adoption/lists';

describe('built-in lists and CSV', () => {
  it('reads RFC 4180 quoting', () => {
    assert.deepEqual(parseCsv('a,b\r\n"Nuenen, Gerwen en Nederwetten","say ""hi"""\n\n'), [
      ['a', 'b'],
      ['Nuenen, Gerwen en Nederwetten', 'say "hi"'],
    ]);
  });
  it('has the 342 municipalities, 12 provinces and 21 water boards of the reference data', () => {
    const g = loadBuiltInList('gemeenten');
    assert.equal(g.length, 342);
    assert.equal(loadBuiltInList('provincies').length, 12);
    assert.equal(loadBuiltInList('waterschappen').length, 21);
    const nuenen = g.find((o) => o.code === 'GM0820');
    assert.equal(nuenen?.name, 'Nuenen, Gerwen en Nederwetten');
    assert.ok(
      g.every((o) => o.domain && o.mailDomain),
      'every entry has a domain to test',
    );
  });
});

describe('one CSV writer with the formula guard (issue 13 §4)', () => {
  it('an organisation name from a shared CSV comes out inert in the scan CSV and the summary CSV, and reads back as text', async () => {
    const { toCsv, parseCsvObjects } = await import('../../src/adoption/csv');
    const { summaryCsv } = await import('../../src/bot/summary-reply');
    const { csvRow } = await import('../../src/adoption/formats');
    const shared =
      'domain,organisation\r\nkwaad.nl,"=HYPERLINK(""https://evil.example"",""klik"")"\r\nplus.nl,+31 20 123\r\ntab.nl,"\t=1+1"\r\n';
    const orgs = parseCsvObjects(shared);
    assert.equal(orgs[0]?.organisation, '=HYPERLINK("https://evil.example","klik")');
    const rows = orgs.map((o) => ({
      scanId: 's1',
      domain: o.domain as string,
      ...(o.organisation ? { org: o.organisation } : {}),
      checkedAt: '2026-12-03T10:00:00Z',
      reports: [],
      observed: {},
    }));
    for (const text of [summaryCsv(rows), rows.map((r) => csvRow(r, 'mail')).join('')]) {
      const back = parseCsv(text);
      const cells = back.flat();
      assert.ok(cells.includes(`'=HYPERLINK("https://evil.example","klik")`), text);
      assert.ok(cells.includes("'+31 20 123"));
      assert.ok(cells.includes("'=1+1"), 'the tab is trimmed by the list reader; the formula still comes out inert');
      assert.ok(!cells.some((c) => /^[=+\-@\t\r]/.test(c)), 'no cell starts a formula');
    }
    assert.equal(toCsv([['a,b', 'say "hi"', 'multi\nline']]), '"a,b","say ""hi""","multi\nline"\r\n');
  });

  it('reads hostile CSV without throwing: unbalanced quotes, huge fields, endless rows', () => {
    assert.deepEqual(parseCsv('domain\r\na.nl\r\n"b.nl'), [['domain'], ['a.nl']]);
    assert.deepEqual(parseCsv('a"b,c\n'), [['a"b', 'c']]);
    assert.equal(parseCsv(`x\n${'y'.repeat(10_000)}\n`, 10, 100)[1]?.[0]?.length, 100);
    assert.equal(parseCsv('d\n'.repeat(5000), 100).length, 100);
  });
});
