import pino from 'pino';
import { MailcheckError } from './errors';
import { randomBytes } from 'node:crypto';

/**
 * The logger port (issue 13 §4): one logger, made in the composition root and passed down; no module
 * writes to stderr itself. pino's logger fits it; tests pass a MemoryLogger.
 */
export interface Logger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** JSON lines on stderr (fd 2), level from MAILCHECK_LOG_LEVEL via Config. */
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      base: { name: 'mailcheck' },
      redact: {
        paths: ['token', 'authorization', '*.token', '*.authorization', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

/** A short reference id a user can quote and an operator can find in the log. */
export function referenceId(): string {
  return randomBytes(4).toString('hex');
}

/** The error itself, reduced to what belongs in a log line (never request bodies or tokens). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error)
    return {
      err: {
        type: err.name,
        ...(err instanceof MailcheckError ? { code: err.code } : {}),
        message: err.message.slice(0, 500),
        stack: err.stack?.split('\n').slice(0, 8).join('\n'),
      },
    };
  return { err: { message: String(err).slice(0, 500) } };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** A logger that keeps its lines in memory (a fake for tests, not a mock). */
export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];
  info(obj: Record<string, unknown>, msg: string): void {
    this.push('info', obj, msg);
  }
  warn(obj: Record<string, unknown>, msg: string): void {
    this.push('warn', obj, msg);
  }
  error(obj: Record<string, unknown>, msg: string): void {
    this.push('error', obj, msg);
  }
  private push(level: LogEntry['level'], obj: Record<string, unknown>, msg: string): void {
    this.entries.push({ level, obj, msg });
    if (this.entries.length > 10_000) this.entries.shift();
  }
}

/** Discards everything (for CLI runs that have no operator log). */
export const silentLogger: Logger = {
  info() {
    /* nothing */
  },
  warn() {
    /* nothing */
  },
  error() {
    /* nothing */
  },
};
