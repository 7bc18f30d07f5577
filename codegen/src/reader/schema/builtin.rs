//! XML Schema and Serialization built-in types -> [`Builtin`].

use crate::model::{Builtin, QName, SER_NS, XS_NS};

/// Maps an XML Schema or Serialization built-in to a [`Builtin`].
///
/// `None` for a name of those namespaces the reader does not support.
/// The string-derived XML Schema types (`token`, `ID`, ...) read as strings.
pub fn builtin(q: &QName) -> Option<Builtin> {
    let n = q.name.as_str();
    if q.namespace == SER_NS {
        return match n {
            "guid" => Some(Builtin::Guid),
            "char" => Some(Builtin::Char),
            "duration" => Some(Builtin::Duration),
            _ => None,
        };
    }
    if q.namespace != XS_NS {
        return None;
    }
    Some(match n {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "NMTOKEN"
        | "ID" | "IDREF" | "ENTITY" => Builtin::String,
        "boolean" => Builtin::Boolean,
        "byte" => Builtin::Byte,
        "short" => Builtin::Short,
        "int" => Builtin::Int,
        "long" => Builtin::Long,
        "unsignedByte" => Builtin::UnsignedByte,
        "unsignedShort" => Builtin::UnsignedShort,
        "unsignedInt" => Builtin::UnsignedInt,
        "unsignedLong" => Builtin::UnsignedLong,
        "float" => Builtin::Float,
        "double" => Builtin::Double,
        "decimal" => Builtin::Decimal,
        "dateTime" => Builtin::DateTime,
        "duration" => Builtin::Duration,
        "base64Binary" => Builtin::Base64Binary,
        "anyURI" => Builtin::AnyUri,
        "QName" => Builtin::QName,
        "anyType" => Builtin::AnyType,
        _ => return None,
    })
}

/// Whether `q` is one of the Serialization namespace's simple types that the
/// model treats as built-ins (their definitions are not kept as named types).
pub(super) fn is_ser_builtin(q: &QName) -> bool {
    q.namespace == SER_NS && builtin(q).is_some()
}

/// XML Schema built-ins that exist but that the reader does not map.
pub(super) const XS_UNSUPPORTED: &[&str] = &[
    "anySimpleType",
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "date",
    "time",
    "gYear",
    "gYearMonth",
    "gMonth",
    "gMonthDay",
    "gDay",
    "hexBinary",
    "NOTATION",
    "IDREFS",
    "ENTITIES",
    "NMTOKENS",
];
