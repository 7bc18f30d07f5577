//! sogen-codegen's integration tests, one module per subject, in one test binary (one
//! link, not one per file). The modules that run the `sogen` binary need feature `cli`
//! (on by default); the goldens they compare with are `tests/expected*/`.

// What several modules share.
mod common;
mod reader_util;
#[cfg(feature = "cli")]
mod schema_util;

mod diff_corpus;
mod diff_kinds;
mod fetch_http;
#[cfg(feature = "cli")]
mod generate_cli;
mod generate_names;
mod generate_output;
mod generate_plan;
mod output_full_disk;
mod plan_json;
#[cfg(feature = "cli")]
mod reader_cli;
mod reader_constructs;
mod reader_corpus;
mod reader_errors;
mod reader_mutations;
#[cfg(feature = "cli")]
mod readme_cli;
