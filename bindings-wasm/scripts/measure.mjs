// Size and cold start of the built package (pkg/), as a Markdown table:
//   - each .wasm raw, gzip -9 and brotli -11;
//   - Node: a fresh process loading the package and making its first Engine and first
//     assessment (median of 5 processes);
//   - Chromium (headless, /usr/bin/chromium or $CHROMIUM): `await init()` and the first
//     `new Engine()` on a page served from 127.0.0.1 (median of 3 page loads).
// `node scripts/measure.mjs` prints the table and checks that docs/web.md's sizes are
// those of this build (within 3%); `--write` puts the table into docs/web.md between
// the `measure:begin` and `measure:end` markers. bindings-wasm/test.sh runs the check.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const doc = join(root, '..', 'docs', 'web.md');
const CASE = { id: 'c1', received_at: '2026-11-20T09:00:00Z', channel: 'chat',
  store: { id: 's1', marketplace: 'ebay', country: 'GB' }, text: 'My parcel never arrived.' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => n.toLocaleString('en-US');

const sizes = {};
for (const out of ['web', 'node']) {
  const bytes = readFileSync(join(root, 'pkg', out, 'amends_wasm_bg.wasm'));
  sizes[out] = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

// Node: fresh processes.
const probe = `
const t0 = performance.now();
const m = require(${JSON.stringify(join(root, 'pkg', 'node', 'amends_wasm.js'))});
const t1 = performance.now();
const e = new m.Engine();
const t2 = performance.now();
e.assessJson(${JSON.stringify(JSON.stringify(CASE))}, "2026-11-20T12:00:00Z");
const t3 = performance.now();
console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2]));`;
const nodeRuns = [];
for (let i = 0; i < 5; i++) nodeRuns.push(JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })));
const node = [0, 1, 2].map((k) => median(nodeRuns.map((r) => r[k])));

// Chromium: a page importing the web build.
let browser = null;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
try {
  const { chromium: pw } = await import('playwright-core');
  const page = `<!doctype html><script type="module">
    const t0 = performance.now();
    const m = await import('./pkg/web/amends_wasm.js');
    await m.default();
    const t1 = performance.now();
    const e = new m.Engine();
    const t2 = performance.now();
    e.assessJson(${JSON.stringify(JSON.stringify(CASE))}, "2026-11-20T12:00:00Z");
    const t3 = performance.now();
    window.result = [t1 - t0, t2 - t1, t3 - t2];
  </script>`;
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((req, res) => {
    const path = req.url === '/' ? null : join(root, decodeURIComponent(req.url.split('?')[0]));
    try {
      const body = path ? readFileSync(path) : page;
      res.writeHead(200, { 'content-type': path ? types[extname(path)] || 'application/octet-stream' : types['.html'] });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const b = await pw.launch({ executablePath: chromium, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const ctx = await b.newContext(); // a fresh cache each time: a cold start
    const p = await ctx.newPage();
    await p.goto(`http://127.0.0.1:${server.address().port}/`);
    await p.waitForFunction(() => window.result, null, { timeout: 60000 });
    runs.push(await p.evaluate(() => window.result));
    await ctx.close();
  }
  await b.close();
  server.close();
  browser = [0, 1, 2].map((k) => median(runs.map((r) => r[k])));
} catch (e) {
  console.error(`Chromium not measured: ${e.message.split('\n')[0]}`);
}

const ms = (x) => `${x.toFixed(0)} ms`;
const table = [
  '| | raw | gzip -9 | brotli -11 |',
  '|---|---:|---:|---:|',
  ...['web', 'node'].map((o) => `| \`pkg/${o}/amends_wasm_bg.wasm\` | ${fmt(sizes[o].raw)} B | ${fmt(sizes[o].gzip)} B | ${fmt(sizes[o].brotli)} B |`),
  '',
  '| cold start (median) | load + compile the module | first `new Engine()` | first assessment |',
  '|---|---:|---:|---:|',
  `| Node ${process.version}, a fresh process (\`require\`) | ${ms(node[0])} | ${ms(node[1])} | ${ms(node[2])} |`,
  browser ? `| headless Chromium, a fresh context (\`await init()\`) | ${ms(browser[0])} | ${ms(browser[1])} | ${ms(browser[2])} |` : '| headless Chromium | not measured | | |',
].join('\n');
console.log(table);

const text = readFileSync(doc, 'utf8');
const begin = '<!-- measure:begin (node bindings-wasm/scripts/measure.mjs --write) -->';
const end = '<!-- measure:end -->';
const i = text.indexOf(begin);
const j = text.indexOf(end);
if (i < 0 || j < i) {
  console.error(`docs/web.md has no ${begin} ... ${end} block`);
  process.exit(1);
}
if (process.argv.includes('--write')) {
  writeFileSync(doc, text.slice(0, i + begin.length) + '\n' + table + '\n' + text.slice(j));
  console.error('docs/web.md updated');
} else {
  // Sizes are a property of the build: the documented ones must be this build's.
  const block = text.slice(i, j);
  for (const o of ['web', 'node']) {
    const m = block.match(new RegExp(`pkg/${o}/amends_wasm_bg.wasm\` \\| ([\\d,]+) B \\| ([\\d,]+) B`));
    const documented = m ? Number(m[2].replaceAll(',', '')) : NaN;
    if (!(Math.abs(documented - sizes[o].gzip) / sizes[o].gzip < 0.03)) {
      console.error(`docs/web.md gives pkg/${o} ${m ? m[2] : 'no size'} B gzipped; this build is ${fmt(sizes[o].gzip)} B: run node scripts/measure.mjs --write`);
      process.exit(1);
    }
  }
}
