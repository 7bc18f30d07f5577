//! The code `build.rs` generated, for the tests' mock NetServers (the programs include it
//! themselves, as a one-file program would). It builds without the runtime's `server`
//! feature, which only the tests enable (`[dev-dependencies]`): the service traits need
//! nothing of it; serving them does.

/// `services86`, `services87`, `services88`: agents, types and service traits.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
