import type { DnssecValidator } from '../dns/dnssec-validator';
import { checkDnssecExist, checkDnssecValid } from './checks/dnssec';
import type { Task } from './mail-tasks';

/** The website test as far as it is built: DNSSEC of the domain itself (criteria §2.2, SOA query). */
export function planWeb(validator: DnssecValidator, domain: string, nowSeconds: number): { tasks: Task[]; custom: Promise<Record<string, unknown>> } {
  const verdict = validator.validate(domain, 'SOA', nowSeconds);
  return {
    tasks: [{ ids: ['web_dnssec_exist', 'web_dnssec_valid'], run: verdict.then((v) => [checkDnssecExist('web_dnssec_exist', v), checkDnssecValid('web_dnssec_valid', v)]) }],
    custom: Promise.resolve({}),
  };
}
