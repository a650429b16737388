import { strict as assert } from 'node:assert';
import { withRetry } from '../src/retry';
import { MailcheckError } from '../src/errors';
import { ConfigError } from '../src/config';
import { NoResolverError } from '../src/engine/recipe';
import { UsageError } from '../src/cli-common';
import { ConversationGoneError, RateLimitedError } from '../src/bot/types';
import { StoreBusyError } from '../src/store/sqlite';
import { errorFields } from '../src/log';

describe('the one retry loop and the error base (issue 15 item 6)', () => {
  it('retries what the policy accepts, waits as told, and stops after the last wait', async () => {
    const waits: number[] = [];
    let calls = 0;
    const flaky = () => {
      calls++;
      return calls < 3 ? Promise.reject(new RateLimitedError(calls * 100)) : Promise.resolve('ok');
    };
    const policy = {
      delaysMs: [5, 5, 5],
      retryable: (e: unknown) => e instanceof RateLimitedError,
      delayFor: (e: unknown) => (e as RateLimitedError).retryAfterMs,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    };
    assert.equal(await withRetry(flaky, policy), 'ok');
    assert.deepEqual(waits, [100, 200]);
    calls = -10;
    await assert.rejects(withRetry(flaky, { ...policy, exhausted: () => new Error('gave up') }), /gave up/);
    assert.equal(calls, -6, 'four tries: one plus three waits');
    await assert.rejects(
      withRetry(() => Promise.reject(new ConversationGoneError('gone')), policy),
      ConversationGoneError,
    );
  });

  it('every error of ours has a stable code, which the log line carries', () => {
    const errors: MailcheckError[] = [
      new ConfigError('x'),
      new NoResolverError(),
      new UsageError('x'),
      new ConversationGoneError(),
      new RateLimitedError(1),
      new StoreBusyError('x'),
    ];
    assert.deepEqual(
      errors.map((e) => e.code),
      ['config', 'no_resolver', 'usage', 'conversation_gone', 'rate_limited', 'store_busy'],
    );
    assert.ok(errors.every((e) => e instanceof MailcheckError && e.name === e.constructor.name));
    assert.equal((errorFields(new NoResolverError()).err as { code: string }).code, 'no_resolver');
  });
});
