import type { DnsResult, QueryOptions, Resolver, RRType } from './types';
import { canonicalName } from './name';

export interface CachingResolverOptions {
  /** Clock in milliseconds (time is an argument; tests pin it). */
  now?: () => number;
  /** Upper bound on any cached TTL (s). */
  maxTtl?: number;
  /** TTL for negative answers without an SOA in the authority section (s). */
  negativeTtl?: number;
  /** How long a failure (timeout, SERVFAIL) is remembered within a run (s). */
  failureTtl?: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  expires: number;
  result: DnsResult;
}

/**
 * A TTL-respecting cache (RFC 1035 §7.4, RFC 2308 §5 for negative answers) with in-flight
 * de-duplication: concurrent asks for the same question share one query. One instance is shared by
 * everything in a run, so 342 municipalities on one provider ask for its MX addresses once.
 */
export class CachingResolver implements Resolver {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<DnsResult>>();
  private readonly now: () => number;
  private readonly maxTtl: number;
  private readonly negativeTtl: number;
  private readonly failureTtl: number;
  private readonly maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: Resolver,
    options: CachingResolverOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxTtl = options.maxTtl ?? 3600;
    this.negativeTtl = options.negativeTtl ?? 60;
    this.failureTtl = options.failureTtl ?? 30;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  query(name: string, type: RRType, options: QueryOptions = {}): Promise<DnsResult> {
    const key = `${canonicalName(name)}|${type}|${options.cd ? 'cd' : ''}`;
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) {
      this.hits++;
      return Promise.resolve(entry.result);
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.hits++;
      return pending;
    }
    this.misses++;
    const p = this.inner.query(name, type, options).then((result) => {
      this.inflight.delete(key);
      this.store(key, result);
      return result;
    });
    this.inflight.set(key, p);
    return p;
  }

  private store(key: string, result: DnsResult): void {
    const ttl = this.ttlOf(result);
    if (ttl <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { expires: this.now() + ttl * 1000, result });
  }

  private ttlOf(result: DnsResult): number {
    switch (result.outcome) {
      case 'answer':
        return Math.min(this.maxTtl, ...result.records.map((r) => r.ttl));
      case 'nodata':
      case 'nxdomain': {
        // RFC 2308 §5: negative TTL = min(SOA TTL, SOA MINIMUM).
        const soa = result.authorities.find((r) => r.type === 'SOA');
        if (!soa) return this.negativeTtl;
        const minimum = Number((soa.data as { minimum?: number }).minimum ?? this.negativeTtl);
        return Math.min(this.maxTtl, soa.ttl, minimum);
      }
      case 'budget':
        return 0;
      default:
        return this.failureTtl;
    }
  }
}
