import { readFileSync } from 'node:fs';
import { parseTrustAnchors, type TrustAnchors } from './dns/dnssec/anchors';

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

export class UsageError extends Error {}

export const NO_RESOLVER = 'no resolver configured (use --resolver or MAILCHECK_RESOLVERS, or fill /etc/resolv.conf)';

export function readAnchors(file: string): TrustAnchors {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').slice(0, 256 * 1024);
  } catch {
    throw new UsageError(`cannot read trust anchor file ${JSON.stringify(file)}`);
  }
  const parsed = parseTrustAnchors(text);
  if (!parsed.ok) throw new UsageError(`trust anchor file ${JSON.stringify(file)}: ${parsed.error}`);
  return parsed.anchors;
}
