//! End-to-end tests of sogen.
//!
//! `build.rs` generates with the `Builder` into `OUT_DIR`, included here as a user would
//! include it: [`generated`], the agents the tests call; [`generated_props`], the agents
//! the every-type and every-operation suites cover, with `proptest::arbitrary::Arbitrary`
//! impls drawing on [`arb`]; and two variants of Services88 Chat ([`generated_serde`],
//! [`generated_newer`]). [`canon`] and [`seeds`] help the tests compare SOAP bodies.

/// The generated clients: `services86`, `services87`, `services88` (Chat and
/// CustomerService; Workflow and SoPrincipal of Services88 with the corpus), `services98`,
/// `services99`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// What the property suites cover, with `Arbitrary` impls and the server side: Services88
/// Chat and SoPrincipal, `services98` and `services99`; every agent of Services86-88 with
/// `SOGEN_TESTS_ALL_AGENTS=1`.
pub mod generated_props {
    include!(concat!(env!("OUT_DIR"), "/props/mod.rs"));
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
