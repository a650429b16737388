// eslint-disable-next-line @typescript-eslint/no-require-imports -- mocha's reporter base classes are CommonJS
import Mocha = require('mocha');

/**
 * Mocha's spec reporter plus one closing line in the plain form CI reads ("N passed, N failed"),
 * since mocha's own "N passing" is not among the runners CI recognises.
 */
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      if (!s) return;
      process.stdout.on('drain', () => undefined);
      setImmediate(() => console.log(`\nmocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`));
    });
  }
}

export = SummaryReporter;
