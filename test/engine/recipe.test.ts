import { strict as assert } from 'node:assert';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config';
import { buildEngine, NoResolverError, readAnchors } from '../../src/engine/recipe';
import { CachingResolver } from '../../src/dns/caching-resolver';

describe('one recipe from configuration to engine (issue 15 item 4)', () => {
  it('builds a cached resolver and one assessor per service; no resolver at all is a configuration error', () => {
    const e = buildEngine({ servers: [{ host: '127.0.0.1', port: 53 }], allowPrivate: false });
    assert.ok(e.resolver instanceof CachingResolver);
    assert.notEqual(e.mailAssessor, e.webAssessor);
    assert.throws(
      () => buildEngine({ servers: [], allowPrivate: false }),
      (err: unknown) =>
        err instanceof NoResolverError && err instanceof ConfigError && /no resolver configured/.test(err.message),
    );
  });

  it('reads trust anchors the same way for every entry point, and names a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-anchor-'));
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<TrustAnchor>nothing useful</TrustAnchor>');
    assert.throws(
      () => readAnchors(bad),
      (err: unknown) => err instanceof ConfigError && err.message.includes('bad.xml'),
    );
    assert.throws(() => readAnchors(join(dir, 'missing.xml')), /cannot read trust anchor file/);
  });
});
