//! Generating all 166 WSDL files of Services86, 87 and 88: read + plan + emit (formatted
//! Rust for every agent and type, in memory), the whole of `Builder::generate`.
//!
//! `cargo bench -p sogen-codegen --bench generate`; `tests/benches/run_all.sh` sets it
//! beside zeep loading the same files. Needs `../shared/wsdl`; without it the benchmark
//! says so and measures nothing.

#[path = "../tests/it/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use sogen_codegen::Builder;

fn generate(c: &mut Criterion) {
    let Some(root) = common::corpus("") else {
        return;
    };
    let dirs = ["Services86", "Services87", "Services88"].map(|v| root.join(v));
    let builder = dirs
        .iter()
        .fold(Builder::new(), |b, d| b.input(d))
        .cargo_output(false);
    let files = builder.generate().expect("the corpus generates");
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    eprintln!("{} files, {lines} lines of Rust", files.len());
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("services86-88", |b| {
        b.iter(|| builder.generate().expect("the corpus generates"))
    });
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
