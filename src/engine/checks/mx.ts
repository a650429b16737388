import type { MxFacts } from '../facts/mx';
import { isTransientOutcome } from '../../dns/types';

/**
 * Internet.nl's mail-server discovery (criteria §3.0): MX only, no A/AAAA fallback; RFC 7505 null MX.
 */
export type MxStatus =
  'has_mx' | 'null_mx' | 'null_mx_with_other_mx' | 'null_mx_without_a_aaaa' | 'no_null_mx' | 'no_mx' | 'dns_error';

export interface MxAnalysis {
  status: MxStatus;
  /** Mail servers to test: at most 10, chosen after sorting by name, `localhost` ignored. */
  hosts: string[];
  /** All published MX hosts with preference, for the report. */
  published: { host: string; preference: number }[];
}

const MAX_MX = 10;

const isNull = (host: string): boolean => host === '' || host === '.';

/** `spfRejectsAll`: the SPF record is exactly `v=spf1 -all` (for the `no_null_mx` advice). */
export function analyseMx(facts: MxFacts, spfRejectsAll: boolean): MxAnalysis {
  const published = facts.records.map((r) => ({ host: isNull(r.host) ? '.' : r.host, preference: r.preference }));
  if (isTransientOutcome(facts.outcome)) return { status: 'dns_error', hosts: [], published };
  const usable = facts.records.filter((r) => r.host !== 'localhost');
  const nulls = usable.filter((r) => isNull(r.host));
  const real = usable.filter((r) => !isNull(r.host));
  const hosts = [...new Set(real.map((r) => r.host))].sort().slice(0, MAX_MX);
  // Without MX hosts the verdict rests on whether the domain has an address: unknown if that lookup failed.
  if (real.length === 0 && !facts.hasAddress && isTransientOutcome(facts.addressOutcome))
    return { status: 'dns_error', hosts: [], published };
  if (nulls.length > 0 && real.length > 0) return { status: 'null_mx_with_other_mx', hosts, published };
  if (nulls.length > 0)
    return { status: facts.hasAddress ? 'null_mx' : 'null_mx_without_a_aaaa', hosts: [], published };
  if (real.length === 0)
    return { status: facts.hasAddress && spfRejectsAll ? 'no_null_mx' : 'no_mx', hosts: [], published };
  return { status: 'has_mx', hosts, published };
}

/** Whether a domain receives mail through MX hosts that later tests can probe. */
export function receivesMail(status: MxStatus): boolean {
  return status === 'has_mx' || status === 'null_mx_with_other_mx';
}
