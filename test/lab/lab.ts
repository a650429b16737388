import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLab } from './build';
import { loadCatalogue } from './catalogue';
import { ADDR, labLayout, NETNS, type LabLayout, type LabState } from './layout';

/**
 * Starts and stops the lab: a network namespace with knotd (root, TLDs, second level), unbound,
 * postfix and nginx. Root is required (namespaces, port 25/53/443). Stops exactly the processes it
 * started (by their PID files) and removes the namespace.
 */

const sh = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const inNs = (cmd: string, args: string[]): string => sh('ip', ['netns', 'exec', NETNS, cmd, ...args]);

function namespaceExists(): boolean {
  return sh('ip', ['netns', 'list'])
    .split('\n')
    .some((l) => l.split(' ')[0] === NETNS);
}

function ipv6Addresses(): string[] {
  const cat = loadCatalogue();
  const servers = [...Object.values(cat.mail_servers), ...Object.values(cat.web_servers)];
  return [
    ADDR.root6,
    ADDR.tld6,
    ...ADDR.sld6,
    ADDR.resolver6,
    ...servers.map((s) => s.ip6).filter((a): a is string => Boolean(a)),
  ];
}

export function startLab(now = new Date()): LabState {
  if (process.getuid?.() !== 0) throw new Error('the lab needs root (network namespaces, ports 25, 53, 80, 443)');
  const t0 = process.hrtime.bigint();
  const lay = labLayout();
  if (namespaceExists() || existsSync(lay.state)) stopLab();
  rmSync(lay.dir, { recursive: true, force: true });
  buildLab(loadCatalogue(), lay, now, process.env.MAILCHECK_LAB_BENCH === '1');

  sh('ip', ['netns', 'add', NETNS]);
  inNs('ip', ['link', 'set', 'lo', 'up']);
  for (const a of new Set(ipv6Addresses())) inNs('ip', ['-6', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']);
  // Processes started with `ip netns exec` see this file as /etc/resolv.conf.
  mkdirSync(`/etc/netns/${NETNS}`, { recursive: true });
  writeFileSync(`/etc/netns/${NETNS}/resolv.conf`, `nameserver ${ADDR.resolver4}\n`);

  for (const level of ['root', 'tld', 'sld'] as const) inNs('knotd', ['-d', '-c', join(lay.knot[level], 'knot.conf')]);
  inNs('unbound', ['-c', join(lay.unbound, 'unbound.conf')]);
  startPostfix(lay);
  inNs('nginx', ['-c', join(lay.nginx, 'nginx.conf')]);

  const ready = spawnSync('ip', ['netns', 'exec', NETNS, process.execPath, join(__dirname, 'cli.js'), 'ready'], {
    encoding: 'utf8',
    env: { ...process.env, MAILCHECK_LAB_DIR: lay.dir },
  });
  const state: LabState = {
    netns: NETNS,
    dir: lay.dir,
    resolver: ADDR.resolver4,
    resolver6: ADDR.resolver6,
    caFile: lay.caFile,
    trustAnchor: lay.trustAnchor,
    pids: readPids(lay),
    startedAt: now.toISOString(),
    startMs: Number(process.hrtime.bigint() - t0) / 1e6,
  };
  writeFileSync(lay.state, JSON.stringify(state, null, 2));
  if (ready.status !== 0) {
    const logs = tails(lay);
    stopLab();
    throw new Error(`lab did not become ready:\n${ready.stdout}${ready.stderr}\n${logs}`);
  }
  return state;
}

/** Postfix fails silently without a tty or syslog; `script` gives it one so errors are seen. */
function startPostfix(lay: LabLayout): void {
  const r = spawnSync(
    'ip',
    ['netns', 'exec', NETNS, 'script', '-qec', `postfix -c ${lay.postfix} start`, '/dev/null'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`postfix did not start: ${r.stdout}${r.stderr}`);
}

function readPids(lay: LabLayout): Record<string, number> {
  const files: Record<string, string> = {
    'knotd-root': join(lay.knot.root, 'knot.pid'),
    'knotd-tld': join(lay.knot.tld, 'knot.pid'),
    'knotd-sld': join(lay.knot.sld, 'knot.pid'),
    unbound: join(lay.unbound, 'unbound.pid'),
    'postfix-master': join(lay.postfix, 'queue', 'pid', 'master.pid'),
    nginx: join(lay.nginx, 'nginx.pid'),
  };
  const out: Record<string, number> = {};
  for (const [name, file] of Object.entries(files)) {
    try {
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 1) out[name] = pid;
    } catch {
      // not running
    }
  }
  return out;
}

function tails(lay: LabLayout): string {
  const logs = [
    join(lay.knot.root, 'knot.log'),
    join(lay.knot.tld, 'knot.log'),
    join(lay.knot.sld, 'knot.log'),
    join(lay.unbound, 'unbound.log'),
    join(lay.postfix, 'maillog'),
    join(lay.nginx, 'error.log'),
  ];
  return logs
    .filter(existsSync)
    .map((f) => `== ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`)
    .join('\n');
}

export function stopLab(): void {
  const lay = labLayout();
  const pids = existsSync(lay.dir) ? readPids(lay) : {};
  for (const pid of Object.values(pids)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  if (namespaceExists()) {
    // Anything still inside our namespace was started by us (its children: postfix's, nginx's workers).
    const deadline = Date.now() + 3000;
    let left = nsPids();
    while (left.length > 0 && Date.now() < deadline) {
      spawnSync('sleep', ['0.1']);
      left = nsPids();
    }
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    sh('ip', ['netns', 'del', NETNS]);
  }
  rmSync(`/etc/netns/${NETNS}`, { recursive: true, force: true });
  rmSync(lay.state, { force: true });
}

function nsPids(): number[] {
  try {
    return sh('ip', ['netns', 'pids', NETNS])
      .split('\n')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 1);
  } catch {
    return [];
  }
}
