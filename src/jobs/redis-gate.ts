import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisConnection } from '../config';
import type { ConnectionGate } from '../probes/connection-gate';
import type { SharedAssessments } from '../probes/shared-assessments';
import type { ServerTlsFacts } from '../tls/facts';
import { errorFields, type Logger } from '../log';

export interface RedisGateOptions {
  connection: RedisConnection;
  prefix: string;
  /**
   * How long a hold lasts if its process dies without releasing it (default 30 s: one connection's
   * timeout, 10 s, plus the longest back-off after a 421, 5 s, with room to spare).
   */
  leaseMs?: number;
  /** Longest pause between tries for a held address (default 200 ms). */
  pollMs?: number;
  /**
   * Longest wait without a signal (default 120 s): then the connection is made anyway, for a Redis
   * that stays away must not stop every check. With a signal, the check's deadline ends the wait.
   */
  maxWaitMs?: number;
  /** The operator's log: a Redis that cannot be reached is said there (at most once a minute). */
  log?: Logger;
}

/** Deletes the key only if it still holds our token (a lapsed lease taken by another is left alone). */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * One connection at a time per server address across every process on one Redis: a hold is a key
 * `<prefix>:gate:<address>` set only if absent (SET NX PX) with a random token, released by
 * compare-and-delete; a process that dies mid-hold frees the address when its lease lapses.
 */
/** Keys of any length, in a bounded, collision-free form (a long name is hashed, never cut). */
const keyPart = (s: string): string =>
  s.length <= 64 && /^[\w.:|-]+$/.test(s) ? s : createHash('sha256').update(s).digest('hex').slice(0, 40);

/** Most bytes of one shared assessment (a chain of ten large certificates fits). */
const MAX_FACTS_BYTES = 256 * 1024;

export class RedisGate implements ConnectionGate, SharedAssessments {
  private readonly redis: Redis;

  constructor(private readonly options: RedisGateOptions) {
    const common = { maxRetriesPerRequest: 3, lazyConnect: false };
    this.redis =
      'path' in options.connection
        ? new Redis({ path: options.connection.path, ...common })
        : new Redis(options.connection.url, common);
    // A lost connection is reconnected by ioredis; a hold that cannot be had waits (bounded by its signal).
    let said = 0;
    this.redis.on('error', (err: unknown) => {
      if (Date.now() - said < 60_000) return;
      said = Date.now();
      options.log?.warn({ ...errorFields(err) }, 'politeness gate: Redis cannot be reached; holds wait');
    });
  }

  async hold<T>(address: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const key = `${this.options.prefix}:gate:${keyPart(address)}`;
    const token = randomBytes(9).toString('base64url');
    const lease = this.options.leaseMs ?? 30_000;
    let held = false;
    const giveUp = Date.now() + (this.options.maxWaitMs ?? 120_000);
    for (
      let wait = 10;
      !signal?.aborted && Date.now() < giveUp;
      wait = Math.min(wait * 2, this.options.pollMs ?? 200)
    ) {
      try {
        held = (await this.redis.set(key, token, 'PX', lease, 'NX')) === 'OK';
      } catch {
        held = false;
      }
      if (held) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    try {
      return await fn();
    } finally {
      // A release that fails leaves the key to lapse with its lease: late, but never held for ever.
      if (held) await this.redis.eval(RELEASE, 1, key, token).catch(() => 0);
    }
  }

  /** Shared facts, read defensively: anything that is not an assessment is treated as absent. */
  async get(key: string): Promise<ServerTlsFacts | undefined> {
    const raw = await this.redis.get(`${this.options.prefix}:tls:${keyPart(key)}`);
    if (!raw || raw.length > MAX_FACTS_BYTES) return undefined;
    try {
      const f = JSON.parse(raw) as Partial<ServerTlsFacts>;
      return typeof f.outcome === 'string' &&
        typeof f.address === 'string' &&
        Array.isArray(f.chain) &&
        Array.isArray(f.ciphers)
        ? (f as ServerTlsFacts)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async put(key: string, facts: ServerTlsFacts, ttlMs: number): Promise<void> {
    const raw = JSON.stringify(facts);
    if (raw.length > MAX_FACTS_BYTES) return;
    await this.redis.set(`${this.options.prefix}:tls:${keyPart(key)}`, raw, 'PX', Math.max(1_000, ttlMs));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
