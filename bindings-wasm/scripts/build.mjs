// Builds the npm package into pkg/:
//   pkg/node/  wasm-bindgen --target nodejs (CommonJS, loads the .wasm synchronously),
//              built for speed (profile wasm-release-speed: nothing is downloaded in Node)
//              + index.mjs / index.d.mts, an ESM entry with the same exports as the web build
//   pkg/web/   wasm-bindgen --target web (ES module; `await init()` before use; bundlers,
//              built for size (profile wasm-release);
//              resolve the .wasm through `new URL(..., import.meta.url)`)
//   pkg/types.d.ts  TypeScript types of every document, generated from the core's JSON Schemas
// The .wasm is shrunk with wasm-opt from the npm `binaryen` package when it is installed.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const workspace = join(root, '..');
// Profiles per output (root Cargo.toml): the page downloads the module, Node does not.
const profiles = {
  web: process.env.AMENDS_WASM_PROFILE_WEB || 'wasm-release',
  node: process.env.AMENDS_WASM_PROFILE_NODE || 'wasm-release-speed',
};
const target = process.env.CARGO_TARGET_DIR || join(workspace, 'target');
const pkg = join(root, 'pkg');

function runAsync(cmd, args, opts = {}) {
  console.error(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    spawn(cmd, args, { stdio: 'inherit', ...opts }).on('error', reject).on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: ${signal || `exit ${code}`}`)));
  });
}

// wasm-opt (npm binaryen; never an older system binaryen, which breaks the externref table).
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
const optimize = existsSync(wasmOpt) && process.env.AMENDS_NO_WASM_OPT === undefined;
if (!optimize) console.error('wasm-opt not found (npm ci installs it): the .wasm is not post-optimized');
const optLevels = {
  // -O1 rather than -Oz: -Oz makes the module 9% smaller raw but 11% larger gzipped
  // (and 10% larger with brotli), and pages download it compressed (docs/web.md#size).
  // Either way the name section is dropped.
  web: process.env.AMENDS_WASM_OPT || '-O1',
  // Node: -O3 (speed); it also drops the name section.
  node: process.env.AMENDS_WASM_OPT_NODE || '-O3',
};

// One output: cargo, wasm-bindgen, the glue's patch, wasm-opt.
async function buildOutput(out, bindgenTarget) {
  const profile = profiles[out];
  // The browser build reads inputs through one JSON reader per type (feature `small`).
  const features = out === 'web' ? ['--features', 'small'] : [];
  await runAsync('cargo', ['build', '-p', 'amends-wasm', '--target', 'wasm32-unknown-unknown', '--profile', profile, ...features], { cwd: workspace });
  const wasm = join(target, 'wasm32-unknown-unknown', profile, 'amends_wasm.wasm');
  await runAsync('wasm-bindgen', ['--target', bindgenTarget, '--out-dir', join(pkg, out), wasm]);
  // A method of an object released with free() reaches Rust with a null pointer, and
  // wasm-bindgen throws a bare "null pointer passed to rust": throw the AmendsError
  // `input.freed` from the binding instead.
  const glue = join(pkg, out, 'amends_wasm.js');
  const text = readFileSync(glue, 'utf8');
  const bare = 'throw new Error(getStringFromWasm0(arg0, arg1));';
  if (text.split(bare).length !== 2) throw new Error(`${glue}: wasm-bindgen's throw import not found once`);
  writeFileSync(glue, text.replace(bare,
    'const message = getStringFromWasm0(arg0, arg1);\n' +
    '            throw message === "null pointer passed to rust" ? __freedError() : new Error(message);'));
  if (optimize) {
    const module = join(pkg, out, 'amends_wasm_bg.wasm');
    await runAsync(wasmOpt, [optLevels[out], module, '-o', module]);
  }
}

rmSync(pkg, { recursive: true, force: true });
// The two profiles share no compiled crate and lock separate target folders, and each ends
// in a single-threaded stretch (one codegen unit, LTO, wasm-opt): built side by side.
await Promise.all([buildOutput('web', 'web'), buildOutput('node', 'nodejs')]);

// The package's README links to these; they ship inside the tarball.
mkdirSync(join(root, 'docs'), { recursive: true });
for (const page of ['web.md', 'errors.md']) copyFileSync(join(workspace, 'docs', page), join(root, 'docs', page));

// The nodejs glue is CommonJS while this package is `"type": "module"`.
writeFileSync(join(pkg, 'node', 'package.json'), '{"type": "commonjs"}\n');

// ESM entry for Node with the same shape as the web build (a default `init`, `initSync`).
const require = createRequire(import.meta.url);
const mod = require(join(pkg, 'node', 'amends_wasm.js'));
const names = Object.keys(mod).filter((n) => !n.startsWith('__')).sort();
writeFileSync(join(pkg, 'node', 'index.mjs'),
  `// Generated by scripts/build.mjs: ESM entry for Node.\n` +
  `import { createRequire } from 'node:module';\n` +
  `const m = createRequire(import.meta.url)('./amends_wasm.js');\n` +
  `export const { ${names.join(', ')} } = m;\n` +
  `/** No-op in Node (the module is ready on import); kept for parity with the web build. */\n` +
  `export default async function init() { return m; }\n` +
  `export function initSync() { return m; }\n`);
writeFileSync(join(pkg, 'node', 'index.d.mts'),
  `export * from './amends_wasm.js';\n` +
  `/** No-op in Node (the module is ready on import); kept for parity with the web build. */\n` +
  `export default function init(_?: unknown): Promise<unknown>;\n` +
  `export function initSync(_?: unknown): unknown;\n`);

// Types of every document, from the JSON Schemas the core publishes.
const { compile } = await import('json-schema-to-typescript');
const defs = {};
const roots = {};
// One registry: schemaNames() lists every published schema, journey ones included.
const documents = mod.schemaNames().map((n) => mod.schema(n));
for (const s of documents) {
  for (const [k, v] of Object.entries(s.$defs || {})) defs[k] = v;
  const { $defs, $schema, ...rest } = s;
  const title = rest.title;
  roots[title] = rest;
}
const combined = {
  title: 'AmendsDocuments',
  type: 'object',
  properties: Object.fromEntries(Object.keys(roots).map((t) => [t, { $ref: `#/$defs/${t}` }])),
  additionalProperties: false,
  $defs: { ...defs, ...roots },
};
let ts = await compile(combined, 'AmendsDocuments', {
  bannerComment: '// Generated by scripts/build.mjs from the core\'s JSON Schemas. Do not edit.',
  additionalProperties: false,
  strictIndexSignatures: false,
  format: false,
  declareExternallyReferenced: true,
});
ts += '\n' + readFileSync(join(root, 'types', 'binding.d.ts'), 'utf8');
writeFileSync(join(pkg, 'types.d.ts'), ts);
// The same declarations for the CommonJS glue (pkg/node is `"type": "commonjs"`): a
// CommonJS declaration file cannot import an ES module's.
writeFileSync(join(pkg, 'types.d.cts'), ts);
const nodeDts = join(pkg, 'node', 'amends_wasm.d.ts');
const dts = readFileSync(nodeDts, 'utf8');
if (!dts.includes('from "../types.js"')) throw new Error(`${nodeDts}: the types import was not found`);
writeFileSync(nodeDts, dts.replaceAll('from "../types.js"', 'from "../types.cjs"'));

for (const out of ['web', 'node']) {
  const bytes = readFileSync(join(pkg, out, 'amends_wasm_bg.wasm'));
  const br = brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.error(`pkg/${out}/amends_wasm_bg.wasm: ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} gzip -9, ${br} brotli -11 (profile ${profiles[out]})`);
}
