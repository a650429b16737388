import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** bin/mailcheck.js as a real process, with only PATH and `env` in its environment. */
export const BIN = join(__dirname, '..', '..', '..', 'bin', 'mailcheck.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export const cli = (args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 99) : 0, stdout, stderr });
      },
    );
  });
