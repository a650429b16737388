import {
  ENGINE_OPTIONS,
  EXIT,
  NO_RESOLVER,
  engineSettings,
  parseCommandLine,
  UsageError,
  type CliIo,
} from './cli-common';
import { runScanCommand } from './cli-scan';
import { runWorkerCommand } from './cli-worker';
import { MailcheckError } from './errors';
import { loadConfig, ConfigError, type Lang } from './config';
import { normaliseDomainInput } from './dns/name';
import { buildEngine } from './engine/recipe';
import { checkDomain } from './engine/check-domain';
import { renderReportText, CATALOGUES } from './report/render-text';
import { specOf } from './report/test-catalogue';
import type { Report } from './report/types';

export { EXIT, type CliIo } from './cli-common';

const USAGE = `usage: mailcheck check <domain> [--type mail|web|all] [--json] [--lang nl|en]
                       [--resolver IP[:PORT]]... [--trust-anchor FILE] [--allow-private]
                       [--guideline ncsc-2025|ncsc-2021] [--timeout SECONDS] [--selector NAME]...
       mailcheck scan <list> [--type ...] [--concurrency N] [--format jsonl|csv|internetnl] [--out FILE]
       mailcheck serve
       mailcheck worker [--concurrency N] [--resolver IP[:PORT]]...   (jobs from MAILCHECK_REDIS; no chat)
`;

/** Entry point: returns the exit status. One error handler: nothing escapes as a stack trace. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'check':
        return await runCheck(rest, io);
      case 'scan':
        return await runScanCommand(rest, io);
      case 'worker':
        return await runWorkerCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command.slice(0, 40))}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`mailcheck: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof MailcheckError && err.code === 'store_unavailable') {
      io.err(`mailcheck: ${err.message}\n`);
      return EXIT.incomplete;
    }
    io.err(`mailcheck: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.incomplete;
  }
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    ...ENGINE_OPTIONS,
    json: { type: 'boolean', default: false },
    lang: { type: 'string' },
    selector: { type: 'string', multiple: true },
  });
  const config = loadConfig(io.env);
  const lang = (values.lang ?? config.lang) as Lang;
  if (lang !== 'nl' && lang !== 'en') throw new UsageError('--lang must be nl or en');
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'give one domain to check' : 'give exactly one domain to check');
  const name = normaliseDomainInput(positionals[0] as string);
  if (!name.ok) throw new UsageError(`${CATALOGUES[lang].input[name.problem]}`);
  const { type, guideline, timeoutMs, anchors, servers, allowPrivate } = engineSettings(values, config);
  if (servers.length === 0) {
    io.err(`mailcheck: ${NO_RESOLVER}\n`);
    return EXIT.incomplete;
  }
  const engine = buildEngine({ servers, allowPrivate, ...(anchors ? { anchors } : {}) });
  const reports: Report[] = [];
  for await (const event of checkDomain(name.domain, {
    ...engine,
    type,
    timeoutMs,
    guideline,
    dkimSelectors: values.selector ?? [],
  })) {
    if (event.kind === 'report') reports.push(event.report);
  }
  // Mail before web, whichever finished first: the output is the same from run to run.
  reports.sort((a, b) => (a.type === b.type ? 0 : a.type === 'mail' ? -1 : 1));
  if (values.json) {
    const doc: Record<string, unknown> = { schema: 'mailcheck/1', domain: name.domain };
    for (const r of reports) doc[r.type] = r;
    io.out(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    io.out(reports.map((r) => renderReportText(name.domain, r, lang, io.colour)).join('\n'));
  }
  return exitStatus(reports);
}

export function exitStatus(reports: Report[]): number {
  const required = reports.flatMap((r) => Object.entries(r.tests)).filter(([id]) => specOf(id).level === 'required');
  if (required.some(([, t]) => t.status === 'failed')) return EXIT.failed;
  if (required.length === 0 || required.some(([, t]) => t.status === 'error')) return EXIT.incomplete;
  return EXIT.ok;
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
    progressTty: process.stderr.isTTY === true,
  };
}
