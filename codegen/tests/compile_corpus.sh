#!/usr/bin/env bash
# Generates every agent of Services84-88 from ../shared/wsdl with `sogen
# generate` and compiles the result in a scratch crate (depending on
# sogen-runtime by path) with warnings and missing docs denied. Run from anywhere; CI runs it.
#
#   codegen/tests/compile_corpus.sh            # all versions, one crate
#   codegen/tests/compile_corpus.sh Services88 # one version
#   AGENTS=Chat codegen/tests/compile_corpus.sh Services88
#   SERVER=1 codegen/tests/compile_corpus.sh Services88   # with the server side (--server)
#   WIRE=soap codegen/tests/compile_corpus.sh Services88   # one wire's codec (--wire); SOAP
#                                                          # only: the runtime without `rest`
#
# Prints lines of generated code, generation time and `cargo check` time.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="$root/../shared/wsdl"
if [ ! -d "$shared" ]; then
    if [ -n "${CI:-}" ]; then
        echo "compile_corpus: CI is set but $shared is missing" >&2
        exit 1
    fi
    echo "compile_corpus: skipped, $shared not found" >&2
    exit 0
fi

target="${CARGO_TARGET_DIR:-$root/target}"
scratch="$target/sogen-corpus-check"
mkdir -p "$scratch/src"

inputs=()
if [ "$#" -eq 0 ]; then
    inputs=("$shared")
else
    for v in "$@"; do inputs+=("$shared/$v"); done
fi
agents=()
if [ -n "${AGENTS:-}" ]; then agents=(--agents "$AGENTS"); fi
features=()
if [ -n "${SERVER:-}" ]; then agents+=(--server); features+=('"server"'); fi
runtime_defaults=""
if [ -n "${WIRE:-}" ]; then agents+=(--wire "$WIRE"); fi
if [ "${WIRE:-}" = soap ]; then
    # SOAP-only output needs no JSON: the runtime without its `rest` feature.
    runtime_defaults=", default-features = false"
    features+=('"http"')
fi
features=$(IFS=,; echo "${features[*]}")

cargo build --quiet --release -p sogen-codegen --bin sogen --manifest-path "$root/Cargo.toml"
sogen="$target/release/sogen"

rm -rf "$scratch/src/generated"
start=$(date +%s.%N)
"$sogen" generate "${inputs[@]}" --out "$scratch/src/generated" "${agents[@]}"
end=$(date +%s.%N)
lines=$(find "$scratch/src/generated" -name '*.rs' -exec cat {} + | wc -l)
files=$(find "$scratch/src/generated" -name '*.rs' | wc -l)
printf 'generated %s lines in %s files in %.2f s\n' "$lines" "$files" "$(awk "BEGIN{print $end - $start}")"

cat > "$scratch/Cargo.toml" <<TOML
[package]
name = "sogen-corpus-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
sogen-runtime = { path = "$root/runtime"$runtime_defaults, features = [$features] }

[workspace]
TOML
cp "$root/Cargo.lock" "$scratch/Cargo.lock"

# Dependencies first, so the timing below is the generated code alone.
echo '//! Scratch crate.
/// Nothing yet.
pub mod generated {}' > "$scratch/src/lib.rs"
RUSTFLAGS="-D warnings -D missing_docs" cargo check --quiet --manifest-path "$scratch/Cargo.toml" --target-dir "$scratch/target"
# A fresh write (new mtime) so cargo sees the change.
sleep 1
echo '//! Scratch crate.
/// The generated modules.
pub mod generated;' > "$scratch/src/lib.rs"

start=$(date +%s.%N)
RUSTFLAGS="-D warnings -D missing_docs" cargo check --quiet --manifest-path "$scratch/Cargo.toml" --target-dir "$scratch/target"
end=$(date +%s.%N)
printf 'cargo check (warnings denied) of the generated code: %.1f s\n' "$(awk "BEGIN{print $end - $start}")"

# Users run clippy on crates that include generated code: keep it clean too.
RUSTFLAGS="-D warnings -D missing_docs" cargo clippy --quiet --manifest-path "$scratch/Cargo.toml" --target-dir "$scratch/target"
echo "cargo clippy of the generated code: clean"
