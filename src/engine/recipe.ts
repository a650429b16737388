import type { ConnectionGate } from '../probes/connection-gate';
import type { SharedAssessments } from '../probes/shared-assessments';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config';
import { CachingResolver } from '../dns/caching-resolver';
import { StubResolver } from '../dns/stub-resolver';
import { parseTrustAnchors, type TrustAnchors } from '../dns/dnssec/anchors';
import type { Resolver } from '../dns/types';
import type { ServerAddress } from '../dns/transport';
import { TlsAssessor } from '../probes/tls-assessor';

/**
 * One recipe from configuration to engine (issue 15 item 4): the resolver, the trust anchors and the
 * TLS assessors are built here, the same way, for `mailcheck check`, `mailcheck scan` and the bot.
 */

export const NO_RESOLVER = 'no resolver configured (use --resolver or MAILCHECK_RESOLVERS, or fill /etc/resolv.conf)';

/** There is no resolver to ask: the CLI exits 3 ("could not test"), the bot does not start. */
export class NoResolverError extends ConfigError {
  override readonly code = 'no_resolver';
  constructor() {
    super(NO_RESOLVER);
  }
}

/** A trust-anchor file (RFC 7958 XML or DS/DNSKEY lines), bounded to 256 KB; a bad file is a ConfigError. */
export function readAnchors(file: string): TrustAnchors {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').slice(0, 256 * 1024);
  } catch {
    throw new ConfigError(`cannot read trust anchor file ${JSON.stringify(file)}`);
  }
  const parsed = parseTrustAnchors(text);
  if (!parsed.ok) throw new ConfigError(`trust anchor file ${JSON.stringify(file)}: ${parsed.error}`);
  return parsed.anchors;
}

export interface EngineSetup {
  servers: readonly ServerAddress[];
  anchors?: TrustAnchors;
  allowPrivate: boolean;
}

export interface EngineBuild {
  /**
   * How long an assessed server is reused (the bot: 10 minutes, so one MX shared by many domains is
   * assessed politely and a re-check after a fix sees the fix); default: for the life of the engine
   * (a CLI run, one scan).
   */
  cacheTtlMs?: number;
  /** Longest a DNS answer is cached (the bot caps it at 5 minutes). */
  maxTtl?: number;
  now?: () => number;
  /** A resolver to use instead of the stub resolver (tests, the lab). */
  resolver?: Resolver;
  /** Politeness across processes: held around every connection to a server (RedisGate with MAILCHECK_REDIS). */
  gate?: ConnectionGate;
  /** Assessments shared with other processes (the same RedisGate). */
  shared?: SharedAssessments;
}

/** The parts every check run takes: a cached resolver, trust anchors, one assessor for SMTP and one for HTTPS. */
export interface EngineParts {
  resolver: Resolver;
  anchors?: TrustAnchors;
  allowPrivate: boolean;
  mailAssessor: TlsAssessor;
  webAssessor: TlsAssessor;
}

export function buildEngine(setup: EngineSetup, build: EngineBuild = {}): EngineParts {
  if (!build.resolver && setup.servers.length === 0) throw new NoResolverError();
  const resolver =
    build.resolver ??
    new CachingResolver(
      new StubResolver({ servers: [...setup.servers] }),
      build.maxTtl !== undefined ? { maxTtl: build.maxTtl } : {},
    );
  return {
    resolver,
    allowPrivate: setup.allowPrivate,
    ...(setup.anchors ? { anchors: setup.anchors } : {}),
    ...newAssessors(setup.allowPrivate, build),
  };
}

/** Fresh assessors (a scan takes its own: every host is seen once per scan, not from the bot's cache). */
export function newAssessors(
  allowPrivate: boolean,
  build: Pick<EngineBuild, 'cacheTtlMs' | 'now' | 'gate' | 'shared'> = {},
): Pick<EngineParts, 'mailAssessor' | 'webAssessor'> {
  const cache = {
    ...(build.cacheTtlMs !== undefined ? { cacheTtlMs: build.cacheTtlMs } : {}),
    ...(build.now ? { now: build.now } : {}),
    ...(build.gate ? { gate: build.gate } : {}),
    ...(build.shared ? { shared: build.shared } : {}),
  };
  return {
    mailAssessor: new TlsAssessor({ allowPrivate, ...cache }),
    webAssessor: new TlsAssessor({ allowPrivate, service: 'https', ...cache }),
  };
}
