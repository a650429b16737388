import { zipSync, type Zippable } from 'fflate';

/**
 * The Teams app package: a ZIP with every entry at the root, as Teams wants it, written by fflate
 * (a ZIP library made for this; it replaced a hand-written PKWARE writer). A fixed date keeps the
 * package byte-for-byte reproducible.
 */
export function zip(files: { name: string; data: Buffer }[], date = new Date(Date.UTC(2026, 0, 1))): Buffer {
  const entries: Zippable = {};
  for (const f of files) entries[f.name] = [new Uint8Array(f.data), { level: 9, mtime: date }];
  return Buffer.from(zipSync(entries));
}
