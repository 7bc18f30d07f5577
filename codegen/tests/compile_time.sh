#!/usr/bin/env bash
# Compile time of the code two generator revisions emit for all of Services88: `cargo
# check` and `cargo build` (debug) of one scratch crate each, against the runtime of this
# checkout, runs interleaved so both see the same machine. Prints lines, CPU and wall
# seconds. Not a test (it takes minutes); BENCHMARKS.md quotes its output.
#
#   codegen/tests/compile_time.sh OLD_REV [NEW_REV] [RUNS]   (NEW_REV default: the working tree)
#
# SOGEN_NEW_ARGS adds generation options for the new revision (such as `--wire soap`);
# SOGEN_MODES picks what is timed (default `check build`).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="$root/../shared/wsdl/Services88"
old_rev=${1:?usage: compile_time.sh OLD_REV [NEW_REV] [RUNS]}
new_rev=${2:-}
runs=${3:-2}
work="${CARGO_TARGET_DIR:-$root/target}/sogen-compile-time"
mkdir -p "$work"

# A sogen binary of revision $1 (or of the working tree when empty).
sogen_of() {
    local rev=$1 dir
    if [ -z "$rev" ]; then
        cargo build -q --release -p sogen-codegen --bin sogen --manifest-path "$root/Cargo.toml"
        echo "$root/target/release/sogen"
        return
    fi
    dir="$work/src-$rev"
    if [ ! -d "$dir" ]; then
        git -C "$root" worktree add -q --detach "$dir" "$rev"
    fi
    cargo build -q --release -p sogen-codegen --bin sogen --manifest-path "$dir/Cargo.toml" \
        --target-dir "$work/target-gen"
    cp "$work/target-gen/release/sogen" "$work/sogen-$rev"
    echo "$work/sogen-$rev"
}

# A scratch crate named $1 holding what $2 generates (with the options $3).
scratch() {
    local name=$1 bin=$2 options=${3:-} dir="$work/$1"
    rm -rf "$dir/src"
    mkdir -p "$dir/src"
    # shellcheck disable=SC2086 # options are words
    "$bin" generate "$shared" --out "$dir/src/generated" $options >/dev/null 2>&1
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "ct-$name"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
sogen-runtime = { path = "$root/runtime" }
[workspace]
TOML
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    echo '//! Scratch crate.
pub mod generated {}' > "$dir/src/lib.rs"
    cargo build -q --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target"
    cargo check -q --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target"
    echo '//! Scratch crate.
#[allow(missing_docs)]
pub mod generated;' > "$dir/src/lib.rs"
    echo "$name: $(find "$dir/src/generated" -name '*.rs' -exec cat {} + | wc -l) lines"
}

time_one() {
    local name=$1 mode=$2 dir="$work/$1"
    touch "$dir/src/lib.rs"
    /usr/bin/time -f "%U %S %e" cargo "$mode" -q --manifest-path "$dir/Cargo.toml" \
        --target-dir "$dir/target" 2>&1 >/dev/null | tail -1 |
        awk -v n="$name" -v m="$mode" '{ printf "%-4s %-6s cpu %6.1f s  wall %6.1f s\n", n, m, $1 + $2, $3 }'
}

old_bin=$(sogen_of "$old_rev")
new_bin=$(sogen_of "$new_rev")
scratch old "$old_bin"
scratch new "$new_bin" "${SOGEN_NEW_ARGS:-}"
for mode in ${SOGEN_MODES:-check build}; do
    for _ in $(seq "$runs"); do
        time_one old "$mode"
        time_one new "$mode"
    done
done
