//! The one table of names that generated code relies on, so that no schema
//! name planned into the same scope can ever shadow or collide with them.
//!
//! Each scope of a generated file reserves what that scope's code names
//! unqualified: the runtime's codegen prelude (imported by glob into every
//! file), the std prelude, the items generated beside the schema's, and the
//! locals of generated function bodies.

/// Every name `sogen_runtime::codegen` exports; generated files import it
/// with `use sogen_runtime::codegen::*;`. A test checks this list against
/// the runtime's source.
pub const PRELUDE: &[&str] = &[
    "Agent",
    "AgentInfo",
    "AnyValue",
    "As",
    "AsBase64",
    "AsBox",
    "AsFloat",
    "AsIs",
    "AsList",
    "AsMap",
    "AsOption",
    "Body",
    "Call",
    "Client",
    "DateTime",
    "Decimal",
    "DeclaredHeaders",
    "Decode",
    "DecodeError",
    "Decoders",
    "Deserialize",
    "Deserializer",
    "Dispatch",
    "Duration",
    "ElementStart",
    "Encode",
    "ExtensionData",
    "Guid",
    "ItemList",
    "JsonFields",
    "JsonObject",
    "JsonRecord",
    "Limits",
    "Map",
    "MapAccess",
    "MaybeNil",
    "Nil",
    "Nillable",
    "OperationInfo",
    "Pending",
    "QName",
    "Redacted",
    "RedactedShape",
    "RequestContext",
    "Serialize",
    "Serializer",
    "ServedOperation",
    "Service",
    "ServiceError",
    "SoapVersion",
    "XmlReader",
    "XmlWriter",
    "decode_json",
    "decode_json_as",
    "decode_list",
    "decode_map",
    "decode_nillable",
    "decode_response",
    "decode_response_with",
    "decode_void",
    "encode_items",
    "encode_list",
    "encode_map",
    "encode_nillable",
    "encode_nillable_list",
    "encode_nillable_map",
    "fmt",
    "from_json",
    "json_param",
    "json_params",
    "json_query",
    "not_implemented",
    "read_enum",
    "read_flags",
    "read_record",
    "read_variant",
    "respond",
    "respond_json",
    "to_json",
    "write_flags",
];

/// Names of Rust's prelude (and primitive types) that generated code may
/// name unqualified; a type of the same name would shadow them.
pub const STD: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Vec",
    "bool",
    "char",
    "core",
    "f32",
    "f64",
    "i128",
    "i16",
    "i32",
    "i64",
    "i8",
    "isize",
    "proptest",
    "serde",
    "sogen_runtime",
    "std",
    "str",
    "u128",
    "u16",
    "u32",
    "u64",
    "u8",
    "usize",
];

/// Modules a version module has besides its agents' (`types`, the private
/// `codec`, `json` and `arbitrary` holding trait impls, and `server` with the
/// service traits).
pub const VERSION_MODULES: &[&str] = &["types", "codec", "json", "arbitrary", "server"];

/// Methods every agent struct has besides its operations.
pub const AGENT_METHODS: &[&str] = &["new", "client"];

/// What a generated method body names besides its parameters: the
/// receiver, the writer closure's parameter (loops over a parameter
/// evaluate it before binding their own names, so those cannot clash) and
/// a service method's request context.
pub const METHOD_LOCALS: &[&str] = &["self", "w", "cx"];

/// The prelude names that `types.rs` names unqualified (field types, the
/// redacting `Debug`). The other generated files name generated types by
/// path (`types::ChatMessage`), so only these can be shadowed by a type.
pub const PRELUDE_IN_TYPES: &[&str] = &[
    "AnyValue",
    "DateTime",
    "Decimal",
    "Duration",
    "ExtensionData",
    "Guid",
    "Map",
    "QName",
    "Redacted",
    "fmt",
];

/// Names a schema type may not take in `types` (it would shadow what
/// `types.rs` names unqualified).
pub fn type_names() -> impl Iterator<Item = &'static str> {
    PRELUDE_IN_TYPES.iter().chain(STD).copied()
}

/// Names a method parameter may not take (it would shadow a local or a
/// prelude function inside the method body).
pub fn parameter_names() -> impl Iterator<Item = &'static str> {
    METHOD_LOCALS.iter().chain(PRELUDE).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list is the runtime's: every `pub use` and `pub` item of
    /// `runtime/src/codegen.rs`, no more, no less.
    #[test]
    fn prelude_matches_the_runtime_codegen_module() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime/src/codegen.rs");
        let source = std::fs::read_to_string(path).expect("the runtime sits beside codegen");
        let mut exported = std::collections::BTreeSet::new();
        let mut statement = String::new();
        for line in source.lines().map(str::trim) {
            if line.starts_with("#[cfg(test)]") {
                break;
            }
            if line.starts_with("pub use") || !statement.is_empty() {
                statement.push_str(line);
                statement.push(' ');
                if !line.ends_with(';') {
                    continue;
                }
                let body = statement.trim().trim_end_matches(';').to_owned();
                statement.clear();
                let names = body.rsplit("::").next().unwrap_or("");
                for name in names
                    .trim_matches(|c| c == '{' || c == '}' || c == ' ')
                    .split(',')
                {
                    let name = name.trim();
                    if !name.is_empty() {
                        exported.insert(name.to_owned());
                    }
                }
            } else if let Some(rest) = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub trait "))
            {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                exported.insert(name);
            }
        }
        let listed: std::collections::BTreeSet<String> =
            PRELUDE.iter().map(|s| s.to_string()).collect();
        assert_eq!(exported, listed);
        assert!(PRELUDE_IN_TYPES.iter().all(|n| PRELUDE.contains(n)));
    }
}
