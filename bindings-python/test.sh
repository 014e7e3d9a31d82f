#!/usr/bin/env bash
# Builds the Python package into a virtual environment at the repository root and runs
# the Python suite (conformance vectors, Python-specific tests, stubtest).
# Needs only Python >= 3.9 with venv + pip, and a Rust toolchain (maturin and zig are
# installed by scripts/dist-tools.sh). Idempotent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
py="$root/.venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check "pytest>=7" "mypy>=1.8" \
    "pyarrow>=14" "polars>=1" "duckdb>=1"
# The package under test is the release wheel `make dist` ships, built the same way
# (so make dist finds it built); --force-reinstall --no-deps: always the fresh build.
wheels="${CARGO_TARGET_DIR:-$root/target}/wheels"
rm -rf "$wheels"
# shellcheck source=../scripts/dist-tools.sh
(source "$root/scripts/dist-tools.sh" && build_manylinux_wheel "$wheels")
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/amends-*.whl

cd "$here"
"$py" -m pytest -q tests "$@"
