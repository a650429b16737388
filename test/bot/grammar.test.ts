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
    assert.deepEqual(parseCommand('<@U0BOT> check <http://gemeente.nl|gemeente.nl>'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('<at>Mailcheck</at> web <https://www.gemeente.nl/contact|www.gemeente.nl/contact>'), { kind: 'check', type: 'web', domain: 'www.gemeente.nl' });
    assert.deepEqual(parseCommand('check <mailto:info@gemeente.nl|info@gemeente.nl>'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('<p>check&nbsp;gemeente.nl</p>'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('<!here> gemeente.nl'), { kind: 'check', type: 'mail', domain: 'gemeente.nl' });
    assert.deepEqual(parseCommand('check Súdwest-Fryslân.nl'), { kind: 'check', type: 'mail', domain: 'xn--sdwest-frysln-teb26a.nl' });
  });

  it('survives the torture list with a clear answer', () => {
    const cases: [string, string][] = [
      ['', 'help'], ['     ', 'help'], ['a'.repeat(5000), 'invalid'], ['🙂🙂🙂', 'invalid'], ['check 🙂.nl', 'invalid'],
      ['مرحبا gemeente.nl', 'invalid'], ['check gem\u200beente.nl', 'check'], ['<script>alert(1)</script>', 'invalid'],
      ['check <script>x</script>', 'invalid'], ['check', 'invalid'], ['check 192.0.2.1', 'invalid'], ['check ../../etc/passwd', 'invalid'],
      ['check x.nl; rm -rf /', 'invalid'], ['uitleg kaas', 'invalid'], ['lang fr', 'invalid'], ['&lt;b&gt;hulp&lt;/b&gt;', 'invalid'],
    ];
    for (const [input, kind] of cases) assert.equal(parseCommand(input).kind, kind, JSON.stringify(input.slice(0, 30)));
    // Only the first word after the verb is the domain: the rest is never passed on.
    assert.deepEqual(parseCommand('check x.nl; rm -rf /'), { kind: 'invalid', reason: 'bad_domain', detail: 'invalid_characters' });
  });

  it('bounds and cleans text before anything else looks at it', () => {
    assert.equal(cleanChatText('x'.repeat(10_000)).length, 2000);
    assert.equal(cleanChatText('a\u202eb\u200bc'), 'abc');
  });
});
