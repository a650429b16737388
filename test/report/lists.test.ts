import { strict as assert } from 'node:assert';
import { parseCsv } from '../../src/adoption/csv';
import { loadBuiltInList } from '../../src/adoption/lists';

describe('built-in lists and CSV', () => {
  it('reads RFC 4180 quoting', () => {
    assert.deepEqual(parseCsv('a,b\r\n"Nuenen, Gerwen en Nederwetten","say ""hi"""\n\n'), [['a', 'b'], ['Nuenen, Gerwen en Nederwetten', 'say "hi"']]);
  });
  it('has the 342 municipalities, 12 provinces and 21 water boards of the reference data', () => {
    const g = loadBuiltInList('gemeenten');
    assert.equal(g.length, 342);
    assert.equal(loadBuiltInList('provincies').length, 12);
    assert.equal(loadBuiltInList('waterschappen').length, 21);
    const nuenen = g.find((o) => o.code === 'GM0820');
    assert.equal(nuenen?.name, 'Nuenen, Gerwen en Nederwetten');
    assert.ok(g.every((o) => o.domain && o.mailDomain), 'every entry has a domain to test');
  });
});
