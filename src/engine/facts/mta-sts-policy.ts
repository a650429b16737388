import type { Resolver } from '../../dns/types';
import type { FetchOutcome } from '../../http/fetch-outcome';
import type { GathererIo } from '../io';
import { firstAddress } from '../../dns/addresses';

export interface MtaStsPolicyFacts {
  host: string;
  address?: string;
  fetch?: FetchOutcome;
}

/** RFC 8461 §3.3: GET https://mta-sts.<domain>/.well-known/mta-sts.txt, valid PKIX, no redirects. */
export async function gatherMtaStsPolicy(
  resolver: Resolver,
  domain: string,
  allowPrivate: boolean,
  fetchHttps: GathererIo['fetchHttps'],
  signal?: AbortSignal,
): Promise<MtaStsPolicyFacts> {
  const host = `mta-sts.${domain}`;
  const address = await firstAddress(resolver, host);
  if (!address) return { host };
  return {
    host,
    address,
    fetch: await fetchHttps({
      address,
      host,
      path: '/.well-known/mta-sts.txt',
      allowPrivate,
      maxBytes: 64 * 1024,
      ...(signal ? { signal } : {}),
    }),
  };
}
