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
