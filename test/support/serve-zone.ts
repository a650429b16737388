import { TestDnsServer } from './dns-server';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';

/** Serve the municipality fixture zone on loopback until killed (for trying the CLI by hand). */
void new TestDnsServer(MUNICIPALITIES).start().then((s) => console.log(s.address));
