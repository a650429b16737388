import { strict as assert } from 'node:assert';
import { createServer, request, type Server } from 'node:http';
import { readJsonBody } from '../../adapters/http-body';

/** The adapters' one body reader, over a real HTTP server on loopback. */
describe('JSON request bodies (issue 15 item 6: one reader for the web chat and Teams)', () => {
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer((req, res) => {
      void readJsonBody(req, 64 * 1024).then((b) => {
        if (b.ok) res.writeHead(200).end(JSON.stringify(b.value));
        else res.writeHead(b.status, { connection: 'close' }).end(b.error, () => req.destroy());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const post = (body: Buffer): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', (e: NodeJS.ErrnoException) =>
        e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e),
      );
      req.end(body);
    });

  it('reads JSON, refuses text that is not JSON, and answers 413 to 2 MB without reading it all', async () => {
    assert.deepEqual(await post(Buffer.from('{"a":1}')), { status: 200, text: '{"a":1}' });
    assert.deepEqual(await post(Buffer.from('{"a":')), { status: 400, text: 'not JSON' });
    assert.deepEqual(await post(Buffer.alloc(2 * 1024 * 1024, 0x20)), { status: 413, text: 'body too large' });
  });
});
