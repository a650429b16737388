import { strict as assert } from 'node:assert';
import { cleanChatText, parseCommand } from '../../src/bot/grammar';

describe('command grammar', () => {
  it('understands Dutch and English, with or without /mailcheck', () => {
    assert.deepEqual(parseCommand('/mailcheck gemeente.nl'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('check Gemeente.NL.'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('web gemeente.nl'), { kind: 'check', type: 'web', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('alles gemeente.nl'), { kind: 'check', type: 'all', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('uitleg DMARC'), { kind: 'explain', standard: 'dmarc' });
    assert.deepEqual(parseCommand('explain mta-sts'), { kind: 'explain', standard: 'mta_sts' });
    assert.deepEqual(parseCommand('hulp'), { kind: 'help' });
    assert.deepEqual(parseCommand('taal en'), { kind: 'lang', lang: 'en' });
    assert.deepEqual(parseCommand('lang nederlands'), { kind: 'lang', lang: 'nl' });
  });

  it('unwraps what Slack and Teams do to the text', () => {
    assert.deepEqual(parseCommand('<@U0BOT> check <http://gemeente.nl|gemeente.nl>'), {
      kind: 'check',
      type: 'mail',
      domain: 'gemeente.nl',
    });
    assert.deepEqual(parseCommand('<at>Mailcheck</at> web <https://www.gemeente.nl/contact|www.gemeente.nl/contact>'), {
      kind: 'check',
      type: 'web',
      domain: 'www.gemeente.nl',
    });
    assert.deepEqual(parseCommand('check <mailto:info@gemeente.nl|info@gemeente.nl>'), {
      kind: 'check',
      type: 'mail',
      domain: 'gemeente.nl',
    });
    assert.deepEqual(parseCommand('<p>check&nbsp;gemeente.nl</p>'), {
      kind: 'check',
      type: 'mail',
      domain: 'gemeente.nl',
    });
    assert.deepEqual(parseCommand('<!here> gemeente.nl'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('check Súdwest-Fryslân.nl'), {
      kind: 'check',
      type: 'mail',
      domain: 'xn--sdwest-frysln-teb26a.nl',
    });
  });

  it('survives the torture list with a clear answer', () => {
    const cases: [string, string][] = [
      ['', 'help'],
      ['     ', 'help'],
      ['a'.repeat(5000), 'invalid'],
      ['🙂🙂🙂', 'invalid'],
      ['check 🙂.nl', 'invalid'],
      ['مرحبا gemeente.nl', 'invalid'],
      ['check gem\u200beente.nl', 'check'],
      ['<script>alert(1)</script>', 'invalid'],
      ['check <script>x</script>', 'invalid'],
      ['check', 'invalid'],
      ['check 192.0.2.1', 'invalid'],
      ['check ../../etc/passwd', 'invalid'],
      ['check x.nl; rm -rf /', 'invalid'],
      ['uitleg kaas', 'invalid'],
      ['lang fr', 'invalid'],
      ['&lt;b&gt;hulp&lt;/b&gt;', 'invalid'],
    ];
    for (const [input, kind] of cases) assert.equal(parseCommand(input).kind, kind, JSON.stringify(input.slice(0, 30)));
    // Only the first word after the verb is the domain: the rest is never passed on.
    assert.deepEqual(parseCommand('check x.nl; rm -rf /'), {
      kind: 'invalid',
      reason: 'bad_domain',
      detail: 'invalid_characters',
    });
  });

  it('bounds and cleans text before anything else looks at it', () => {
    assert.equal(cleanChatText('x'.repeat(10_000)).length, 2000);
    assert.equal(cleanChatText('a\u202eb\u200bc'), 'abc');
  });
});

describe('adoption commands in the grammar', () => {
  it('reports, in Dutch and English, with an optional test type', () => {
    assert.deepEqual(parseCommand('rapport toevoegen gemeenten maandag 09:00'), {
      kind: 'report_add',
      list: 'gemeenten',
      type: 'mail',
      when: 'maandag 09:00',
    });
    assert.deepEqual(parseCommand('/mailcheck report add Provincies web every monday 9:00'), {
      kind: 'report_add',
      list: 'provincies',
      type: 'web',
      when: 'every monday 9:00',
    });
    assert.deepEqual(parseCommand('report list'), { kind: 'report_list' });
    assert.deepEqual(parseCommand('rapport verwijder ab12cd34'), { kind: 'report_remove', id: 'ab12cd34' });
    assert.deepEqual(parseCommand('rapport nu waterschappen alles'), {
      kind: 'report_now',
      list: 'waterschappen',
      type: 'all',
    });
    assert.equal(parseCommand('rapport toevoegen gemeenten').kind, 'invalid');
  });
  it('watches, exceptions and lists; `explain spf` still explains', () => {
    assert.deepEqual(parseCommand('volg <http://Gemeente.nl|Gemeente.nl>'), {
      kind: 'watch',
      domain: 'gemeente.nl',
      type: 'mail',
    });
    assert.deepEqual(parseCommand('unwatch gemeente.nl'), { kind: 'unwatch', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('explain gemeente.nl dane "Microsoft 365 has no DANE yet" until 2027-06-01'), {
      kind: 'exception',
      domain: 'gemeente.nl',
      standard: 'dane',
      reason: 'Microsoft 365 has no DANE yet',
      until: '2027-06-01T00:00:00.000Z',
    });
    assert.deepEqual(parseCommand('uitzondering gemeente.nl dmarc wacht op leverancier tot 2027-01-31'), {
      kind: 'exception',
      domain: 'gemeente.nl',
      standard: 'dmarc',
      reason: 'wacht op leverancier',
      until: '2027-01-31T00:00:00.000Z',
    });
    assert.equal(parseCommand('uitzondering gemeente.nl dmarc geen datum').kind, 'invalid');
    assert.deepEqual(parseCommand('explain spf'), { kind: 'explain', standard: 'spf' });
    assert.deepEqual(parseCommand('lijst toevoegen proef a.nl B.nl a.nl'), {
      kind: 'list_add',
      name: 'proef',
      domains: ['a.nl', 'b.nl'],
    });
    assert.equal(parseCommand('list add proef a.nl niet-een-domein!').kind, 'invalid');
  });
});
