#!/usr/bin/env bash
# Installs the `make dist` artefacts the way a user without Rust would, and times it:
#   - the wheel into a new virtual environment (pip --no-index: nothing is downloaded),
#   - the npm tarball into an empty Node project (ESM and CommonJS),
#   - the static binary, copied alone into an empty folder and run with an empty
#     environment,
#   - the README's `sh dist` install snippet, verbatim, from a folder holding only the
#     artefacts.
# Rust is taken off PATH first (and checked absent). Each install must take under a
# minute. Usage: scripts/dist-install-test.sh [dist-folder]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$(cd "${1:-$root/dist}" && pwd)"
limit=60

step() { printf '\n==> %s\n' "$*" >&2; }
fail() { echo "FAIL: $*" >&2; exit 1; }

wheel="$(ls "$dist"/amends-*-cp39-abi3-manylinux*.whl)"
tarball="$(ls "$dist"/amends-*.tgz)"
binary="$dist/amends"
[ -f "$wheel" ] && [ -f "$tarball" ] && [ -x "$binary" ] || fail "run make dist first"

# A PATH without Rust: only the folders of python3, node/npm and the system.
py_dir="$(dirname "$(readlink -f "$(command -v python3)")")"
node_dir="$(dirname "$(readlink -f "$(command -v node)")")"
export PATH="$py_dir:$node_dir:/usr/local/bin:/usr/bin:/bin"
unset CARGO_HOME RUSTUP_HOME CARGO_TARGET_DIR VIRTUAL_ENV
if command -v cargo >/dev/null || command -v rustc >/dev/null; then
  PATH="$(echo "$PATH" | tr ':' '\n' | grep -v -e cargo -e rustup | paste -sd: -)"
fi
! command -v cargo >/dev/null && ! command -v rustc >/dev/null || fail "Rust is still on PATH"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
CASE='{"id":"c1","received_at":"2026-11-20T09:00:00Z","channel":"chat","store":{"id":"s1","marketplace":"ebay","country":"GB"},"text":"My parcel never arrived, I want my money back."}'
report=()

timed_step() {  # name, command...: runs it, records and checks the wall-clock time
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@"
  t1=$(date +%s.%N)
  local s
  s=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
  report+=("$name: ${s} s")
  echo "    $name: ${s} s" >&2
  python3 -c "import sys; sys.exit(0 if $t1 - $t0 < $limit else 1)" || fail "$name took ${s} s (limit ${limit} s)"
}

step "Python: the wheel into a new virtual environment"
python_install() {
  python3 -m venv "$tmp/venv"
  "$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check --no-index "$wheel"
  "$tmp/venv/bin/python" -c "
import amends, decimal
a = amends.Engine().assess($CASE, '2026-11-23T12:00:00Z')
assert a['case_id'] == 'c1' and a['triage']['category'], a
print('python:', amends.__version__, a['triage']['category'], a['routing']['queue'])"
}
timed_step "wheel: venv + pip install + first assessment" python_install

step "npm: the tarball into an empty Node project"
node_install() {
  mkdir "$tmp/node-project"
  cd "$tmp/node-project"
  npm init -y >/dev/null
  npm install --offline --no-audit --no-fund "$tarball" >/dev/null
  node --input-type=module -e "
    import init, { Engine } from 'amends';
    await init();
    const a = new Engine().assess($CASE, '2026-11-23T12:00:00Z');
    if (a.case_id !== 'c1') process.exit(1);
    console.log('node (ESM):', a.triage.category, a.routing.queue);"
  node -e "const { Engine } = require('amends'); console.log('node (CommonJS):', new Engine().policy.id);"
  cd - >/dev/null
}
timed_step "npm: init + install + first assessment" node_install

step "command line: the binary alone in an empty folder, with an empty environment"
binary_run() {
  mkdir "$tmp/bare"
  cp "$binary" "$tmp/bare/amends"
  cd "$tmp/bare"
  env -i ./amends --version
  echo "$CASE" | env -i ./amends assess --now 2026-11-23T12:00:00Z > out.jsonl
  grep -q '"case_id":"c1"' out.jsonl || fail "the binary's assessment is wrong"
  env -i ./amends policy default > my.toml
  env -i ./amends policy check my.toml >/dev/null
  cd - >/dev/null
}
timed_step "binary: copy + first assessment" binary_run
if readelf -l "$binary" | grep -q INTERP || readelf -d "$binary" | grep -q NEEDED; then
  fail "the binary is not static"
fi

step "the README's install snippet, verbatim, next to the artefacts"
readme_run() {
  mkdir "$tmp/readme"
  cp "$wheel" "$tarball" "$binary" "$tmp/readme/"
  python3 -m venv "$tmp/readme-venv"
  python3 "$root/scripts/readme_snippets.py" write "$tmp/readme-snippets" --lang sh --tag dist >/dev/null
  for f in "$tmp"/readme-snippets/*.sh; do
    echo "    $(head -1 "$f")" >&2
    (cd "$tmp/readme" && PATH="$tmp/readme-venv/bin:$PATH" bash -euo pipefail "$f" >/dev/null)
  done
  "$tmp/readme-venv/bin/python" -c "import amends; amends.Engine()"
}
timed_step "README install snippets" readme_run

step "install times (limit ${limit} s each)"
printf '%s\n' "${report[@]}"
echo "dist install tests: ${#report[@]} passed, 0 failed"
