# kubeplay: `make serve` runs the playground, `make test` runs every test.
# Both call scripts/bootstrap first, which installs only what is missing.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8080
export CHROMEDRIVER ?= /usr/bin/chromedriver

CARGO_TARGET_DIR ?= target
WASM_OUT := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/release/kubeplay_wasm.wasm
PKG := web/pkg/kubeplay_wasm_bg.wasm
BINDGEN := $(CARGO_TARGET_DIR)/wasm-bindgen
# The release wasm is built for size (see `make size`): the standard library is rebuilt with the
# profile's opt-level z and its `optimize_for_size` code (one small sort instead of driftsort for
# every sorted type), and a panic aborts at once (on wasm32-unknown-unknown its message is printed
# nowhere anyway, so the formatting machinery it would pull in is dead weight). Both are -Z flags:
# stable rustc takes them with RUSTC_BOOTSTRAP=1 and the rust-src component (scripts/bootstrap).
# LLVM inlines nothing it is not forced to (threshold 0 instead of opt-level z's 5): 2.8 KB less
# gzipped; a negative threshold (-20) made it 21 KB larger. Reference types are off so that
# wasm-bindgen keeps JS values in a JS array instead of a table of externrefs, which Debian's
# wasm-split (binaryen 108) mislabels when it rewrites the module (scripts/split-wasm.mjs).
WASM_BUILD := RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Cllvm-args=-inline-threshold=0 -Ctarget-feature=-reference-types" \
	cargo build --release --target wasm32-unknown-unknown -p kubeplay-wasm \
	-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
# wasm-opt from npm's binaryen (package-lock pins it): 132 makes a smaller module than Debian's 108.
# The features are the ones rustc enables for wasm32-unknown-unknown (reference types off); `-all`
# would switch on proposals (compact imports) that Chromium does not ship. Measured for the gzipped
# size: inlining functions that have one caller (-ocimfs) makes the code smaller but compress worse,
# and functions sorted by name put the instances of one generic function side by side.
WASM_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
	--enable-nontrapping-float-to-int --enable-multivalue
WASM_OPT := node_modules/.bin/wasm-opt -Oz -ocimfs=0 --reorder-functions-by-name --strip-debug --strip-producers \
	$(WASM_FEATURES)
WEB_SOURCES := index.html $(wildcard web/*.html web/*.css) vite.config.ts tsconfig.json package-lock.json $(shell find web/src -type f 2>/dev/null)

.PHONY: serve test bootstrap wasm web size fmt lint test-native test-wasm test-page typecheck clean fuzz bench

serve: web
	@echo "kubeplay: serving http://localhost:$(PORT)/ (Ctrl-C to stop)"
	@npx vite preview --port $(PORT) --strictPort

test: bootstrap
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p kubeplay-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
	$(MAKE) --no-print-directory test-native test-wasm web typecheck test-page

bootstrap:
	@scripts/bootstrap

test-native:
	cargo test --workspace

test-wasm:
	wasm-pack test --headless --chrome crates/kubeplay-wasm

typecheck:
	npx tsc --noEmit -p .

test-page:
	node --test --test-concurrency=1 web/e2e/

# The release wasm: cargo decides whether anything changed; wasm-bindgen, wasm-opt and the split
# run only when its output is newer than the package. The page loads the module in two parts:
# what it runs first, and the rest right after (scripts/split-wasm.mjs says how and why).
wasm: bootstrap
	$(WASM_BUILD)
	@$(MAKE) --no-print-directory $(PKG)

$(PKG): $(WASM_OUT) package-lock.json scripts/split-wasm.mjs web/src/examples.ts
	wasm-bindgen --target web --out-dir $(BINDGEN) $<
	$(WASM_OPT) $(BINDGEN)/kubeplay_wasm_bg.wasm -o $(BINDGEN)/kubeplay_wasm_bg.wasm
	node scripts/split-wasm.mjs $(BINDGEN) web/pkg $(WASM_FEATURES)

web: wasm
	@$(MAKE) --no-print-directory dist/index.html

dist/index.html: $(PKG) $(WEB_SOURCES)
	npx vite build

size: web
	@scripts/size

# A long run of the property tests (a short one is part of make test).
fuzz:
	KUBEPLAY_FUZZ_ITERATIONS=$${KUBEPLAY_FUZZ_ITERATIONS:-200000} cargo test --release -p kubeplay-tests --test fuzz -- --nocapture

# The benchmarks at their issues' sizes, natively and as wasm under Node (not part of make test;
# several minutes). Each scenario runs in a process of its own, so memory is its own peak.
# `make bench BENCH='"job 2000 200 100"'` runs others.
BENCH ?= "engine 5000 150000" "deployment 10000 500" "daemonset 5000" "replicaset 10000 100" \
	"job 10000 500 100" "cronjob 7" "manifests 10000"
BENCH_BIN := $(CARGO_TARGET_DIR)/fast/kubeplay-bench
BENCH_WASM := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/fast/kubeplay_bench.wasm
BENCH_NODE := $(CARGO_TARGET_DIR)/bench-node
BENCH_ROWS := $(CARGO_TARGET_DIR)/bench.tsv

bench: bootstrap
	cargo build --profile fast -p kubeplay-bench
	cargo build --profile fast --target wasm32-unknown-unknown -p kubeplay-bench --lib
	wasm-bindgen --target nodejs --out-dir $(BENCH_NODE) $(BENCH_WASM)
	@printf 'runtime\tscenario\tseconds\tcpu s\twork\tevents\tevents/s\tobjects\trunning\tcompleted\tmemory\tload\tnote\n' > $(BENCH_ROWS)
	@for s in $(BENCH); do \
		echo "bench: $$s (native, then Node)"; \
		$(BENCH_BIN) $$s --row | tee -a $(BENCH_ROWS); \
		node crates/kubeplay-bench/node/run.mjs $(BENCH_NODE) $$s --row | tee -a $(BENCH_ROWS); \
	done
	@echo
	@column -t -s $$'\t' $(BENCH_ROWS)

fmt:
	cargo fmt --all

lint:
	cargo clippy --workspace --all-targets -- -D warnings

clean:
	cargo clean
	rm -rf dist web/pkg
