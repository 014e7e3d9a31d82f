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
  # Every relative link of the README resolves inside the installed package.
  node -e '
    const fs = require("fs"), dir = "node_modules/amends/";
    const text = fs.readFileSync(dir + "README.md", "utf8");
    const links = [...text.matchAll(/\]\(([^)#\s]+)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    const dead = links.filter((l) => !fs.existsSync(dir + l));
    if (!links.length || dead.length) { console.error("dead README links:", dead); process.exit(1); }'
  [ -f node_modules/amends/LICENSE ] || { echo "no LICENSE in the package" >&2; exit 1; }
)

step "the README snippets run verbatim against the installed tarball (JS under Node, TS with tsc)"
python3 ../scripts/readme_snippets.py write "$tmp/snippets" --lang js,ts >/dev/null
cat > "$tmp/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
  "strict": true, "noEmit": true, "skipLibCheck": false,
  "lib": ["ES2022", "ESNext.Disposable", "DOM"], "types": [] }, "include": ["snippets/*.mts"] }
JSON
for f in "$tmp"/snippets/*.mjs; do
  echo "  $(head -1 "$f")" >&2
  out="$(cd "$tmp" && node "$f")"
  [ -n "$out" ] || { echo "$f printed nothing" >&2; exit 1; }
done
if ls "$tmp"/snippets/*.mts >/dev/null 2>&1; then
  "$PWD/node_modules/.bin/tsc" -p "$tmp/tsconfig.json"
fi

step "types: @arethetypeswrong/cli on the tarball, and tsc under every module resolution"
# "amends" (Node ESM and CommonJS, bundlers, node10): no problem under any resolution.
npx attw --pack . --format table-flipped --entrypoints .
# "amends/web" is the browser build, ESM only by design (a page or a bundler imports it).
npx attw --pack . --format table-flipped --entrypoints ./web --profile esm-only
cp tests/consumer/*.*ts "$tmp/"
matrix=0
for resolution in node16 nodenext bundler; do
  for skip in false true; do
    case "$resolution" in
      bundler) module=preserve; node_files='"esm.mts"' ;;
      node16) module=node16; node_files='"esm.mts", "cjs.cts"' ;;
      *) module=nodenext; node_files='"esm.mts", "cjs.cts"' ;;
    esac
    # Node consumers compile without the DOM library; the browser build (what bundlers
    # resolve "amends" to, and "amends/web") needs it.
    for kind in node web; do
      if [ "$kind" = node ] && [ "$resolution" != bundler ]; then
        lib='"ES2022", "ESNext.Disposable"'; files="$node_files"
      elif [ "$kind" = node ]; then lib='"ES2022", "ESNext.Disposable", "DOM"'; files="$node_files"
      else lib='"ES2022", "ESNext.Disposable", "DOM"'; files='"web.mts"'; fi
      cat > "$tmp/tsconfig.matrix.json" <<JSON
{ "compilerOptions": { "target": "ES2022", "module": "$module", "moduleResolution": "$resolution",
  "strict": true, "noEmit": true, "skipLibCheck": $skip, "lib": [$lib], "types": [] },
  "files": [$files] }
JSON
      "$PWD/node_modules/.bin/tsc" -p "$tmp/tsconfig.matrix.json" \
        || { echo "tsc failed: $kind, moduleResolution $resolution, skipLibCheck $skip" >&2; exit 1; }
      matrix=$((matrix + 1))
    done
  done
done
echo "tsc matrix: $matrix configurations passed" >&2

step "size and cold start (docs/web.md#size)"
node scripts/measure.mjs

step "all web tests passed"
