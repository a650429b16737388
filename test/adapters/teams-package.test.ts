import { strict as assert } from 'node:assert';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { buildTeamsPackage } from '../../adapters/teams/package';

/** Reads a ZIP the way Teams' uploader does: the end record, the central directory, each local entry. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'an end-of-central-directory record');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Width, height, colour type and the RGBA pixels of an 8-bit RGBA PNG. */
function png(buf: Buffer): {
  width: number;
  height: number;
  colourType: number;
  alphaAt: (x: number, y: number) => number;
  rgbAt: (x: number, y: number) => number[];
} {
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const colourType = buf[25] as number;
  const idat: Buffer[] = [];
  for (let o = 8; o < buf.length;) {
    const len = buf.readUInt32BE(o);
    if (buf.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(buf.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const at = (x: number, y: number): number => y * (width * 4 + 1) + 1 + x * 4;
  return {
    width,
    height,
    colourType,
    alphaAt: (x, y) => raw[at(x, y) + 3] as number,
    rgbAt: (x, y) => [raw[at(x, y)], raw[at(x, y) + 1], raw[at(x, y) + 2]] as number[],
  };
}

describe('the Teams app package (npm run package:teams)', () => {
  const files = unzip(buildTeamsPackage('11111111-2222-3333-4444-555555555555'));

  it('holds the manifest, both icons and the English strings at the root', () => {
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
  });

  it('a current GA manifest with the bot in personal, team and group chat, and commands in Dutch and English', () => {
    const m = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}');
    assert.equal(m.manifestVersion, '1.19');
    assert.match(m.$schema, /teams\/v1\.19\/MicrosoftTeams\.schema\.json$/);
    assert.equal(m.id, '11111111-2222-3333-4444-555555555555');
    assert.equal(m.bots[0].botId, m.id);
    assert.deepEqual(m.bots[0].scopes, ['personal', 'team', 'groupChat']);
    assert.ok(m.name.short.length <= 30 && m.name.full.length <= 100);
    assert.ok(m.description.short.length <= 80 && m.description.full.length <= 4000);
    assert.match(m.accentColor, /^#[0-9A-F]{6}$/i);
    const commands = m.bots[0].commandLists[0].commands as { title: string; description: string }[];
    assert.ok(commands.length <= 10);
    for (const c of commands) assert.ok(c.title.length <= 32 && c.description.length <= 128, c.title);
    const en = JSON.parse(files.get('en-us.json')?.toString('utf8') ?? '{}') as Record<string, string>;
    assert.equal(m.localizationInfo.additionalLanguages[0].file, 'en-us.json');
    for (const [key, value] of Object.entries(en)) {
      const cmd = /^bots\[0\]\.commandLists\[0\]\.commands\[(\d+)\]\.description$/.exec(key);
      if (cmd) assert.ok(commands[Number(cmd[1])] && value.length <= 128, key);
    }
    assert.equal(
      Object.keys(en).filter((k) => k.startsWith('bots[0]')).length,
      commands.length,
      'every command has its English description',
    );
  });

  it('icons of the sizes Teams requires; the outline is white on transparent', () => {
    const color = png(files.get('color.png') as Buffer);
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = png(files.get('outline.png') as Buffer);
    assert.deepEqual([outline.width, outline.height, outline.colourType], [32, 32, 6]);
    assert.equal(outline.alphaAt(0, 0), 0);
    let opaque = 0;
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) {
        const a = outline.alphaAt(x, y);
        assert.ok(a === 0 || (a === 255 && outline.rgbAt(x, y).every((c) => c === 255)), `pixel ${x},${y}`);
        if (a) opaque++;
      }
    assert.ok(opaque > 30, 'the outline draws something');
  });
});
