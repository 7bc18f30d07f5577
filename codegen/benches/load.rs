//! Loading all 166 WSDL files of Services86, 87 and 88 into the model:
//! file reading, XML parsing, schema conversion and merging. Beside it, the
//! floor: roxmltree parsing the same texts, already in memory, on one thread.
//!
//! `cargo bench -p sogen-codegen --bench load`. Needs `../shared/wsdl`;
//! without it the benchmark says so and measures nothing.

#[path = "../tests/it/common/mod.rs"]
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

/// A hostile WSDL: a `complexContent/extension` chain 10,000 deep (2.2 MB),
/// refused at the depth limit. Inheritance is linear in the types, so this
/// costs about what parsing the file does.
fn deep_inheritance(c: &mut Criterion) {
    let tns = "http://example.com/ws/Services1";
    let mut schema = String::from(
        r#"<xs:complexType name="T0"><xs:sequence><xs:element name="F0" type="xs:int"/></xs:sequence></xs:complexType>"#,
    );
    for i in 1..=10_000 {
        schema.push_str(&format!(
            r#"<xs:complexType name="T{i}"><xs:complexContent><xs:extension base="tns:T{}"><xs:sequence><xs:element name="F{i}" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
            i - 1
        ));
    }
    let text = format!(
        r#"<wsdl:definitions targetNamespace="{tns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="{tns}"><wsdl:types><xs:schema targetNamespace="{tns}" elementFormDefault="qualified" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{tns}">{schema}</xs:schema></wsdl:types></wsdl:definitions>"#
    );
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    group.bench_function("inheritance chain 10000 deep (refused)", |b| {
        b.iter(|| reader::read_str("deep.wsdl", &text).expect_err("deeper than the limit"))
    });
    group.finish();
}

criterion_group!(benches, load, deep_inheritance);
criterion_main!(benches);
