import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { LabPki, type Issued } from './pki';
import { NCSC_TLS12_OPENSSL } from '../../src/tls/ncsc';
import type { Catalogue, DnssecSpec, ZoneSpec } from './catalogue';
import { ADDR, type LabLayout } from './layout';
import { benchPlan, BENCH_PROVIDERS } from './bench-zones';

/**
 * Builds everything the lab serves into its run directory: the PKI, DNSSEC keys and DS records,
 * zone files with delegations, glue and DS, and the configs of knotd, unbound, postfix and nginx.
 * Nothing here talks to a network.
 */

interface PlannedZone {
  zone: string;
  server: 'root' | 'tld' | 'sld';
  dnssec: DnssecSpec | 'unsigned';
  records: string[];
  /** Filled in: DS lines to publish in the parent. */
  ds: string[];
}

const ALG: Record<number, { name: string; size?: number; ldns: string }> = {
  8: { name: 'rsasha256', size: 2048, ldns: 'RSASHA256' },
  13: { name: 'ecdsap256sha256', ldns: 'ECDSAP256SHA256' },
  15: { name: 'ed25519', ldns: 'ED25519' },
};

const run = (cmd: string, args: string[], cwd?: string): string =>
  execFileSync(cmd, args, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'] });

const policyId = (d: DnssecSpec): string =>
  `a${d.algorithm}-${d.denial}-${d.rsa_bits ?? 0}-${d.nsec3_iterations ?? 0}-${d.nsec3_salt_length ?? 0}`;

export function buildLab(
  cat: Catalogue,
  lay: LabLayout,
  now: Date,
  bench = false,
): { certs: Record<string, Issued>; benchDomains: string[] } {
  for (const d of [lay.dir, lay.pki, lay.unbound, lay.postfix, lay.nginx, lay.ldns, ...Object.values(lay.knot)])
    mkdirSync(d, { recursive: true });

  // PKI: the CA and one certificate per server.
  const pki = new LabPki(now);
  writeFileSync(lay.caFile, pki.caPem);
  const certs: Record<string, Issued> = {};
  for (const [host, s] of Object.entries(cat.mail_servers))
    if (s.starttls !== false) certs[host] = pki.issue(host, s.cert ?? 'valid');
  for (const [host, s] of Object.entries(cat.web_servers))
    certs[host] = pki.issue(host, s.cert ?? 'valid', s.ocsp ? OCSP_URL : undefined);
  for (const [host, c] of Object.entries(certs)) {
    // Leaves are issued directly by the lab CA, which is the trust anchor and not sent.
    writeFileSync(join(lay.pki, `${host}.crt`), c.certPem);
    writeFileSync(join(lay.pki, `${host}.key`), c.keyPem, { mode: 0o600 });
  }

  writeFileSync(join(lay.pki, 'lab-ca.key'), pki.caKeyPem, { mode: 0o600 });
  for (const [host, s] of Object.entries(cat.web_servers)) if (s.ocsp) makeStaple(lay, host);

  const zones = planZones(cat);
  let benchDomains: string[] = [];
  if (bench) {
    // The benchmark's 342 municipality-like zones and the TLDs they need (test/lab/bench-zones.ts).
    const plan = benchPlan(new Set(zones.map((z) => z.zone)));
    for (const [tld, dnssec] of Object.entries(plan.tlds))
      zones.push({ zone: tld, server: 'tld', dnssec, records: [], ds: [] });
    for (const z of [...BENCH_PROVIDERS, ...plan.zones])
      zones.push({ zone: z.zone, server: 'sld', dnssec: z.dnssec, records: z.records, ds: [] });
    benchDomains = plan.domains;
  }
  for (const server of ['root', 'tld', 'sld'] as const)
    writeKnotConf(
      lay,
      server,
      zones.filter((z) => z.server === server),
    );
  for (const z of zones) makeKeys(lay, z);

  const dkim = new Map<string, string>();
  const fill = (text: string): string =>
    text.replace(/\{\{(\w+):([^}]+)\}\}/g, (_, kind: string, arg: string) => {
      switch (kind) {
        case 'addr':
          return addrOf(cat, arg, 4);
        case 'addr6':
          return addrOf(cat, arg, 6);
        case 'tlsa311': {
          const c = certs[arg];
          if (!c) throw new Error(`no certificate for ${arg}`);
          return c.tlsa311;
        }
        case 'dkim': {
          if (!dkim.has(arg))
            dkim.set(
              arg,
              generateKeyPairSync('rsa', { modulusLength: 2048 })
                .publicKey.export({ type: 'spki', format: 'der' })
                .toString('base64'),
            );
          return dkim.get(arg) as string;
        }
        default:
          throw new Error(`unknown placeholder ${kind}`);
      }
    });

  for (const z of zones) {
    const body = [...soaAndNs(z), ...z.records.map(fill).map(splitLongTxt), ...delegationsBelow(z, zones)];
    const file = join(lay.knot[z.server], 'zones', zoneFileName(z.zone));
    mkdirSync(join(lay.knot[z.server], 'zones'), { recursive: true });
    writeFileSync(file, `$ORIGIN ${fqdn(z.zone)}\n$TTL 60\n${body.join('\n')}\n`);
    if (z.dnssec !== 'unsigned' && z.dnssec.expired) signExpired(lay, z, file, now);
  }

  writeUnbound(lay, zones.find((z) => z.zone === '.') as PlannedZone);
  writePostfix(cat, lay);
  writeNginx(cat, lay, now);
  writeFileSync(
    join(lay.dir, 'zones.json'),
    JSON.stringify({ zones: zones.map((z) => ({ zone: z.zone, server: z.server })), benchDomains }),
  );
  return { certs, benchDomains };
}

