#!/usr/bin/env bash
# Builds the npm package and runs every web test: the conformance vectors and API tests
# under Node, the TypeScript check, and the playground in headless Chromium.
# Idempotent: installs only what this machine lacks. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

WASM_BINDGEN_VERSION=0.2.130

step() { printf '\n==> %s\n' "$*" >&2; }

step "toolchain"
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
if ! command -v wasm-bindgen >/dev/null \
  || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # Not --locked: the CLI's own lockfile pins a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  $SUDO apt-get install -y chromium
fi

step "build (cargo + wasm-bindgen + wasm-opt + types)"
node scripts/build.mjs

step "Node: conformance vectors and API"
node --test tests/*.test.mjs

step "TypeScript: tsc --noEmit"
npx tsc -p tsconfig.json
npx tsc -p tsconfig.node.json

step "browser: playground in headless Chromium"
node --test tests/browser/

step "the packed npm tarball installs and runs (ESM and CommonJS)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npm pack --silent --pack-destination "$tmp" >/dev/null
(
  cd "$tmp"
  npm init -y >/dev/null
  npm install --offline --no-audit --no-fund ./amends-*.tgz >/dev/null
  node --input-type=module -e '
    import init, { Engine } from "amends";
    await init();
    const a = new Engine().assess({ id: "t", received_at: "2026-11-20T09:00:00Z",
      store: { id: "s", marketplace: "ebay", country: "GB" }, channel: "chat", text: "hi" },
      "2026-11-20T10:00:00Z");
    if (a.case_id !== "t") process.exit(1);'
  node -e 'const { Engine } = require("amends"); if (!new Engine().policy.hash) process.exit(1);'
)

step "the README snippets run verbatim against the installed tarball (JS under Node, TS with tsc)"
python3 ../scripts/readme_snippets.py write "$tmp/snippets" --lang js,ts >/dev/null
cat > "$tmp/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
  "strict": true, "noEmit": true, "skipLibCheck": false, "lib": ["ES2022", "ESNext.Disposable"],
  "types": [] }, "include": ["snippets/*.mts"] }
JSON
for f in "$tmp"/snippets/*.mjs; do
  echo "  $(head -1 "$f")" >&2
  out="$(cd "$tmp" && node "$f")"
  [ -n "$out" ] || { echo "$f printed nothing" >&2; exit 1; }
done
if ls "$tmp"/snippets/*.mts >/dev/null 2>&1; then
  "$PWD/node_modules/.bin/tsc" -p "$tmp/tsconfig.json"
fi

step "all web tests passed"
