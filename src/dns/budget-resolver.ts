import { failedResult, type DnsResult, type QueryOptions, type Resolver, type RRType } from './types';

/**
 * Bounds the DNS work one domain check may cause: hostile records (50 includes, wildcard fan-out)
 * cannot make a check ask forever. Asks past the budget are answered with outcome `budget`.
 */
export class BudgetResolver implements Resolver {
  used = 0;
  constructor(
    private readonly inner: Resolver,
    readonly limit: number,
    private readonly signal?: AbortSignal,
  ) {}

  query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult> {
    // Past the check's deadline nothing more is asked (a query already sent ends by its own timeout).
    if (this.signal?.aborted)
      return Promise.resolve(failedResult(name, type, 'timeout', 'check deadline passed: not sent'));
    if (this.used >= this.limit) {
      return Promise.resolve(failedResult(name, type, 'budget', `query budget of ${this.limit} used up`));
    }
    this.used++;
    return this.inner.query(name, type, options);
  }
}
