import { startLab, stopLab } from './lab';
import { waitUntilReady } from './ready';
import { labLayout } from './layout';
import { existsSync, readFileSync } from 'node:fs';

/** `node dist/test/lab/cli.js start|stop|ready|status` (npm run lab:start / lab:stop). */
async function main(cmd: string | undefined): Promise<number> {
  switch (cmd) {
    case 'start': {
      const s = startLab();
      console.log(
        `lab: up in ${Math.round(s.startMs)} ms; resolver ${s.resolver} in namespace ${s.netns}; state ${labLayout().state}`,
      );
      return 0;
    }
    case 'stop':
      stopLab();
      console.log('lab: stopped');
      return 0;
    case 'ready': {
      const missing = await waitUntilReady();
      if (missing.length > 0) console.log(`not ready: ${missing.join(', ')}`);
      return missing.length === 0 ? 0 : 1;
    }
    case 'status': {
      const f = labLayout().state;
      console.log(existsSync(f) ? readFileSync(f, 'utf8') : 'lab: not running');
      return 0;
    }
    default:
      console.error('usage: lab start|stop|ready|status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    console.error(`lab: ${err.message}`);
    process.exitCode = 1;
  },
);
