import { MailcheckError } from './errors';
import type { CheckType } from './report/types';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TrustAnchors } from './dns/dnssec/anchors';
import { readAnchors } from './engine/recipe';
import { parseResolverList, type Config } from './config';
import { systemResolvers } from './dns/system-resolvers';
import type { ServerAddress } from './dns/transport';

/** Exit statuses (CONTRACT.md for `check`; `scan` uses 0, 2 and 3 in the same sense). */
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3 } as const;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  colour: boolean;
  /** stderr is a terminal: progress is drawn as a bar. */
  progressTty?: boolean;
}

export class UsageError extends MailcheckError {
  readonly code = 'usage';
}

export { NO_RESOLVER } from './engine/recipe';

/** The engine options `check` and `scan` share, as node:util parseArgs declares them. */
export const ENGINE_OPTIONS = {
  type: { type: 'string', default: 'mail' },
  resolver: { type: 'string', multiple: true },
  'trust-anchor': { type: 'string' },
  'allow-private': { type: 'boolean', default: false },
  guideline: { type: 'string', default: 'ncsc-2025' },
  timeout: { type: 'string', default: '60' },
} as const;

export interface EngineSettings {
  type: CheckType;
  guideline: 'ncsc-2025' | 'ncsc-2021';
  timeoutMs: number;
  anchors?: TrustAnchors;
  servers: ServerAddress[];
  allowPrivate: boolean;
}

/** Validates the shared options against the configuration; bad use throws a UsageError. */
export function engineSettings(
  values: {
    type?: string;
    resolver?: string[];
    'trust-anchor'?: string;
    'allow-private'?: boolean;
    guideline?: string;
    timeout?: string;
  },
  config: Readonly<Config>,
): EngineSettings {
  const type = values.type;
  if (type !== 'mail' && type !== 'web' && type !== 'all') throw new UsageError('--type must be mail, web or all');
  const guideline = values.guideline;
  if (guideline !== 'ncsc-2025' && guideline !== 'ncsc-2021')
    throw new UsageError('--guideline must be ncsc-2025 or ncsc-2021');
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600)
    throw new UsageError('--timeout must be a number of seconds between 0 and 3600');
  const anchorFile = values['trust-anchor'] ?? config.trustAnchorFile;
  const anchors = anchorFile === undefined ? undefined : readAnchors(anchorFile);
  const servers = values.resolver
    ? parseResolverList(values.resolver.join(','))
    : (config.resolvers ?? systemResolvers());
  return {
    type,
    guideline,
    timeoutMs: timeout * 1000,
    ...(anchors ? { anchors } : {}),
    servers,
    allowPrivate: values['allow-private'] === true || config.allowPrivate,
  };
}

/** node:util parseArgs with positionals, strict, and its errors turned into a UsageError (exit 2). */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true as const, strict: true as const, options });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}
