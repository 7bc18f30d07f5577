//! The REST wire's JSON beside hand-written derived structs (see `messages.rs`).
//!
//! Groups `json_decode/<message>` and `json_encode/<message>`, message `entity` or
//! `messages`, contenders:
//! - `derive`: serde_json with the `#[derive]` structs of `json_model.rs`;
//! - `sogen`: the generated types: decoding as a REST call reads a response
//!   (`json::decode_json`: limits, duplicate members, unknown members kept), encoding with
//!   `serde_json::to_vec`;
//! - `sogen_serde_json`: decoding the generated types with plain `serde_json::from_slice`
//!   (no limits context), to show what `decode_json` adds.
//!
//! The XML codec on the same values is `decode/<message>/sogen` and
//! `encode/<message>/sogen` of the same run.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use sogen_runtime::json::decode_json;
use sogen_tests::generated::services88::types::{ChatMessage, ChatSessionEntity};

use crate::bench::{entity, limits, messages};
use crate::json_model;

fn decode<T: serde::de::DeserializeOwned + Default>(bytes: &[u8]) -> T {
    decode_json(bytes, &limits(), None).expect("decodes")
}

fn derive<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("derive decodes")
}

/// Every contender reads the same data, and writes the same members.
fn sanity(entity_json: &[u8], messages_json: &[u8]) {
    let e: Option<ChatSessionEntity> = decode(entity_json);
    assert_eq!(e, Some(entity()));
    let d: json_model::ChatSessionEntity = derive(entity_json);
    assert_eq!(d.field_properties.as_ref().map(|m| m.len()), Some(12));
    assert_eq!(d.customer_name.as_deref(), Some("Ola & Kari Nordmann"));
    let same = |a: &[u8], b: &[u8]| {
        let a: serde_json::Value = serde_json::from_slice(a).unwrap();
        let b: serde_json::Value = serde_json::from_slice(b).unwrap();
        assert_eq!(a, b, "both write the same JSON");
    };
    same(&serde_json::to_vec(&d).unwrap(), entity_json);

    let m: Vec<Option<ChatMessage>> = decode(messages_json);
    assert_eq!(m, messages().into_iter().map(Some).collect::<Vec<_>>());
    let d: Vec<json_model::ChatMessage> = derive(messages_json);
    assert_eq!(d[9_999].message, m[9_999].as_ref().unwrap().message);
    let written = serde_json::to_vec(&d).unwrap();
    same(&written, messages_json);
    assert_eq!(written.len(), messages_json.len());
}

pub fn benches(c: &mut Criterion) {
    let entity_v = Some(entity());
    let messages_v: Vec<Option<ChatMessage>> = messages().into_iter().map(Some).collect();
    let entity_json = serde_json::to_vec(&entity_v).unwrap();
    let messages_json = serde_json::to_vec(&messages_v).unwrap();
    sanity(&entity_json, &messages_json);
    let entity_d: json_model::ChatSessionEntity = derive(&entity_json);
    let messages_d: Vec<json_model::ChatMessage> = derive(&messages_json);
    // `SOGEN_BENCH_PROFILE=json_decode/entity/sogen:N` and the like: N runs for callgrind
    // (see `bench::profile`).
    if let Ok(spec) = std::env::var("SOGEN_BENCH_PROFILE") {
        let Some((what, n)) = spec.split_once(':').filter(|(w, _)| w.starts_with("json")) else {
            return;
        };
        let n: usize = n.parse().expect("N is a count");
        for _ in 0..n {
            match what {
                "json_decode/entity/derive" => {
                    drop(black_box(derive::<json_model::ChatSessionEntity>(
                        black_box(&entity_json),
                    )))
                }
                "json_decode/entity/sogen" => drop(black_box(decode::<Option<ChatSessionEntity>>(
                    black_box(&entity_json),
                ))),
                "json_decode/messages/derive" => {
                    drop(black_box(derive::<Vec<json_model::ChatMessage>>(
                        black_box(&messages_json),
                    )))
                }
                "json_decode/messages/sogen" => drop(black_box(
                    decode::<Vec<Option<ChatMessage>>>(black_box(&messages_json)),
                )),
                "json_encode/entity/derive" => {
                    drop(black_box(serde_json::to_vec(black_box(&entity_d))))
                }
                "json_encode/entity/sogen" => {
                    drop(black_box(serde_json::to_vec(black_box(&entity_v))))
                }
                "json_encode/messages/derive" => {
                    drop(black_box(serde_json::to_vec(black_box(&messages_d))))
                }
                "json_encode/messages/sogen" => {
                    drop(black_box(serde_json::to_vec(black_box(&messages_v))))
                }
                other => panic!("unknown profile target {other}"),
            }
        }
        eprintln!("profiled {what} x{n}");
        return;
    }

    let mut g = c.benchmark_group("json_decode/entity");
    g.throughput(Throughput::Bytes(entity_json.len() as u64));
    g.bench_function("derive", |b| {
        b.iter(|| derive::<json_model::ChatSessionEntity>(black_box(&entity_json)))
    });
    g.bench_function("sogen", |b| {
        b.iter(|| decode::<Option<ChatSessionEntity>>(black_box(&entity_json)))
    });
    g.bench_function("sogen_serde_json", |b| {
        b.iter(|| derive::<Option<ChatSessionEntity>>(black_box(&entity_json)))
    });
    g.finish();

    let mut g = c.benchmark_group("json_decode/messages");
    g.throughput(Throughput::Bytes(messages_json.len() as u64));
    g.sample_size(20);
    g.bench_function("derive", |b| {
        b.iter(|| derive::<Vec<json_model::ChatMessage>>(black_box(&messages_json)))
    });
    g.bench_function("sogen", |b| {
        b.iter(|| decode::<Vec<Option<ChatMessage>>>(black_box(&messages_json)))
    });
    g.bench_function("sogen_serde_json", |b| {
        b.iter(|| derive::<Vec<Option<ChatMessage>>>(black_box(&messages_json)))
    });
    g.finish();

    let mut g = c.benchmark_group("json_encode/entity");
    g.throughput(Throughput::Bytes(entity_json.len() as u64));
    g.bench_function("derive", |b| {
        b.iter(|| serde_json::to_vec(black_box(&entity_d)).unwrap())
    });
    g.bench_function("sogen", |b| {
        b.iter(|| serde_json::to_vec(black_box(&entity_v)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("json_encode/messages");
    g.throughput(Throughput::Bytes(messages_json.len() as u64));
    g.sample_size(20);
    g.bench_function("derive", |b| {
        b.iter(|| serde_json::to_vec(black_box(&messages_d)).unwrap())
    });
    g.bench_function("sogen", |b| {
        b.iter(|| serde_json::to_vec(black_box(&messages_v)).unwrap())
    });
    g.finish();
}
