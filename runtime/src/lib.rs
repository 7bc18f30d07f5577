//! `sogen-runtime`: what sogen-generated SuperOffice clients call.
//!
//! - [`codec`]: the streaming XML codec ([`XmlReader`], [`XmlWriter`], [`Encode`], [`Decode`])
//!   and the primitive types ([`Decimal`], [`DateTime`], [`Duration`], [`Guid`], [`QName`],
//!   [`AnyValue`]).
#![warn(missing_docs)]

pub mod codec;
mod types;

pub use codec::{
    decode_list, decode_map, encode_list, encode_map, Decode, DecodeError, DecodeErrorKind,
    ElementStart, Encode, Limits, Position, XmlReader, XmlWriter, XSD_NS, XSI_NS,
};
pub use types::*;
