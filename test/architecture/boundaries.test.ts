import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * ARCHITECTURE.md principle 4: arrows point inward. These fail when a file crosses a boundary.
 */
const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Imports that load code at run time (not `import type`, not an import of types only). */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)]
    .filter((m) => {
      if (m[2]) return false;
      const names = /\{([^}]*)\}/.exec(m[3] ?? '')?.[1];
      const bare = (m[3] ?? '')
        .replace(/\{[^}]*\}/, '')
        .replace(/,/g, '')
        .trim();
      if (names === undefined || bare !== '') return true;
      return names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .some((n) => !n.startsWith('type '));
    })
    .map((m) => m[4] ?? '');
}

function runtimeOffenders(dir: string, forbidden: RegExp): string[] {
  return sources(join(ROOT, dir)).flatMap((f) =>
    runtimeImportsOf(f)
      .filter((i) => forbidden.test(i))
      .map((i) => `${relative(ROOT, f)} imports ${i}`),
  );
}

function offenders(dir: string, forbidden: RegExp): string[] {
  return sources(join(ROOT, dir)).flatMap((f) =>
    importsOf(f)
      .filter((i) => forbidden.test(i))
      .map((i) => `${relative(ROOT, f)} imports ${i}`),
  );
}

/** node:net's pure address helpers are fine anywhere; its sockets are not. */
const PURE_NET = new Set(['isIP', 'isIPv4', 'isIPv6', 'BlockList']);
function netSocketUsers(dir: string): string[] {
  return sources(join(ROOT, dir))
    .filter((f) => {
      const text = readFileSync(f, 'utf8');
      return [
        ...text.matchAll(
          /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"](?:node:)?net['"]|import\s+\*\s+as\s+\w+\s+from\s*['"](?:node:)?net['"]/g,
        ),
      ].some(
        (m) =>
          m[1] === undefined ||
          m[1]
            .split(',')
            .map((n) => n.trim().split(/\s+as\s+/)[0] ?? '')
            .filter(Boolean)
            .some((n) => !PURE_NET.has(n)),
      );
    })
    .map((f) => relative(ROOT, f));
}

describe('architecture boundaries', () => {
  it('finds the sources it guards', () => {
    assert.ok(sources(join(ROOT, 'src')).length > 20);
    assert.ok(importsOf(join(ROOT, 'src', 'cli.ts')).includes('./engine/check-domain'));
  });

  it('src/ never imports adapters/ or a chat SDK', () => {
    assert.deepEqual(offenders('src', /(^|\/)adapters(\/|$)|^@slack\/|^@microsoft\/agents-|^botbuilder/), []);
  });

  it('records/, engine/checks/ and dns/dnssec/ are pure: no sockets, no resolver implementation; records/ and checks/ no dns-packet', () => {
    const io = /^(node:)?(dgram|tls|http|https|http2|dns|child_process)$|stub-resolver|transport|caching-resolver/;
    for (const dir of ['src/records', 'src/engine/checks', 'src/dns/dnssec']) {
      assert.deepEqual(offenders(dir, io), [], dir);
      assert.deepEqual(netSocketUsers(dir), [], dir);
    }
    // The DNSSEC validator may encode bytes with dns-packet (canonical form); parsers and checks may not.
    for (const dir of ['src/records', 'src/engine/checks']) assert.deepEqual(offenders(dir, /^dns-packet$/), [], dir);
    assert.deepEqual(
      netSocketUsers('src/dns'),
      ['src/dns/stub-resolver.ts', 'src/dns/transport.ts'].filter((f) =>
        readFileSync(join(ROOT, f), 'utf8').includes("from 'node:net'"),
      ),
      'the guard itself sees socket users',
    );
  });

  it('folder rules (issue 15 item 3): pure knowledge never loads I/O code', () => {
    // Checks, parsers, the TLS knowledge and fetch outcomes are pure: they may name the types of
    // facts that probes gather, but never load a probe, a resolver or a gatherer at run time.
    const io =
      /(^|\/)probes\/|(^|\/)engine\/facts\/|stub-resolver|(^|\/)transport$|caching-resolver|dnssec-validator|system-resolvers|^(node:)?(dgram|tls|http|https|http2|dns|child_process)$/;
    for (const dir of ['src/engine/checks', 'src/records', 'src/tls', 'src/http']) {
      assert.deepEqual(runtimeOffenders(dir, io), [], dir);
      assert.deepEqual(netSocketUsers(dir), [], dir);
    }
    assert.ok(
      runtimeImportsOf(join(ROOT, 'src', 'engine', 'checks', 'tls-server.ts')).some((i) => i.includes('tls/ncsc')),
      'the guard sees run-time imports',
    );
    assert.ok(
      !runtimeImportsOf(join(ROOT, 'src', 'engine', 'checks', 'tls-server.ts')).some((i) => i.includes('tls/facts')),
      'and tells type imports apart',
    );
  });

  it('folder rules: gatherers get their network injected (fetches, direct name-server questions)', () => {
    const own =
      /(^|\/)probes\/(https-fetch|smtp|tls-channel|tcp-reach|read-hello|dial)$|stub-resolver|(^|\/)transport$/;
    assert.deepEqual(runtimeOffenders('src/engine/facts', own), []);
  });

  it('folder rules: adoption, scheduler and store never import the chat layer', () => {
    for (const dir of ['src/adoption', 'src/scheduler', 'src/store'])
      assert.deepEqual(offenders(dir, /(^|\/)bot\//), [], dir);
  });

  it('folder rules: adapters reach the engine only through check-domain and the recipe', () => {
    const inner = offenders('adapters', /(^|\/)src\/engine\//).filter(
      (o) => !/src\/engine\/(check-domain|recipe)$/.test(o),
    );
    assert.deepEqual(inner, []);
  });

  it('only src/config.ts reads process.env', () => {
    const readers = sources(join(ROOT, 'src')).filter((f) =>
      /process\.env\b/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')),
    );
    assert.deepEqual(
      readers.map((f) => relative(ROOT, f)).filter((f) => f !== 'src/config.ts' && f !== 'src/cli.ts'),
      [],
    );
  });

  it('imports of the Microsoft 365 Agents SDK stay inside adapters/teams/', () => {
    const outside = ['src', 'adapters', 'test']
      .flatMap((d) => offenders(d, /^@microsoft\/agents-/))
      .filter((o) => !o.startsWith('adapters/teams/') && !o.startsWith('test/adapters/teams/'));
    assert.deepEqual(outside, []);
  });
});
