#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript (`npm ci` builds it through the `prepare` script).
require('../dist/src/cli.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mailcheck: internal error: ${err && err.message ? err.message : err}\n`); process.exitCode = 3; },
);