export function fqdn(name: string): string {
  return name === '.' ? '.' : `${name}.`;
}

function zoneFileName(zone: string): string {
  return zone === '.' ? 'root.zone' : `${zone}.zone`;
}

function addrOf(cat: Catalogue, host: string, family: 4 | 6): string {
  const s = cat.mail_servers[host] ?? cat.web_servers[host];
  const a = family === 4 ? s?.ip4 : s?.ip6;
  if (!a) throw new Error(`no IPv${family} address for ${host}`);
  return a;
}

function planZones(cat: Catalogue): PlannedZone[] {
  const zones: PlannedZone[] = [
    {
      zone: '.',
      server: 'root',
      dnssec: { algorithm: 13, denial: 'nsec' },
      records: [`root-lab. A ${ADDR.root4}`, `root-lab. AAAA ${ADDR.root6}`],
      ds: [],
    },
  ];
  for (const [tld, dnssec] of Object.entries(cat.tlds)) {
    const records = tld === 'nl' ? [`nic A ${ADDR.tld4}`, `nic AAAA ${ADDR.tld6}`] : [];
    zones.push({ zone: tld, server: 'tld', dnssec, records, ds: [] });
  }
  zones.push({
    zone: 'labdns.nl',
    server: 'sld',
    dnssec: { algorithm: 13, denial: 'nsec' },
    ds: [],
    records: [`ns1 A ${ADDR.sld4[0]}`, `ns1 AAAA ${ADDR.sld6[0]}`, `ns2 A ${ADDR.sld4[1]}`, `ns2 AAAA ${ADDR.sld6[1]}`],
  });
  const seen = new Set(zones.map((z) => z.zone));
  for (const spec of [...cat.infrastructure, ...cat.scenarios] as ZoneSpec[]) {
    if (seen.has(spec.zone)) throw new Error(`zone ${spec.zone} defined twice in the catalogue`);
    seen.add(spec.zone);
    zones.push({ zone: spec.zone, server: 'sld', dnssec: spec.dnssec, records: spec.records, ds: [] });
  }
  return zones;
}

