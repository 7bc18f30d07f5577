//! Loading all 166 WSDL files of Services86, 87 and 88 into the model:
//! file reading, XML parsing, schema conversion and merging. Beside it, the
//! floor: roxmltree parsing the same texts, already in memory, on one thread.
//!
//! `cargo bench -p sogen-codegen --bench load`. Needs `../shared/wsdl`;
//! without it the benchmark says so and measures nothing.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use sogen_codegen::reader;

fn load(c: &mut Criterion) {
    let Some(root) = common::corpus("") else {
        return;
    };
    let dirs = ["Services86", "Services87", "Services88"].map(|v| root.join(v));
    let files = reader::find_wsdl_files(&dirs).expect("corpus folders");
    assert_eq!(files.len(), 166);
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("readable"))
        .collect();
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("services86-88 (166 files)", |b| {
        b.iter(|| {
            let model = reader::read_paths(&dirs).expect("corpus loads");
            assert_eq!(model.versions.len(), 3);
            model
        })
    });
    group.bench_function("roxmltree parse only, one thread", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    roxmltree::Document::parse(t)
                        .expect("well-formed")
                        .descendants()
                        .count()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
