# One command runs every test of the project: `make test`.
# Each target installs what a fresh machine lacks (see .ci/run for the system packages).

CARGO ?= cargo

.PHONY: test test-rust test-python test-web fuzz-smoke lint docs-check

test: lint test-rust docs-check test-python test-web fuzz-smoke

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Unit, property, conformance-vector, CLI and doc tests; benches are compiled and run once.
test-rust:
	$(CARGO) test --all-targets
	$(CARGO) test --doc

# The data-model reference is generated from the published JSON Schemas; the market
# calendars from the pinned holidays package.
docs-check:
	python3 scripts/gen_data_model_doc.py --check
	python3 -m pip install -q --disable-pip-version-check -r scripts/requirements-data.txt
	python3 scripts/gen_market_calendars.py --check
	python3 scripts/gen_scenarios_doc.py --check

# The pip wheel in a virtual environment: conformance vectors, Python tests, stubtest.
test-python:
	bash bindings-python/test.sh

# The npm package: conformance vectors under Node, tsc, the playground in headless Chromium.
test-web:
	bash bindings-wasm/test.sh

# Every fuzz target for a few seconds from the committed seeds (nightly + cargo-fuzz).
fuzz-smoke:
	bash scripts/fuzz-smoke.sh 10