function soaAndNs(z: PlannedZone): string[] {
  const ns =
    z.server === 'root' ? ['root-lab.'] : z.server === 'tld' ? ['nic.nl.'] : ['ns1.labdns.nl.', 'ns2.labdns.nl.'];
  return [`@ 60 SOA ${ns[0]} hostmaster.labdns.nl. 1 300 60 3600 60`, ...ns.map((n) => `@ 60 NS ${n}`)];
}

/** NS, glue and DS for every zone one level below `z`. */
function delegationsBelow(z: PlannedZone, zones: PlannedZone[]): string[] {
  const out: string[] = [];
  const children = zones.filter((c) => c.zone !== '.' && parentOf(c.zone) === z.zone);
  for (const c of children) {
    const owner = fqdn(c.zone);
    if (c.server === 'tld') {
      out.push(`${owner} NS nic.nl.`);
      if (z.zone === '.' && c.zone === 'nl') out.push(`nic.nl. A ${ADDR.tld4}`, `nic.nl. AAAA ${ADDR.tld6}`);
    } else {
      out.push(`${owner} NS ns1.labdns.nl.`, `${owner} NS ns2.labdns.nl.`);
      if (c.zone === 'labdns.nl')
        out.push(
          `ns1.labdns.nl. A ${ADDR.sld4[0]}`,
          `ns1.labdns.nl. AAAA ${ADDR.sld6[0]}`,
          `ns2.labdns.nl. A ${ADDR.sld4[1]}`,
          `ns2.labdns.nl. AAAA ${ADDR.sld6[1]}`,
        );
    }
    for (const ds of c.ds) out.push(ds);
  }
  return out;
}

function parentOf(zone: string): string {
  const dot = zone.indexOf('.');
  return dot < 0 ? '.' : zone.slice(dot + 1);
}

/** Zone-file TXT strings are at most 255 bytes (RFC 1035 §3.3.14): split longer quoted values. */
function splitLongTxt(line: string): string {
  return line.replace(/"([^"]{256,})"/g, (_, long: string) =>
    (long.match(/.{1,255}/g) ?? []).map((c) => `"${c}"`).join(' '),
  );
}

function writeKnotConf(lay: LabLayout, server: 'root' | 'tld' | 'sld', zones: PlannedZone[]): void {
  const dir = lay.knot[server];
  const listen =
    server === 'root'
      ? [ADDR.root4, ADDR.root6]
      : server === 'tld'
        ? [ADDR.tld4, ADDR.tld6]
        : [...ADDR.sld4, ...ADDR.sld6];
  const policies = new Map<string, DnssecSpec>();
  for (const z of zones) if (z.dnssec !== 'unsigned' && !z.dnssec.expired) policies.set(policyId(z.dnssec), z.dnssec);
  const conf = [
    'server:',
    `    rundir: "${dir}"`,
    `    pidfile: "${dir}/knot.pid"`,
    `    listen: [ ${listen.map((a) => `"${a}@53"`).join(', ')} ]`,
    '    udp-workers: 1',
    '    tcp-workers: 1',
    '    background-workers: 1',
    'log:',
    `  - target: "${dir}/knot.log"`,
    '    any: info',
    'database:',
    `    storage: "${dir}/db"`,
    'control:',
    `    listen: "${dir}/knot.sock"`,
    ...(policies.size ? ['policy:'] : []),
    ...[...policies].flatMap(([id, d]) => [
      `  - id: ${id}`,
      `    algorithm: ${ALG[d.algorithm]?.name}`,
      ...(ALG[d.algorithm]?.size
        ? [
            `    ksk-size: ${d.rsa_bits ?? ALG[d.algorithm]?.size}`,
            `    zsk-size: ${d.rsa_bits ?? ALG[d.algorithm]?.size}`,
          ]
        : []),
      '    single-type-signing: on',
      '    manual: on',
      `    nsec3: ${d.denial === 'nsec3' ? 'on' : 'off'}`,
      ...(d.denial === 'nsec3'
        ? [`    nsec3-iterations: ${d.nsec3_iterations ?? 0}`, `    nsec3-salt-length: ${d.nsec3_salt_length ?? 0}`]
        : []),
    ]),
    'template:',
    '  - id: default',
    `    storage: "${dir}/zones"`,
    '    semantic-checks: off',
    '    zonefile-sync: -1',
    '    zonefile-load: whole',
    '    journal-content: none',
    'zone:',
    ...zones.flatMap((z) => {
      const expired = z.dnssec !== 'unsigned' && z.dnssec.expired;
      return [
        `  - domain: "${fqdn(z.zone)}"`,
        `    file: "${zoneFileName(z.zone)}${expired ? '.signed' : ''}"`,
        ...(z.dnssec !== 'unsigned' && !expired
          ? ['    dnssec-signing: on', `    dnssec-policy: ${policyId(z.dnssec)}`]
          : []),
      ];
    }),
  ];
  writeFileSync(join(dir, 'knot.conf'), `${conf.join('\n')}\n`);
}

