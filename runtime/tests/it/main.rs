//! The runtime's integration tests, one module per subject, in one test binary (one link,
//! not one per file). Modules that need a feature say so in their first line
//! (`#![cfg(feature = "http")]`). The tests that install a process-wide `tracing`
//! subscriber first thing (`tracing.rs`, `session_tracing.rs`, `online_tracing.rs`,
//! `wire_log.rs`) are binaries of their own beside this one.

// What several modules share.
#[cfg(feature = "http")]
mod floods;
#[cfg(feature = "online")]
mod online_common;
#[cfg(feature = "http")]
mod session_common;

mod call_options;
mod dates;
mod decode_time;
mod envelope;
mod http;
mod online_keys;
mod online_system_user;
mod online_tenant;
mod primitives;
mod reader;
mod redirect;
mod rest;
mod seeds;
mod server;
mod session;
mod session_online;
mod session_rest;
mod transport;
