//! The end-to-end tests, one module per subject, in one test binary (one link, not one per
//! file), over the code `build.rs` generates (see `sogen_tests`). The every-type and
//! every-operation suites (`roundtrip`, `json_roundtrip`, `xsd_validation`, `server_roundtrip`, `secrets`)
//! cover `sogen_tests::generated_props`: a few agents in `cargo test`, every agent of
//! Services86-88 with `SOGEN_TESTS_ALL_AGENTS=1` (`.ci/run`).

mod support;

mod canon;
mod json_form;
mod json_hostile;
mod json_roundtrip;
mod json_samples;
mod list_params;
mod netserver;
mod netserver_poly;
mod newer_server;
mod one_wire;
mod rest_hostile;
mod roundtrip;
mod secrets;
mod seeds;
mod server_mock;
mod server_rest;
mod server_roundtrip;
mod xsd_validation;
