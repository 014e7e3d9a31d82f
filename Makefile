# One command runs every test of the project: `make test`.
# Each target installs what a fresh machine lacks (see .ci/run for the system packages).

CARGO ?= cargo

.PHONY: test test-rust lint docs-check

test: lint test-rust docs-check

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# Unit, property, conformance-vector, CLI and doc tests; benches are compiled and run once.
test-rust:
	$(CARGO) test --all-targets
	$(CARGO) test --doc

# The data-model reference is generated from the published JSON Schemas.
docs-check:
	python3 scripts/gen_data_model_doc.py --check