/** Keys exist before any daemon starts, so every DS (and the root anchor) is known up front. */
function makeKeys(lay: LabLayout, z: PlannedZone): void {
  if (z.dnssec === 'unsigned') return;
  const alg = ALG[z.dnssec.algorithm];
  if (!alg) throw new Error(`algorithm ${z.dnssec.algorithm} not supported by the lab`);
  if (z.dnssec.expired) {
    const dir = join(lay.ldns, z.zone);
    mkdirSync(dir, { recursive: true });
    const base = run(
      'ldns-keygen',
      ['-a', alg.ldns, ...(alg.size ? ['-b', String(alg.size)] : []), '-k', z.zone],
      dir,
    ).trim();
    z.ds = [run('ldns-key2ds', ['-n', '-2', `${base}.key`], dir).trim()];
    return;
  }
  const conf = join(lay.knot[z.server], 'knot.conf');
  mkdirSync(join(lay.knot[z.server], 'db'), { recursive: true });
  const name = fqdn(z.zone);
  const size = z.dnssec.rsa_bits ?? alg.size;
  run('keymgr', [
    '-c',
    conf,
    name,
    'generate',
    `algorithm=${alg.name}`,
    ...(size ? [`size=${size}`] : []),
    'ksk=yes',
    'zsk=yes',
  ]);
  let dsConf = conf;
  if (z.dnssec.ds_mismatch) {
    // A key that exists nowhere in the zone: its DS in the parent matches nothing (a botched roll-over).
    const scratch = join(lay.dir, 'scratch-kasp', z.zone);
    mkdirSync(scratch, { recursive: true });
    dsConf = join(scratch, 'knot.conf');
    writeFileSync(dsConf, `database:\n    storage: "${scratch}"\n`);
    run('keymgr', [
      '-c',
      dsConf,
      name,
      'generate',
      `algorithm=${alg.name}`,
      ...(alg.size ? [`size=${alg.size}`] : []),
      'ksk=yes',
      'zsk=yes',
    ]);
  }
  z.ds = run('keymgr', ['-c', dsConf, name, 'ds'])
    .split('\n')
    .filter((l) => / DS \d+ \d+ 2 /.test(l))
    .map((l) => l.trim());
  if (z.ds.length === 0) throw new Error(`keymgr gave no SHA-256 DS for ${z.zone}`);
}

/** Sign with ldns-signzone, with a validity window that ended 30 days before `now`. */
function signExpired(lay: LabLayout, z: PlannedZone, file: string, now: Date): void {
  const dir = join(lay.ldns, z.zone);
  const key = (readdirSync(dir).find((f) => f.endsWith('.private')) ?? '').replace(/\.private$/, '');
  const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const day = 86_400_000;
  const args = [
    '-i',
    stamp(new Date(now.getTime() - 60 * day)),
    '-e',
    stamp(new Date(now.getTime() - 30 * day)),
    '-o',
    fqdn(z.zone),
  ];
  if (z.dnssec !== 'unsigned' && z.dnssec.denial === 'nsec3') args.push('-n', '-t', '0');
  run('ldns-signzone', [...args, '-f', `${file}.signed`, file, join(dir, key)]);
}

