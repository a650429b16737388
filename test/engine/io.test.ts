import { strict as assert } from 'node:assert';
import { checkDomain } from '../../src/engine/check-domain';
import type { GathererIo } from '../../src/engine/io';
import type { FetchOptions } from '../../src/probes/https-fetch';
import type { Report } from '../../src/report/types';
import { ZoneResolver, txt } from '../support/zone-resolver';

/** The gatherers' network is injected (issue 15 item 3): a fake serves the website and the policy. */
describe('gatherers take their network from check-domain', () => {
  it('a fake fetcher answers every HTTP(S) request of the website test; no real request is made', async () => {
    const asked: string[] = [];
    const io: GathererIo = {
      fetchPinned: async (o: FetchOptions) => {
        asked.push(`${o.scheme ?? 'https'}://${o.host}${o.path ?? '/'} @${o.address}`);
        return o.scheme === 'http'
          ? { ok: true, status: 301, headers: { location: `https://${o.host}/` }, body: '', truncated: false }
          : {
              ok: true,
              status: 200,
              headers: { 'strict-transport-security': 'max-age=31536000' },
              body: '<p>hallo</p>',
              truncated: false,
            };
      },
      fetchHttps: async () => ({ ok: false, reason: 'connect_error', detail: 'ECONNREFUSED not used' }),
      askServer: (address) => new ZoneResolver({ [address]: [txt('unused')] }),
    };
    const zone = new ZoneResolver({ 'nep.nl': [{ type: 'A', data: '192.0.2.80' }] });
    let web: Report | undefined;
    for await (const ev of checkDomain('nep.nl', {
      type: 'web',
      resolver: zone,
      io,
      timeoutMs: 5_000,
      now: () => Date.parse('2026-12-03T12:00:00Z'),
    })) {
      if (ev.kind === 'report') web = ev.report;
    }
    assert.ok(web);
    assert.ok(
      asked.some((a) => a.startsWith('http://nep.nl/ @192.0.2.80')),
      asked.join('\n'),
    );
    assert.ok(
      asked.some((a) => a.startsWith('https://nep.nl/.well-known/security.txt')),
      asked.join('\n'),
    );
    assert.equal(web.tests.web_https_http_hsts?.status, 'passed', JSON.stringify(web.tests.web_https_http_hsts));
  });
});
