//! End-to-end tests of sogen.
//!
//! `build.rs` generates with the `Builder` into `OUT_DIR`, included here as a user would
//! include it: [`generated`], the agents the tests call; [`generated_props`], the agents
//! the every-type and every-operation suites cover, with `proptest::arbitrary::Arbitrary`
//! impls drawing on [`arb`]; variants of Services88 Chat ([`generated_newer`], one wire
//! only: [`generated_soap_only`], [`generated_rest_only`]); and [`generated_shapes`], one
//! operation per REST request shape. [`canon`] and [`seeds`] help the tests compare bodies.

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

/// Services88 Chat as a newer server declares it (`ChatMessage` has two more fields),
/// with its server side, for the read-modify-save test.
pub mod generated_newer {
    include!(concat!(env!("OUT_DIR"), "/newer/mod.rs"));
}

/// Services88 Chat generated for the SOAP wire only (`Builder::wire(Wire::Soap)`).
pub mod generated_soap_only {
    include!(concat!(env!("OUT_DIR"), "/soap_only/mod.rs"));
}

/// Services88 Chat generated for the REST wire only (`Builder::wire(Wire::Rest)`).
pub mod generated_rest_only {
    include!(concat!(env!("OUT_DIR"), "/rest_only/mod.rs"));
}

/// Services99 Contact (`tests/wsdl/Services99/Contact.wsdl`): one operation per REST
/// request shape, with its server side.
pub mod generated_shapes {
    include!(concat!(env!("OUT_DIR"), "/shapes/mod.rs"));
}

pub mod arb;
pub mod canon;
pub mod seeds;
