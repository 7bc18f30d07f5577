//! End-to-end tests of sogen.
//!
//! `build.rs` generates Chat and CustomerService of Services86-88 (and Workflow
//! of Services88, for polymorphic values) with the
//! `Builder` into `OUT_DIR`; they are included here as a user would include
//! them, with `proptest::arbitrary::Arbitrary` impls drawing on [`arb`].
//! [`canon`] and [`seeds`] help the tests compare SOAP bodies.

/// The generated modules: `services86`, `services87`, `services88`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// Services88 Chat generated with serde derives (`Builder::serde`).
pub mod generated_serde {
    include!(concat!(env!("OUT_DIR"), "/serde/mod.rs"));
}

/// Services88 Chat as a newer server declares it (`ChatMessage` has two more fields),
/// with its server side, for the read-modify-save test.
pub mod generated_newer {
    include!(concat!(env!("OUT_DIR"), "/newer/mod.rs"));
}

pub mod arb;
pub mod canon;
pub mod seeds;
