//! What generated code uses, in one place (as tonic's `codegen` module): every generated
//! file starts with `use sogen_runtime::codegen::*;` and names nothing else of the runtime.
//!
//! Not part of the public API: it changes together with the generator. The generator
//! reserves every name exported here (see `sogen_codegen::plan::reserved`), so a schema
//! type, field or parameter can never shadow one of them.

pub use std::fmt;

pub use crate::call::{decode_response, decode_response_with, decode_void, Body, Call, Decoders};
pub use crate::client::{Agent, Client, DeclaredHeaders, OperationInfo};
pub use crate::codec::{
    decode_list, decode_map, decode_nillable, encode_items, encode_list, encode_map,
    encode_nillable, encode_nillable_list, encode_nillable_map, Decode, DecodeError, ElementStart,
    Encode, ItemList, MaybeNil, Nil, Nillable, XmlReader, XmlWriter,
};
#[cfg(feature = "rest")]
pub use crate::json::{
    decode_json, decode_json_as, from_json, json_param, json_params, json_query, read_enum,
    read_flags, read_record, read_variant, respond_json, to_json, write_flags, As, AsBase64, AsBox,
    AsFloat, AsIs, AsList, AsMap, AsOption, JsonFields, JsonObject, JsonRecord,
};
pub use crate::server::{
    not_implemented, respond, AgentInfo, Dispatch, Pending, RequestContext, ServedOperation,
    Service, ServiceError,
};
pub use crate::soap::SoapVersion;
pub use crate::types::{AnyValue, DateTime, Decimal, Duration, ExtensionData, Guid, Map, QName};
#[cfg(feature = "rest")]
pub use crate::Limits;
#[cfg(feature = "rest")]
pub use serde::{de::MapAccess, Deserialize, Deserializer, Serialize, Serializer};

/// Shows a secret field as `[redacted]` in a generated `Debug` impl, keeping whether it was
/// absent: `None` stays `None`, an empty string stays `""`.
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl<T: RedactedShape + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.redacted(f)
    }
}

/// How a secret value shows when redacted: its shape (absent, empty, how many items), never
/// its content.
pub trait RedactedShape {
    /// Writes the redacted form.
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl RedactedShape for str {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("[redacted]")
        }
    }
}

impl RedactedShape for String {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().redacted(f)
    }
}

impl RedactedShape for [u8] {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            f.write_str("[]")
        } else {
            f.write_str("[redacted]")
        }
    }
}

impl<T: RedactedShape + ?Sized> RedactedShape for Box<T> {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).redacted(f)
    }
}

impl RedactedShape for Vec<u8> {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().redacted(f)
    }
}

impl<T: RedactedShape> RedactedShape for Option<T> {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(v) => {
                f.write_str("Some(")?;
                v.redacted(f)?;
                f.write_str(")")
            }
        }
    }
}

impl RedactedShape for Vec<String> {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} redacted]", self.len())
    }
}

impl RedactedShape for Vec<Option<String>> {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} redacted]", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_the_shape_and_hides_the_content() {
        let show = |v: &dyn Fn(&mut fmt::Formatter<'_>) -> fmt::Result| {
            struct D<'a>(&'a dyn Fn(&mut fmt::Formatter<'_>) -> fmt::Result);
            impl fmt::Debug for D<'_> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    (self.0)(f)
                }
            }
            format!("{:?}", D(v))
        };
        let ticket = Some("7T:secret".to_string());
        assert_eq!(
            show(&|f| fmt::Debug::fmt(&Redacted(&ticket), f)),
            "Some([redacted])"
        );
        let none: Option<String> = None;
        assert_eq!(show(&|f| fmt::Debug::fmt(&Redacted(&none), f)), "None");
        let empty = String::new();
        assert_eq!(show(&|f| fmt::Debug::fmt(&Redacted(&empty), f)), "\"\"");
        let key = vec![1u8, 2, 3];
        assert_eq!(show(&|f| fmt::Debug::fmt(&Redacted(&key), f)), "[redacted]");
        let many = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            show(&|f| fmt::Debug::fmt(&Redacted(&many), f)),
            "[2 redacted]"
        );
    }
}
