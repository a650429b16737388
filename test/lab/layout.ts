import { join } from 'node:path';

/** The lab's network namespace: only loopback inside, no route off the machine. */
export const NETNS = 'mclab';

/** Addresses inside the namespace (127.0.0.0/8 and ULA fdaa::/16 on its loopback). */
export const ADDR = {
  root4: '127.0.0.2',
  root6: 'fdaa:53::2',
  tld4: '127.0.0.3',
  tld6: 'fdaa:53::3',
  sld4: ['127.0.0.4', '127.0.0.5'],
  sld6: ['fdaa:53::4', 'fdaa:53::5'],
  resolver4: '127.0.0.53',
  resolver6: 'fdaa:53::53',
} as const;

export interface LabLayout {
  dir: string;
  state: string;
  pki: string;
  caFile: string;
  unbound: string;
  trustAnchor: string;
  postfix: string;
  nginx: string;
  ldns: string;
  knot: Record<'root' | 'tld' | 'sld', string>;
}

export function labLayout(dir = process.env.MAILCHECK_LAB_DIR ?? '/tmp/mailcheck-lab'): LabLayout {
  return {
    dir,
    state: join(dir, 'state.json'),
    pki: join(dir, 'pki'),
    caFile: join(dir, 'pki', 'lab-ca.pem'),
    unbound: join(dir, 'unbound'),
    trustAnchor: join(dir, 'unbound', 'root.ds'),
    postfix: join(dir, 'postfix'),
    nginx: join(dir, 'nginx'),
    ldns: join(dir, 'ldns'),
    knot: { root: join(dir, 'knot-root'), tld: join(dir, 'knot-tld'), sld: join(dir, 'knot-sld') },
  };
}

/** What a running lab tells its tests (state.json). */
export interface LabState {
  netns: string;
  dir: string;
  resolver: string;
  resolver6: string;
  caFile: string;
  trustAnchor: string;
  pids: Record<string, number>;
  startedAt: string;
  startMs: number;
}
