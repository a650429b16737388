import * as net from 'node:net';
import { StubResolver } from '../../src/dns/stub-resolver';
import { loadCatalogue } from './catalogue';
import { readFileSync } from 'node:fs';
import { ADDR, labLayout } from './layout';

/** Runs inside the namespace: waits until every server answers, or says which did not. */
export async function waitUntilReady(timeoutMs = 20_000): Promise<string[]> {
  const cat = loadCatalogue();
  const deadline = Date.now() + timeoutMs;
  const checks: { name: string; probe: () => Promise<boolean> }[] = [
    { name: 'knotd root', probe: () => soa(ADDR.root4, '.') },
    ...zonesBuilt()
      .filter((z) => z.server !== 'root')
      .map((z) => ({
        name: `knotd ${z.server} ${z.zone}`,
        probe: () => soa(z.server === 'tld' ? ADDR.tld4 : ADDR.sld4[0], z.zone),
      })),
    { name: 'unbound', probe: () => soa(ADDR.resolver4, 'goedgemeente.nl') },
    ...Object.entries(cat.mail_servers).map(([host, s]) => ({ name: `smtp ${host}`, probe: () => banner(s.ip4, 25) })),
    ...Object.entries(cat.web_servers).map(([host, s]) => ({
      name: `https ${host}`,
      probe: () => connects(s.ip4, 443),
    })),
  ];
  let pending = checks;
  while (pending.length > 0 && Date.now() < deadline) {
    const results = await Promise.all(pending.map(async (c) => ({ c, ok: await c.probe().catch(() => false) })));
    pending = results.filter((r) => !r.ok).map((r) => r.c);
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 100));
  }
  return pending.map((c) => c.name);
}

/** Every zone the build wrote (zones.json), bench zones included. */
function zonesBuilt(): { zone: string; server: string }[] {
  return (
    JSON.parse(readFileSync(`${labLayout().dir}/zones.json`, 'utf8')) as { zones: { zone: string; server: string }[] }
  ).zones;
}

async function soa(server: string, zone: string): Promise<boolean> {
  const r = await new StubResolver({ servers: [{ host: server, port: 53 }], timeoutMs: 300, attempts: 1 }).query(
    zone === '.' ? 'root-lab' : zone,
    zone === '.' ? 'A' : 'SOA',
  );
  return r.outcome === 'answer';
}

function banner(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.once('data', (d: Buffer) => {
      s.write('QUIT\r\n');
      done(d.toString('latin1').startsWith('220'));
    });
  });
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => done(true));
  });
}
