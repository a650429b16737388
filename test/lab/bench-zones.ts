import { createHash } from 'node:crypto';
import { organisationalDomain } from '../../src/records/psl';
import { loadBuiltInList } from '../../src/adoption/lists';
import type { DnssecSpec, ZoneSpec } from './catalogue';

/**
 * The benchmark's 342 municipality-like lab zones, named after the real list. As in reality, mail
 * goes mostly to a few shared providers, and configurations range from exemplary to broken. The mix
 * is deterministic (a hash of the name), so every run measures the same population.
 */
export interface BenchPlan {
  zones: ZoneSpec[];
  tlds: Record<string, DnssecSpec>;
  domains: string[];
}

const pick = (name: string, salt: string): number =>
  createHash('sha256').update(`${salt}:${name}`).digest().readUInt16BE(0) / 65536;

export const BENCH_PROVIDERS: ZoneSpec[] = [
  {
    zone: 'gemeentehosting.nl',
    dnssec: { algorithm: 13, denial: 'nsec' },
    records: [
      'mx A 127.0.1.8',
      'spf TXT "v=spf1 ip4:127.0.1.0/24 -all"',
      '@ TXT "v=spf1 include:spf.gemeentehosting.nl -all"',
    ],
  },
  {
    zone: 'regiohost.nl',
    dnssec: 'unsigned',
    records: [
      'smtp A 127.0.1.3',
      '_spf TXT "v=spf1 ip4:127.0.1.3 include:_spf2.regiohost.nl ~all"',
      '_spf2 TXT "v=spf1 ip4:127.0.1.4 ~all"',
    ],
  },
];

export function benchPlan(existing: ReadonlySet<string>): BenchPlan {
  const zones: ZoneSpec[] = [];
  const tlds: Record<string, DnssecSpec> = {};
  const domains: string[] = [];
  for (const org of loadBuiltInList('gemeenten')) {
    const zone = organisationalDomain(org.mailDomain);
    if (existing.has(zone) || zones.some((z) => z.zone === zone)) continue;
    const tld = zone.slice(zone.lastIndexOf('.') + 1);
    if (tld !== 'nl' && tld !== 'com') tlds[tld] = { algorithm: 13, denial: 'nsec' };
    const p = (salt: string): number => pick(zone, salt);
    const records: string[] = ['@ A 127.0.2.1'];
    const provider = p('mx');
    if (provider < 0.45) records.push('@ MX 10 mx1.mailprovider.nl.', '@ MX 20 mx2.mailprovider.nl.');
    else if (provider < 0.7) records.push('@ MX 10 mx.gemeentehosting.nl.');
    else if (provider < 0.85) records.push('@ MX 10 smtp.regiohost.nl.');
    else records.push('@ MX 10 mail', 'mail A 127.0.1.1');
    const include =
      provider < 0.45
        ? 'include:spf.mailprovider.nl'
        : provider < 0.7
          ? 'include:spf.gemeentehosting.nl'
          : provider < 0.85
            ? 'include:_spf.regiohost.nl'
            : 'mx';
    const spf = p('spf');
    if (spf < 0.6) records.push(`@ TXT "v=spf1 ${include} -all"`);
    else if (spf < 0.85) records.push(`@ TXT "v=spf1 ${include} ~all"`);
    else if (spf < 0.9) records.push(`@ TXT "v=spf1 ${include} ?all"`);
    else if (spf < 0.95)
      records.push(
        `@ TXT "v=spf1 a mx ${include} include:spf.mailprovider.nl include:spf.gemeentehosting.nl include:_spf.regiohost.nl a:mail.${zone} exists:x.${zone} mx:regiohost.nl ptr -all"`,
      );
    const dmarc = p('dmarc');
    if (dmarc < 0.55) records.push(`_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@${zone}"`);
    else if (dmarc < 0.75) records.push('_dmarc TXT "v=DMARC1; p=quarantine; rua=mailto:rua@rapportage.nl"');
    else if (dmarc < 0.92) records.push('_dmarc TXT "v=DMARC1; p=none; rua=mailto:reports@dmarc-analyser.example"');
    if (p('dkim') < 0.8) records.push(`selector1._domainkey TXT "v=DKIM1; k=rsa; p={{dkim:bench}}"`);
    if (p('tlsrpt') < 0.3) records.push(`_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@${zone}"`);
    if (p('sts') < 0.1) records.push('_mta-sts TXT "v=STSv1; id=2026"');
    const signed = p('dnssec');
    const dnssec: ZoneSpec['dnssec'] =
      signed < 0.55
        ? { algorithm: 13, denial: 'nsec' }
        : signed < 0.65
          ? { algorithm: 13, denial: 'nsec3' }
          : 'unsigned';
    zones.push({ zone, dnssec, records });
    domains.push(zone);
  }
  return { zones, tlds, domains };
}
