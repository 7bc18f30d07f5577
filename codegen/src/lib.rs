//! `sogen-codegen`: turns SuperOffice NetServer WSDL into typed Rust clients.
//!
//! The pipeline runs one way: [`reader`] parses WSDL files into the plain-data
//! [`model`] (one resolved type universe per service version); later stages
//! plan Rust names and emit code from that model without reaching back.

pub mod diff;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod model;
pub mod reader;
