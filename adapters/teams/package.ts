import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeRgbaPng } from '../../src/adoption/png';
import { zip } from './zip';

/**
 * `npm run package:teams`: the Teams app package, a ZIP with manifest.json, color.png (192×192),
 * outline.png (32×32, white on transparent) and the English localisation, all at the root. The app id
 * comes from MICROSOFT_APP_ID when set (the Azure Bot registration), else the manifest's placeholder.
 */
const ROOT = join(__dirname, '..', '..', '..');
const MANIFEST_DIR = join(ROOT, 'manifest', 'teams');

/** A rounded blue square with a white envelope and check mark: the full-colour icon. */
export function colorIcon(size = 192): Buffer {
  const px = new Uint8Array(size * size * 4);
  const r = size * 0.18;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = Math.max(r - x, 0, x - (size - 1 - r));
      const dy = Math.max(r - y, 0, y - (size - 1 - r));
      const inside = dx * dx + dy * dy <= r * r;
      const i = (y * size + x) * 4;
      const white = envelope(x / size, y / size);
      px.set(inside ? (white ? [255, 255, 255, 255] : [1, 104, 155, 255]) : [0, 0, 0, 0], i);
    }
  }
  return encodeRgbaPng(size, size, px);
}

/** The outline icon: the same envelope in white on a transparent background (Teams requires this). */
export function outlineIcon(size = 32): Buffer {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (envelope(x / size, y / size)) px.set([255, 255, 255, 255], (y * size + x) * 4);
  return encodeRgbaPng(size, size, px);
}

/** Envelope outline and a check mark, in unit coordinates. */
function envelope(u: number, v: number): boolean {
  const t = 0.06;
  const inBox = u >= 0.18 && u <= 0.82 && v >= 0.28 && v <= 0.72;
  const border = inBox && (u < 0.18 + t || u > 0.82 - t || v < 0.28 + t || v > 0.72 - t);
  const flap = inBox && Math.abs(v - (0.28 + (0.5 - Math.abs(u - 0.5)) * 0.6)) < t * 0.8 && v < 0.6;
  return border || flap;
}

export function buildTeamsPackage(appId?: string): Buffer {
  const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as {
    id: string;
    bots: { botId: string }[];
  };
  if (appId) {
    manifest.id = appId;
    for (const b of manifest.bots) b.botId = appId;
  }
  return zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
    { name: 'en-us.json', data: readFileSync(join(MANIFEST_DIR, 'en-us.json')) },
  ]);
}

if (require.main === module) {
  const out = process.argv[2] ?? join(ROOT, 'dist', 'teams', 'mailcheck-teams.zip');
  mkdirSync(dirname(out), { recursive: true });
  // The only environment read outside src/config.ts: a build-time setting of this packaging tool.
  writeFileSync(out, buildTeamsPackage(process.env.MICROSOFT_APP_ID));
  process.stdout.write(`wrote ${out}\n`);
}