function writeUnbound(lay: LabLayout, root: PlannedZone): void {
  const d = lay.unbound;
  writeFileSync(
    join(d, 'root.hints'),
    `. 3600000 NS root-lab.\nroot-lab. 3600000 A ${ADDR.root4}\nroot-lab. 3600000 AAAA ${ADDR.root6}\n`,
  );
  writeFileSync(lay.trustAnchor, `${root.ds.join('\n')}\n`);
  const conf = [
    'server:',
    `    interface: ${ADDR.resolver4}`,
    `    interface: ${ADDR.resolver6}`,
    '    port: 53',
    '    do-ip6: yes',
    '    do-not-query-localhost: no',
    '    username: ""',
    '    chroot: ""',
    `    directory: "${d}"`,
    `    pidfile: "${d}/unbound.pid"`,
    `    logfile: "${d}/unbound.log"`,
    '    use-syslog: no',
    '    verbosity: 1',
    '    val-log-level: 2',
    `    root-hints: "${d}/root.hints"`,
    `    trust-anchor-file: "${lay.trustAnchor}"`,
    '    module-config: "validator iterator"',
    '    ede: yes',
    '    cache-max-ttl: 5',
    '    cache-max-negative-ttl: 5',
    '    aggressive-nsec: no',
    '    num-threads: 1',
    '    access-control: 127.0.0.0/8 allow',
    '    access-control: ::1 allow',
    '    access-control: fdaa::/16 allow',
    '    local-zone: "127.in-addr.arpa." nodefault',
    'remote-control:',
    '    control-enable: yes',
    `    control-interface: "${d}/control.sock"`,
    '    control-use-cert: no',
  ];
  writeFileSync(join(d, 'unbound.conf'), `${conf.join('\n')}\n`);
}

const NCSC_TLS12 = NCSC_TLS12_OPENSSL;

