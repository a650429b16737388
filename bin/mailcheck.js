#!/usr/bin/env node
'use strict';
// Thin launcher: the code is compiled TypeScript (`npm ci` builds it through the `prepare` script).
// `serve` starts the bot (adapters/main.ts, the composition root); everything else is the CLI.
// Exit as soon as the answer is written: queries still in flight after the deadline must not hold
// the process open.
if (process.argv[2] === 'serve') {
  const { loadConfig } = require('../dist/src/config.js');
  const { startBot } = require('../dist/adapters/main.js');
  let config;
  try { config = loadConfig(); } catch (err) { process.stderr.write(`mailcheck: ${err.message}\n`); process.exit(2); }
  startBot(config).then((bot) => {
    process.stdout.write(`Mailcheck is running (${bot.adapters.map((a) => a.platform).join(', ')}) on port ${bot.port}\n`);
  }, (err) => { process.stderr.write(`mailcheck: could not start: ${err.message}\n`); process.exit(1); });
} else {
  require('../dist/src/cli.js').main(process.argv.slice(2)).then(
    (code) => { process.stdout.write('', () => process.exit(code)); },
    (err) => { process.stderr.write(`mailcheck: internal error: ${err && err.message ? err.message : err}\n`, () => process.exit(3)); },
  );
}
