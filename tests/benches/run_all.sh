#!/usr/bin/env bash
# Every figure of BENCHMARKS.md from one run: the criterion benches (messages: sogen,
# quick-xml events, quick-xml serde; generate: the corpus through the codegen library),
# then zeep on the same message bytes and WSDL files, then the table with the ratios.
#
#   pip install zeep && tests/benches/run_all.sh
#
# Needs ../shared/wsdl (the official WSDL). CARGO_TARGET_DIR is honoured.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
SOGEN_BENCH_MESSAGES="$work" cargo bench -p sogen-tests --bench messages -- "$@"
cargo bench -p sogen-codegen --bench generate -- "$@"
python3 tests/benches/zeep_bench.py --messages "$work" --json "$work/zeep.json"
python3 tests/benches/report.py --criterion "$CARGO_TARGET_DIR/criterion" --zeep "$work/zeep.json"
