#!/usr/bin/env node
'use strict';
// Thin launcher: the code is compiled TypeScript (`npm ci` builds it through the `prepare` script).
// `serve` starts the bot (adapters/main.ts, the composition root); everything else is the CLI.
// Exit as soon as the answer is written: queries still in flight after the deadline must not hold
// the process open.
if (process.argv[2] === 'serve') {
  require('../dist/adapters/main.js').runBot();
} else {
  require('../dist/src/cli.js')
    .main(process.argv.slice(2))
    .then(
      (code) => {
        process.stdout.write('', () => process.exit(code));
      },
      (err) => {
        process.stderr.write(`mailcheck: internal error: ${err && err.message ? err.message : err}\n`, () =>
          process.exit(3),
        );
      },
    );
}
