#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript (`npm ci` builds it through the `prepare` script).
// Exit as soon as the answer is written: queries still in flight after the deadline must not hold
// the process open.
require('../dist/src/cli.js').main(process.argv.slice(2)).then(
  (code) => { process.stdout.write('', () => process.exit(code)); },
  (err) => { process.stderr.write(`mailcheck: internal error: ${err && err.message ? err.message : err}\n`, () => process.exit(3)); },
);
