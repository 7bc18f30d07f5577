//! `sogen-codegen`: turns SuperOffice NetServer WSDL into typed Rust clients.
//!
//! The pipeline runs one way: [`reader`] parses WSDL files into the plain-data
//! [`model`] (one resolved type universe per service version); later stages
//! plan Rust names and emit code from that model without reaching back.

pub mod builder;
pub mod config;
pub mod diff;
pub mod docs;
pub mod emit;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod model;
pub mod output;
mod par;
pub mod plan;
pub mod reader;

pub use builder::{Builder, Error};
pub use config::{Config, Layout, Wire};
