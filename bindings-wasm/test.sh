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

step "all web tests passed"
