import { crc32, deflateSync } from 'node:zlib';

/**
 * A small RGB raster and its PNG encoding (ISO/IEC 15948: signature, IHDR, one IDAT of zlib-compressed
 * scanlines with filter 0, IEND; CRC-32 over type and data). Enough for charts without a native
 * canvas dependency; text uses the 5×7 bitmap font below, scaled.
 */
export type Rgb = readonly [number, number, number];

export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    if (width < 1 || height < 1 || width * height > 16_000_000) throw new Error('raster size out of bounds');
    this.pixels = new Uint8Array(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * this.width + xx) * 3;
        this.pixels[i] = c[0];
        this.pixels[i + 1] = c[1];
        this.pixels[i + 2] = c[2];
      }
    }
  }

  /** A line of thickness `t` (Bresenham steps, each a small square). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, t = 2): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let s = 0; s <= steps; s++)
      this.rect(x0 + ((x1 - x0) * s) / steps - t / 2, y0 + ((y1 - y0) * s) / steps - t / 2, t, t, c);
  }

  /** Text in the 5×7 font, upper case, `scale` pixels per dot; returns the width drawn. */
  text(x: number, y: number, s: string, c: Rgb, scale = 2): number {
    let cx = x;
    for (const ch of fold(s)) {
      const g = GLYPHS[ch] ?? (GLYPHS['?'] as number[]);
      g.forEach((bits, row) => {
        for (let col = 0; col < 5; col++)
          if (bits & (1 << (4 - col))) this.rect(cx + col * scale, y + row * scale, scale, scale, c);
      });
      cx += 6 * scale;
    }
    return cx - x;
  }

  textWidth(s: string, scale = 2): number {
    return fold(s).length * 6 * scale;
  }

  png(): Buffer {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      raw[y * (this.width * 3 + 1)] = 0;
      Buffer.from(this.pixels.buffer, this.pixels.byteOffset + y * this.width * 3, this.width * 3).copy(
        raw,
        y * (this.width * 3 + 1) + 1,
      );
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, filter method 0, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

/** An 8-bit RGBA image (colour type 6, for icons that need transparency), `rgba` row by row. */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('RGBA data does not match the size');
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Upper case without diacritics (Friesland's "Súdwest-Fryslân" → "SUDWEST-FRYSLAN"). */
const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

/** 5×7 glyphs, one number per row, the high bit on the left. */
const G = (...rows: string[]): number[] => rows.map((r) => parseInt(r, 2));
const GLYPHS: Record<string, number[]> = {
  A: G('01110', '10001', '10001', '11111', '10001', '10001', '10001'),
  B: G('11110', '10001', '10001', '11110', '10001', '10001', '11110'),
  C: G('01110', '10001', '10000', '10000', '10000', '10001', '01110'),
  D: G('11110', '10001', '10001', '10001', '10001', '10001', '11110'),
  E: G('11111', '10000', '10000', '11110', '10000', '10000', '11111'),
  F: G('11111', '10000', '10000', '11110', '10000', '10000', '10000'),
  G: G('01110', '10001', '10000', '10111', '10001', '10001', '01111'),
  H: G('10001', '10001', '10001', '11111', '10001', '10001', '10001'),
  I: G('01110', '00100', '00100', '00100', '00100', '00100', '01110'),
  J: G('00111', '00010', '00010', '00010', '00010', '10010', '01100'),
  K: G('10001', '10010', '10100', '11000', '10100', '10010', '10001'),
  L: G('10000', '10000', '10000', '10000', '10000', '10000', '11111'),
  M: G('10001', '11011', '10101', '10101', '10001', '10001', '10001'),
  N: G('10001', '10001', '11001', '10101', '10011', '10001', '10001'),
  O: G('01110', '10001', '10001', '10001', '10001', '10001', '01110'),
  P: G('11110', '10001', '10001', '11110', '10000', '10000', '10000'),
  Q: G('01110', '10001', '10001', '10001', '10101', '10010', '01101'),
  R: G('11110', '10001', '10001', '11110', '10100', '10010', '10001'),
  S: G('01111', '10000', '10000', '01110', '00001', '00001', '11110'),
  T: G('11111', '00100', '00100', '00100', '00100', '00100', '00100'),
  U: G('10001', '10001', '10001', '10001', '10001', '10001', '01110'),
  V: G('10001', '10001', '10001', '10001', '10001', '01010', '00100'),
  W: G('10001', '10001', '10001', '10101', '10101', '10101', '01010'),
  X: G('10001', '10001', '01010', '00100', '01010', '10001', '10001'),
  Y: G('10001', '10001', '01010', '00100', '00100', '00100', '00100'),
  Z: G('11111', '00001', '00010', '00100', '01000', '10000', '11111'),
  0: G('01110', '10001', '10011', '10101', '11001', '10001', '01110'),
  1: G('00100', '01100', '00100', '00100', '00100', '00100', '01110'),
  2: G('01110', '10001', '00001', '00010', '00100', '01000', '11111'),
  3: G('11111', '00010', '00100', '00010', '00001', '10001', '01110'),
  4: G('00010', '00110', '01010', '10010', '11111', '00010', '00010'),
  5: G('11111', '10000', '11110', '00001', '00001', '10001', '01110'),
  6: G('00110', '01000', '10000', '11110', '10001', '10001', '01110'),
  7: G('11111', '00001', '00010', '00100', '01000', '01000', '01000'),
  8: G('01110', '10001', '10001', '01110', '10001', '10001', '01110'),
  9: G('01110', '10001', '10001', '01111', '00001', '00010', '01100'),
  '%': G('11000', '11001', '00010', '00100', '01000', '10011', '00011'),
  '(': G('00010', '00100', '01000', '01000', '01000', '00100', '00010'),
  ')': G('01000', '00100', '00010', '00010', '00010', '00100', '01000'),
  '-': G('00000', '00000', '00000', '11111', '00000', '00000', '00000'),
  '+': G('00000', '00100', '00100', '11111', '00100', '00100', '00000'),
  '.': G('00000', '00000', '00000', '00000', '00000', '01100', '01100'),
  ':': G('00000', '01100', '01100', '00000', '01100', '01100', '00000'),
  '/': G('00000', '00001', '00010', '00100', '01000', '10000', '00000'),
  ',': G('00000', '00000', '00000', '00000', '01100', '00100', '01000'),
  "'": G('00100', '00100', '01000', '00000', '00000', '00000', '00000'),
  '?': G('01110', '10001', '00001', '00010', '00100', '00000', '00100'),
  ' ': G('00000', '00000', '00000', '00000', '00000', '00000', '00000'),
};
