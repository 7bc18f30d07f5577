//! Decoding and encoding realistic NetServer messages with the generated Services88 types,
//! each beside two Rust peers over the same bytes, in the same run:
//!
//! - `bare`: quick-xml's event loop alone (reading: every event, nothing decoded; writing:
//!   the message's events replayed into a buffer) -- the ceiling for this design;
//! - `serde`: quick-xml's serde support into hand-written equivalent structs
//!   (`messages/serde_model.rs`) -- the idiomatic Rust alternative;
//! - `sogen`: the generated types through the runtime, as a call decodes a response
//!   (`soap::parse_response`) and as it writes one.
//!
//! Messages: (a) a ChatSessionEntity with its nested carriers (two Associates, table and
//! field rights, dictionaries), (b) a GetChatMessages response of 10,000 messages, (c) a
//! 1 MB base64 blob (BLOB.GetBlobStream's `Response`: neither Chat nor CustomerService
//! carries base64Binary, so the value is the `Option<Vec<u8>>` that operation's generated
//! method decodes with `decode_response`).
//!
//! The REST wire's JSON (`messages/json.rs`): the entity and the 10,000 messages as JSON,
//! decoded and encoded by the generated types' serde impls (`json::decode_json`, as a REST
//! call reads a response) beside hand-written `#[derive(Deserialize, Serialize)]` structs
//! with serde_json (`messages/json_model.rs`), in groups `json_decode/*`, `json_encode/*`.
//!
//! `SOGEN_BENCH_MESSAGES=DIR` writes the three messages to DIR for `zeep_bench.py`.
//! Run everything with `tests/benches/run_all.sh`.
//!
//! Needs the generated Services88 types, i.e. a build from ../shared/wsdl (cfg
//! `sogen_corpus`, set by build.rs); without it the benchmark says so and measures nothing.

#[cfg(sogen_corpus)]
#[path = "messages/bench.rs"]
mod bench;
#[cfg(sogen_corpus)]
#[path = "messages/json.rs"]
mod json;
#[cfg(sogen_corpus)]
#[path = "messages/json_model.rs"]
mod json_model;
#[cfg(sogen_corpus)]
#[path = "messages/serde_model.rs"]
mod serde_model;

#[cfg(sogen_corpus)]
fn main() {
    let mut c = criterion::Criterion::default().configure_from_args();
    bench::benches(&mut c);
    json::benches(&mut c);
    c.final_summary();
}

#[cfg(not(sogen_corpus))]
fn main() {
    eprintln!("skipping: the tests package was built without ../shared/wsdl");
}