function writePostfix(cat: Catalogue, lay: LabLayout): void {
  const d = lay.postfix;
  const main = [
    'compatibility_level = 3.6',
    `queue_directory = ${d}/queue`,
    `data_directory = ${d}/data`,
    'mail_owner = postfix',
    'myhostname = mx.labdns.nl',
    'mydestination =',
    'inet_interfaces = all',
    'inet_protocols = all',
    'mynetworks = 127.0.0.0/8',
    'local_transport = discard:',
    'default_transport = error:the lab does not relay',
    'relay_transport = error:the lab does not relay',
    'alias_maps =',
    'alias_database =',
    'smtpd_peername_lookup = no',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    `maillog_file = ${d}/maillog`,
    `maillog_file_prefixes = ${d}`,
    'smtpd_tls_security_level = may',
    // RFC 9155: no SHA-1 in TLS 1.2 signatures; OpenSSL takes the list from this file (Postfix ≥ 3.2).
    `tls_config_file = ${d}/openssl.cnf`,
    'tls_config_name = postfix',
    'smtpd_tls_loglevel = 0',
  ];
  writeFileSync(join(d, 'main.cf'), `${main.join('\n')}\n`);
  writeFileSync(
    join(d, 'openssl.cnf'),
    [
      'postfix = postfix_settings',
      '[postfix_settings]',
      'ssl_conf = postfix_ssl',
      '[postfix_ssl]',
      'system_default = postfix_tls',
      '[postfix_tls]',
      'SignatureAlgorithms = ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:ed448:rsa_pss_pss_sha256:rsa_pss_pss_sha384:rsa_pss_pss_sha512:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512',
      '',
    ].join('\n'),
  );
  const services: string[] = [];
  for (const [host, s] of Object.entries(cat.mail_servers)) {
    const opts = [`-o myhostname=${host}`];
    if (s.starttls === false) opts.push('-o smtpd_tls_security_level=none');
    else {
      opts.push(`-o smtpd_tls_cert_file=${lay.pki}/${host}.crt`, `-o smtpd_tls_key_file=${lay.pki}/${host}.key`);
      const all = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
      opts.push(
        `-o smtpd_tls_protocols=${all
          .filter((p) => !(s.tls ?? []).includes(p))
          .map((p) => `!${p}`)
          .join(',')}`,
      );
      if (s.rate_limit) {
        // Loopback is in mynetworks, which anvil exempts by default: lift that for this listener.
        opts.push(`-o smtpd_client_connection_rate_limit=${s.rate_limit}`, '-o smtpd_client_event_limit_exceptions=');
      }
      if (s.ciphers === 'ncsc') {
        // TLS 1.2 suites NCSC 2025 calls sufficient (ECDHE with AEAD), the server's order first.
        opts.push('-o smtpd_tls_ciphers=high', `-o tls_high_cipherlist=${NCSC_TLS12}`, '-o tls_preempt_cipherlist=yes');
      }
    }
    for (const addr of [s.ip4, ...(s.ip6 ? [`[${s.ip6}]`] : [])])
      services.push(`${addr}:25 inet n - n - - smtpd ${opts.join(' ')}`);
  }
  const internal = [
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  writeFileSync(join(d, 'master.cf'), `${[...services, ...internal].join('\n')}\n`);
  mkdirSync(join(d, 'data'), { recursive: true });
  mkdirSync(join(d, 'queue'), { recursive: true });
  run('chown', ['postfix', join(d, 'data')]);
}

const OCSP_URL = 'http://ocsp.lab-ca.nl/';

/**
 * A stapled OCSP response for a web server's certificate, made by OpenSSL's own responder from an
 * index of issued certificates (status good), so our verifier is tested against OpenSSL's output.
 */
function makeStaple(lay: LabLayout, host: string): void {
  const crt = join(lay.pki, `${host}.crt`);
  const x = new X509Certificate(readFileSync(crt));
  const expiry = new Date(x.validTo).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  const index = join(lay.pki, `${host}.ocsp-index.txt`);
  writeFileSync(index, `V\t${expiry}\t\t${x.serialNumber.toUpperCase()}\tunknown\t/CN=${host}\n`);
  run('openssl', [
    'ocsp',
    '-index',
    index,
    '-rsigner',
    lay.caFile,
    '-rkey',
    join(lay.pki, 'lab-ca.key'),
    '-CA',
    lay.caFile,
    '-issuer',
    lay.caFile,
    '-cert',
    crt,
    '-respout',
    join(lay.pki, `${host}.ocsp.der`),
    '-ndays',
    '7',
  ]);
}

function securityTxt(kind: 'valid' | 'expired' | 'html' | 'legacy', host: string, now: Date): string {
  const day = 86_400_000;
  if (kind === 'html')
    return `<!doctype html><html><head><title>Niet gevonden</title></head><body><p>Pagina niet gevonden op ${host}</p></body></html>\n`;
  const expires = new Date(now.getTime() + (kind === 'expired' ? -30 : 180) * day)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  return `# security.txt of ${host} (Mailcheck lab)\r\nContact: mailto:security@${host}\r\nContact: https://${host}/cvd\r\nExpires: ${expires}\r\nPreferred-Languages: nl, en\r\nCanonical: https://${host}/${kind === 'legacy' ? '' : '.well-known/'}security.txt\r\n`;
}

const GOOD_SIGALGS =
  'ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:ed448:rsa_pss_pss_sha256:rsa_pss_pss_sha384:rsa_pss_pss_sha512:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512';

function writeNginx(cat: Catalogue, lay: LabLayout, now: Date): void {
  const d = lay.nginx;
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(d, 'tmp', t), { recursive: true });
  const servers: string[] = [];
  for (const [host, s] of Object.entries(cat.web_servers)) {
    const www = join(d, 'www', host);
    mkdirSync(join(www, '.well-known'), { recursive: true });
    writeFileSync(join(www, 'index.html'), `<!doctype html><title>${host}</title><p>Mailcheck lab: ${host}</p>\n`);
    writeFileSync(join(www, 'oud.html'), `<!doctype html><title>${host}</title><p>Oude pagina</p>\n`);
    if (s.mta_sts) writeFileSync(join(www, '.well-known', 'mta-sts.txt'), s.mta_sts.replace(/\n/g, '\r\n'));
    // RFC 9116 §3: legacy = only at /security.txt, the place before /.well-known/ was registered.
    if (s.security_txt)
      writeFileSync(
        s.security_txt === 'legacy' ? join(www, 'security.txt') : join(www, '.well-known', 'security.txt'),
        securityTxt(s.security_txt, host, now),
      );
    const listen = (port: number, ssl: boolean): string[] =>
      [s.ip4, ...(s.ip6 ? [`[${s.ip6}]`] : [])].map((a) => `    listen ${a}:${port}${ssl ? ' ssl' : ''};`);
    const headers = Object.entries(s.headers ?? {}).map(
      ([k, v]) => `    add_header ${k} "${v.replace(/"/g, '\\"')}" always;`,
    );
    const redirect =
      s.http === 'redirect_other_host' ? `http://www.${host}$request_uri` : `https://${host}$request_uri`;
    const plain = ['  server {', ...listen(80, false), `    server_name ${host};`, `    root ${www};`];
    // downgrade_later: https://host/ sends visitors to http://host/oud.html, which plain http serves.
    if (s.http === 'downgrade_later')
      plain.push('    location = /oud.html { }', `    location / { return 301 ${redirect}; }`);
    else plain.push(`    return 301 ${redirect};`);
    servers.push([...plain, '  }'].join('\n'));
    const protocols = s.tls ?? ['TLSv1.2', 'TLSv1.3'];
    const tlsLines = [
      `    ssl_protocols ${protocols.join(' ')};`,
      ...(s.ciphers === 'ncsc'
        ? [
            `    ssl_ciphers ${NCSC_TLS12};`,
            '    ssl_prefer_server_ciphers on;',
            `    ssl_conf_command SignatureAlgorithms ${GOOD_SIGALGS};`,
          ]
        : []),
      ...(s.ciphers === 'legacy' ? ['    ssl_ciphers ALL:@SECLEVEL=0;'] : []),
      ...(s.early_data ? ['    ssl_early_data on;'] : []),
      ...(s.ocsp ? ['    ssl_stapling on;', `    ssl_stapling_file ${lay.pki}/${host}.ocsp.der;`] : []),
    ];
    servers.push(
      [
        '  server {',
        ...listen(443, true),
        `    server_name ${host};`,
        `    ssl_certificate ${lay.pki}/${host}.crt;`,
        `    ssl_certificate_key ${lay.pki}/${host}.key;`,
        ...tlsLines,
        ...(s.hsts ? [`    add_header Strict-Transport-Security "max-age=${s.hsts}" always;`] : []),
        ...headers,
        ...(s.http === 'downgrade_later' ? [`    location = / { return 302 http://${host}/oud.html; }`] : []),
        ...(s.security_txt === 'html'
          ? ['    location = /.well-known/security.txt { types { } default_type text/html; }']
          : []),
        `    root ${www};`,
        '  }',
      ].join('\n'),
    );
    if (s.http === 'redirect_other_host') {
      servers.push(
        [
          '  server {',
          ...listen(80, false),
          `    server_name www.${host};`,
          `    return 301 https://${host}$request_uri;`,
          '  }',
        ].join('\n'),
      );
    }
  }
  const conf = [
    'worker_processes 1;',
    `pid ${d}/nginx.pid;`,
    `error_log ${d}/error.log warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    '  default_type text/plain;',
    '  types { text/html html; text/plain txt; }',
    `  client_body_temp_path ${d}/tmp/body;`,
    `  proxy_temp_path ${d}/tmp/proxy;`,
    `  fastcgi_temp_path ${d}/tmp/fastcgi;`,
    `  uwsgi_temp_path ${d}/tmp/uwsgi;`,
    `  scgi_temp_path ${d}/tmp/scgi;`,
    ...servers,
    '}',
  ];
  writeFileSync(join(d, 'nginx.conf'), `${conf.join('\n')}\n`);
}
