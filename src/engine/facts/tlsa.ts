import type { Resolver } from '../../dns/types';
import type { DnssecValidator } from '../../dns/dnssec-validator';
import type { TlsaData, TlsaFacts } from '../checks/dane';

/** TLSA at _<port>._tcp.<host> (RFC 6698 §3; RFC 7672 §2.2 for SMTP), with our own DNSSEC verdict on it. */
export async function gatherTlsa(
  resolver: Resolver,
  validator: DnssecValidator,
  hosts: string[],
  nowSeconds: number,
  port = 25,
): Promise<TlsaFacts[]> {
  return Promise.all(
    hosts.map(async (host) => {
      const name = `_${port}._tcp.${host}`;
      const [verdict, res] = await Promise.all([
        validator.validate(name, 'TLSA', nowSeconds),
        resolver.query(name, 'TLSA', { cd: true }),
      ]);
      return {
        host,
        name,
        verdict,
        outcome: res.outcome,
        records: res.records
          .filter((r) => r.type === 'TLSA')
          .map((r) => r.data as TlsaData)
          .slice(0, 32),
      };
    }),
  );
}
