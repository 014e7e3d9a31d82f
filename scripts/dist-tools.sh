# Sourced by scripts/dist.sh and bindings-python/test.sh: maturin and zig, pinned, from
# PyPI into $CARGO_TARGET_DIR/dist-tools (put first on PATH), and
# `build_manylinux_wheel DIR`, the one way the manylinux2014 abi3 wheel is built. Both
# callers build it with the same command into the same target directory, so the second
# build finds every crate fresh and only packs the wheel again.
ZIGLANG_VERSION=0.17.0
MATURIN_SPEC="maturin>=1.16,<2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
tools="$CARGO_TARGET_DIR/dist-tools"
if [ ! -x "$tools/bin/python" ]; then python3 -m venv "$tools"; fi
"$tools/bin/python" -m pip install -q --disable-pip-version-check "$MATURIN_SPEC" "ziglang==$ZIGLANG_VERSION"
export PATH="$tools/bin:$PATH"

# zig links against glibc 2.17 symbols; maturin refuses a wheel that needs newer ones.
build_manylinux_wheel() {
  maturin build --release --zig --compatibility manylinux2014 \
    -m "$root/bindings-python/Cargo.toml" -o "$1"
}
