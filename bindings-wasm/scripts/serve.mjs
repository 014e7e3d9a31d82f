// A static file server for the playground, local only (127.0.0.1), no network access.
// `node scripts/serve.mjs [port]` then open http://127.0.0.1:PORT/playground/
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};
const SERVED = ['playground', 'pkg'];

/**
 * Starts the server; resolves to `{ url, close() }`. Port 0 picks a free port. With a
 * `dir`, serves every file under it instead of the playground and the package.
 */
export function startServer(port = 0, dir = undefined) {
  const base = dir ?? root;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      res.writeHead(302, { location: '/playground/' });
      return res.end();
    }
    const rel = normalize(path.endsWith('/') ? `${path}index.html` : path).replace(/^[/\\]+/, '');
    if ((!dir && !SERVED.includes(rel.split(sep)[0])) || rel.includes('..')) {
      res.writeHead(404);
      return res.end('not found');
    }
    try {
      const body = await readFile(join(base, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ url: `http://127.0.0.1:${p}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { url } = await startServer(Number(process.argv[2] ?? 8080));
  console.log(`playground at ${url}/playground/ (Ctrl-C to stop)`);
}
