#!/usr/bin/env bash
# `make dist`: the release artefacts, into dist/. Installs what it needs (maturin and zig
# from PyPI into target/dist-tools, the musl Rust target, the npm dev packages).
#
#   dist/amends-<v>-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#                                   Python >= 3.9 on any x86_64 Linux with glibc >= 2.17
#   dist/musllinux/amends-<v>-cp39-abi3-musllinux_1_2_x86_64.whl   Alpine and other musl
#   dist/amends-<v>.tar.gz          the sdist (builds from source with Rust)
#   dist/amends-<v>.tgz             the npm package, WebAssembly prebuilt
#   dist/amends                     the command line, one static (musl) x86_64 binary
#   dist/SHA256SUMS
#
# Timings on this machine (2 cores) are in docs/install.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

step() { printf '\n==> %s\n' "$*" >&2; }
timed() { local t0=$SECONDS; "$@"; echo "    ($((SECONDS - t0)) s)" >&2; }

step "tools"
# shellcheck source=scripts/dist-tools.sh
source scripts/dist-tools.sh
rustup target list --installed | grep -qx x86_64-unknown-linux-musl \
  || rustup target add x86_64-unknown-linux-musl
# A C compiler for the musl target (the CLI's allocator is C): zig's.
# (cc-rs passes Rust's --target=x86_64-unknown-linux-musl, which zig does not parse.)
cat > "$tools/bin/zigcc-musl" <<EOF
#!/usr/bin/env bash
args=()
for a in "\$@"; do [[ "\$a" == --target=* ]] || args+=("\$a"); done
exec "$tools/bin/python" -m ziglang cc -target x86_64-linux-musl "\${args[@]}"
EOF
cat > "$tools/bin/zigar" <<EOF
#!/bin/sh
exec "$tools/bin/python" -m ziglang ar "\$@"
EOF
chmod +x "$tools/bin/zigcc-musl" "$tools/bin/zigar"

rm -rf dist
mkdir -p dist/musllinux

# After `make test-python` (which installs this same wheel) only the packing is left.
step "Python: manylinux2014 abi3 wheel (maturin + zig)"
timed build_manylinux_wheel dist/

# AMENDS_DIST_MUSLLINUX=0 leaves it out: CI has no musl Python to install it on, so there
# it would be a whole release build that no test reads.
if [ "${AMENDS_DIST_MUSLLINUX:-1}" != 0 ]; then
  step "Python: musllinux_1_2 abi3 wheel"
  timed maturin build --release --zig --target x86_64-unknown-linux-musl \
    --compatibility musllinux_1_2 -m bindings-python/Cargo.toml -o dist/musllinux/
fi

step "Python: sdist"
timed maturin sdist -m bindings-python/Cargo.toml -o dist/

step "npm: the tarball with the prebuilt WebAssembly"
(
  cd bindings-wasm
  if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
    npm ci --no-audit --no-fund
  fi
  if [ -z "${AMENDS_DIST_REUSE_PKG:-}" ] || [ ! -f pkg/web/amends_wasm_bg.wasm ]; then
    timed node scripts/build.mjs
  fi
  npm pack --silent --pack-destination ../dist >/dev/null
)

step "command line: static musl binary"
CC_x86_64_unknown_linux_musl="$tools/bin/zigcc-musl" \
AR_x86_64_unknown_linux_musl="$tools/bin/zigar" \
  timed cargo build --release -p amends-cli --target x86_64-unknown-linux-musl
cp "$CARGO_TARGET_DIR/x86_64-unknown-linux-musl/release/amends" dist/amends
strip dist/amends 2>/dev/null || true
# No interpreter, no shared library: runs on any x86_64 Linux.
if readelf -l dist/amends | grep -q INTERP || readelf -d dist/amends | grep -q NEEDED; then
  echo "dist/amends is dynamically linked" >&2
  exit 1
fi

(cd dist && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
step "dist/"
(cd dist && find . -type f -printf '%10s  %P\n' | sort -k2)
