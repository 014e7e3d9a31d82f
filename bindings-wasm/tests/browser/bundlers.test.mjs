// The package as a web app's bundler sees it: the packed tarball installed into an empty
// project, an app importing "amends" bundled by Vite, webpack and esbuild (each with the
// recipe docs/web.md gives), and every bundle run in headless Chromium, where it must
// load the WebAssembly module and assess a case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(pkg, 'node_modules', '.bin', name);
let project, browser;

const APP = `import init, { Engine } from "amends";
await init();
const a = new Engine().assess({
  id: "bundled", received_at: "2026-11-20T09:00:00Z",
  store: { id: "s", marketplace: "amazon", country: "DE" }, channel: "email",
  text: "The parcel never arrived, I want my money back." }, "2026-11-20T10:00:00Z");
document.body.dataset.result = a.case_id + " " + a.triage.category;
`;
const PAGE = (script) => `<!doctype html><meta charset="utf-8"><title>bundled</title><script type="module" src="${script}"></script>`;

function run(file, args) {
  execFileSync(file, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
}

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'amends-bundlers-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: pkg, stdio: ['ignore', 'pipe', 'inherit'] });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
  mkdirSync(join(project, 'src'));
  writeFileSync(join(project, 'src', 'main.js'), APP);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Serves `dir`, opens its index.html and returns what the app wrote. */
async function runInBrowser(dir) {
  const server = await startServer(0, dir);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  try {
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => document.body?.dataset.result, null, { timeout: 30000 });
    assert.deepEqual(problems, []);
    return await page.evaluate(() => document.body.dataset.result);
  } finally {
    await page.close();
    await server.close();
  }
}

test('Vite: `vite build` with no configuration', async () => {
  writeFileSync(join(project, 'index.html'), PAGE('./src/main.js'));
  run(bin('vite'), ['build', '--outDir', 'vite-dist', '--logLevel', 'warn']);
  assert.equal(await runInBrowser(join(project, 'vite-dist')), 'bundled not_received');
});

test('webpack: production build, the module emitted as an asset', async () => {
  const out = join(project, 'webpack-dist');
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production', context: project, entry: './src/main.js',
      output: { path: out, filename: 'main.js', module: true },
      experiments: { outputModule: true, topLevelAwait: true },
    }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  writeFileSync(join(out, 'index.html'), PAGE('./main.js'));
  assert.equal(await runInBrowser(out), 'bundled not_received');
});

test('esbuild: bundle, then copy the module next to it', async () => {
  const out = join(project, 'esbuild-dist');
  run(bin('esbuild'), ['src/main.js', '--bundle', '--format=esm', `--outdir=${out}`, '--log-level=warning']);
  copyFileSync(join(project, 'node_modules', 'amends', 'pkg', 'web', 'amends_wasm_bg.wasm'), join(out, 'amends_wasm_bg.wasm'));
  writeFileSync(join(out, 'index.html'), PAGE('./main.js'));
  assert.equal(await runInBrowser(out), 'bundled not_received');
});
