#!/usr/bin/env bash
# Builds the Python package into a virtual environment at the repository root and runs
# the Python suite (conformance vectors, Python-specific tests, stubtest).
# Needs only Python >= 3.9 with venv + pip, and a Rust toolchain. Idempotent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
py="$root/.venv/bin/python"
# maturin is found on PATH by the build backend.
export VIRTUAL_ENV="$root/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"

"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.9,<2" "pytest>=7" "mypy>=1.8" \
    "pyarrow>=14" "polars>=1" "duckdb>=1"
# --no-build-isolation: use the maturin just installed (no second download);
# --force-reinstall --no-deps: always install the freshly built extension.
"$py" -m pip install --quiet --disable-pip-version-check \
    --no-build-isolation --force-reinstall --no-deps ./bindings-python

cd "$here"
"$py" -m pytest -q tests "$@"
