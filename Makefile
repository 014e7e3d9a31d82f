# One command runs every test of the project: `make test`.
# Each target installs what a fresh machine lacks (see .ci/run for the system packages).

CARGO ?= cargo

# Two suites run at a time, each printing its output when it ends (`make test JOBS=1` runs
# them one by one). Builds leave a core idle in their single-threaded stretches (linking,
# LTO, the core crate itself) and tests wait on downloads, a JVM or a browser, so the other
# suite fills it. Cargo is not handed make's job slots: each build uses every core.
JOBS ?= 2
MAKEFLAGS += --jobs=$(JOBS) --output-sync=target
unexport MAKEFLAGS MFLAGS

.PHONY: test test-rust test-python test-spark test-web fuzz-smoke lint docs-check bench dist test-dist

# Listed in the order they start: clippy and the test builds share target/debug (one
# cargo at a time there), so the release wheel of test-python is built beside them.
test: lint test-python test-rust test-web docs-check test-spark fuzz-smoke

# Orderings that only matter when the suites run together: the generated-page checks reuse
# the test build, Spark the debug CLI, the fuzz run the Python package, and `make dist`
# the wheel and the WebAssembly the tests built.
ifneq ($(filter test,$(or $(MAKECMDGOALS),test)),)
docs-check test-spark: test-rust
fuzz-smoke: test-python
dist: test-python test-web
endif

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Unit, property, conformance-vector, CLI and doc tests; benches are compiled and run once.
# The vectors run with `one-reader` too, the browser build's way of reading cases: first,
# so that the build after it is the one docs-check's test reuses. No `-p`: every cargo
# command here selects the same packages, so dependencies are built with one feature set.
test-rust:
	$(CARGO) test --features amends/one-reader --test vectors
	$(CARGO) test --all-targets
	$(CARGO) test --doc

# The data-model reference is generated from the published JSON Schemas; the error-code
# reference from the core's registry (which the same test checks against the sources);
# the market calendars from the pinned holidays package; the scenarios page from its vectors.
docs-check:
	python3 scripts/gen_data_model_doc.py --check
	$(CARGO) test --test error_codes
	python3 -m pip install -q --disable-pip-version-check -r scripts/requirements-data.txt
	python3 scripts/gen_market_calendars.py --check
	python3 scripts/gen_scenarios_doc.py --check

# The criterion benches of the core and the cross-language comparison, quick mode, one
# table, recorded with the machine's load in perf/history/ (not part of `test`; see
# benches/README.md). `make bench BENCH=assess` runs one criterion bench and no
# comparison; BENCH_ARGS go to criterion; BENCH_FLAGS to perf/bench.sh (--full, --no-compare).
BENCH ?= *
BENCH_ARGS ?=
BENCH_FLAGS ?=
bench:
	BENCH='$(BENCH)' BENCH_ARGS='$(BENCH_ARGS)' bash perf/bench.sh $(BENCH_FLAGS)

# The pip wheel in a virtual environment: conformance vectors, Python tests, stubtest.
test-python:
	bash bindings-python/test.sh

# Spark (local[2], mapInArrow) against the CLI's bytes on 100,000 cases; installs a JRE
# and pyspark. Runs after test-python, which builds the package.
test-spark: test-python
	bash bindings-python/test-spark.sh

# The npm package: conformance vectors under Node, tsc, the playground in headless Chromium.
test-web:
	bash bindings-wasm/test.sh

# Every fuzz target for a few seconds from the committed seeds (nightly + cargo-fuzz).
fuzz-smoke:
	bash scripts/fuzz-smoke.sh 10

# The release artefacts into dist/: manylinux2014 and musllinux abi3 wheels, the sdist,
# the npm tarball with the WebAssembly prebuilt, a static musl `amends` binary
# (scripts/dist.sh installs maturin, zig and the musl target itself).
dist:
	bash scripts/dist.sh

# Builds dist/ and installs each artefact as a user without Rust would, each timed and
# held under a minute (scripts/dist-install-test.sh). Not part of `test`: it adds three
# release builds; .ci/run runs it after `make test`, reusing the wasm build of test-web.
test-dist: dist
	bash scripts/dist-install-test.sh
