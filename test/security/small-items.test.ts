import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { normaliseDomainInput } from '../../src/dns/name';
import { parseReportUri } from '../../src/records/uri';
import { parseDmarc } from '../../src/records/dmarc';
import { parseTlsRpt } from '../../src/records/tls-rpt';
import { SqliteStore } from '../../src/store/sqlite';
import { BotCore } from '../../src/bot/core';
import { MemoryLogger } from '../../src/log';
import type { ChatAdapter, Conversation, MessageRef, Reply } from '../../src/bot/types';

describe('issue 14 item 7: names, report URIs, the store under a lock, errors in chat', () => {
  it('A-labels are validated as Punycode with the IDNA rules of U-labels', () => {
    for (const bad of ['xn--zz.nl', 'xn--a.nl', 'xn--ls8h.nl', 'www.xn--zz.nl']) {
      const r = normaliseDomainInput(bad);
      assert.ok(!r.ok && r.problem === 'invalid_idn', `${bad}: ${JSON.stringify(r)}`);
    }
    for (const good of ['xn--bcher-kva.nl', 'XN--BCHER-KVA.NL', 'xn--55qx5d.cn', 'bücher.nl'])
      assert.ok(normaliseDomainInput(good).ok, good);
  });

  it('report URIs must be RFC 3986 URIs: no HTML, Markdown or spaces as hosts', () => {
    for (const bad of [
      'mailto:<img src=x>@evil.nl',
      '[rapport](https://evil.nl)',
      'mailto:a b@x.nl',
      'https://evil.nl/<script>',
      'mailto:rua@',
      'mailto:@x.nl',
      'https:evil.nl',
      'https://user:pw@x.nl/',
      'mailto:rua@x_y.nl',
      'mailto:rua%zz@x.nl',
      'mailto:rua@-x.nl',
    ]) {
      assert.equal(parseReportUri(bad), undefined, bad);
    }
    assert.deepEqual(parseReportUri('mailto:dmarc@Rapport.Example.NL'), {
      scheme: 'mailto',
      uri: 'mailto:dmarc@Rapport.Example.NL',
      address: 'dmarc@Rapport.Example.NL',
      domain: 'rapport.example.nl',
    });
    assert.equal(parseReportUri('https://tlsrpt.example.nl/v1')?.scheme, 'https');
    const dmarc = parseDmarc('v=DMARC1; p=reject; rua=mailto:<img src=x onerror=alert(1)>@evil.nl');
    assert.ok(
      !dmarc.ok || !(dmarc.record.rua ?? []).some((u) => /img/.test(u.mailtoDomain ?? u.uri)),
      'an <img> never becomes a report host',
    );
    const sized = parseDmarc('v=DMARC1; p=reject; rua=mailto:d@x.nl!10m');
    assert.ok(sized.ok && sized.record.rua?.[0]?.mailtoDomain === 'x.nl');
    const badSize = parseDmarc('v=DMARC1; p=reject; rua=mailto:d@x.nl!10x');
    assert.ok(
      !badSize.ok || !(badSize.record.rua ?? []).length,
      'a !size suffix off the grammar makes the URI invalid',
    );
    const tls = parseTlsRpt('v=TLSRPTv1; rua=mailto:<b>@x.nl');
    assert.equal(tls.ok, false);
    assert.equal(parseTlsRpt('v=TLSRPTv1; rua=mailto:tlsrpt@x.nl,https://r.x.nl/v1').ok, true);
  });

  it('a locked database is waited for without blocking the event loop, and the call then succeeds', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mc-busy-')), 'bot.db');
    const store = new SqliteStore(file);
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 10);
    setTimeout(() => other.exec('COMMIT'), 400);
    const started = Date.now();
    await store.addSchedule({
      id: 's1',
      conversation: 'web:local:x',
      list: 'gemeenten',
      type: 'mail',
      cron: '0 9 * * 1',
      createdBy: 'web:u',
      createdAt: '2026-12-02T10:00:00Z',
    });
    clearInterval(timer);
    assert.ok(Date.now() - started >= 350, 'it did wait for the lock');
    assert.ok(ticks >= 10, `the event loop kept running while waiting (${ticks} ticks)`);
    assert.equal((await store.schedules()).length, 1);
    other.close();
    await store.close();
  });

  it('the chat shows an apology with a reference, never the raw error; the log has both', async () => {
    const posts: string[] = [];
    const adapter: ChatAdapter = {
      platform: 'web',
      capabilities: { threads: true, updates: true, privateReplies: true, files: false },
      async start() {
        /* nothing */
      },
      async stop() {
        /* nothing */
      },
      async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
        posts.push(`${reply.fallback} ${reply.paragraphs.join(' ')}`);
        return { conversation, id: `m${posts.length}` };
      },
      async update(_r: MessageRef, reply: Reply) {
        posts.push(`${reply.fallback} ${reply.paragraphs.join(' ')}`);
      },
      async replyInThread(ref: MessageRef, reply: Reply) {
        posts.push(reply.fallback);
        return ref;
      },
      async respondPrivately() {
        /* nothing */
      },
      async uploadFile() {
        /* nothing */
      },
    };
    const log = new MemoryLogger();
    const core = new BotCore({
      // eslint-disable-next-line require-yield -- an engine that fails before its first result
      runCheck: async function* () {
        throw new Error('SqliteError: database is locked');
      },
      now: Date.now,
      defaultLang: 'en',
      log,
    });
    await core.handle(adapter, {
      kind: 'message',
      eventId: 'e1',
      conversation: { platform: 'web', workspace: 'local', channel: 'c' },
      actor: { id: 'u' },
      text: 'check gemeente.nl',
    });
    const apology = posts[posts.length - 1] ?? '';
    assert.doesNotMatch(posts.join('\n'), /database is locked|SqliteError/);
    const ref = /reference ([0-9a-f]{8})/.exec(apology)?.[1];
    assert.ok(ref, apology);
    const line = log.entries.find((e) => e.obj.ref === ref);
    assert.match(JSON.stringify(line?.obj), /database is locked/);
  });
});
