#!/usr/bin/env bash
# The Spark suite: a local[2] Spark session assesses the examples and 100,000 generated
# cases through amends.spark (mapInArrow) and compares every row with the CLI's bytes.
# Installs what a fresh machine lacks: a JRE (apt) and pyspark (pip, into .venv).
# Run after bindings-python/test.sh (which builds the package into .venv).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

if ! command -v java >/dev/null; then
    apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null
fi
py="$root/.venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check "pyspark>=3.5,<5" "pyarrow>=14" "pandas>=2.2"
cargo build --quiet -p amends-cli
# The workers run the same interpreter (the one amends is installed in).
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py"
export AMENDS_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/amends"
cd "$here"
"$py" -m pytest -q tests_spark "$@"
