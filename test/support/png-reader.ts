import { crc32, inflateSync } from 'node:zlib';

/** Reads back what src/adoption/png.ts writes (8-bit RGB, filter 0), checking every chunk's CRC. */
export function readPng(buf: Buffer): {
  width: number;
  height: number;
  pixel: (x: number, y: number) => [number, number, number];
} {
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0 !== buf.readUInt32BE(off + 8 + len))
      throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2) throw new Error('not 8-bit RGB');
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (width * 3 + 1) * height) throw new Error('wrong image data size');
  return {
    width,
    height,
    pixel: (x, y) => {
      const i = y * (width * 3 + 1) + 1 + x * 3;
      return [raw[i] as number, raw[i + 1] as number, raw[i + 2] as number];
    },
  };
}
