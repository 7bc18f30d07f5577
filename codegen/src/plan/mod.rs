//! The plan: what to emit, with every Rust name decided.
//!
//! Built from the [`crate::model`] by [`plan`]; plain data the emitter turns
//! into code without looking back at the model. Names are chosen over a whole
//! version (independent of which agents are selected), so selecting agents
//! never renames a type.

mod agents;
mod build;
pub mod names;
mod reach;

use crate::model::{Builtin, SoapVersion};

pub use build::{plan, PlanError};

/// What to plan.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Agent names (`Chat`, `CustomerService`) to emit; empty means all.
    pub agents: Vec<String>,
}

/// Everything to emit, one entry per version.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Sorted by module name.
    pub versions: Vec<VersionPlan>,
}

/// One version's module (`services88`).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionPlan {
    /// `Services88`.
    pub name: String,
    /// `services88`.
    pub module: String,
    /// The WSDL target namespace.
    pub namespace: String,
    /// The types to emit into `types.rs`, sorted by Rust name.
    pub types: Vec<TypeItem>,
    /// The agents to emit, sorted by module name.
    pub agents: Vec<AgentPlan>,
}

/// One generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeItem {
    /// A struct.
    Record(RecordPlan),
    /// An enumeration with an `Unknown(String)` fallback.
    Enum(EnumPlan),
    /// A whitespace-separated set of enumeration values (`xs:list`).
    Flags(FlagsPlan),
    /// An enum over a base type and the types derived from it.
    Poly(PolyPlan),
}

impl TypeItem {
    /// The item's Rust name.
    pub fn rust(&self) -> &str {
        match self {
            TypeItem::Record(r) => &r.rust,
            TypeItem::Enum(e) => &e.rust,
            TypeItem::Flags(f) => &f.rust,
            TypeItem::Poly(p) => &p.rust,
        }
    }
}

/// A struct for a complex type (inherited fields flattened, base first) or
/// for a response wrapper with more than a `Response` child.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordPlan {
    /// Rust name.
    pub rust: String,
    /// XML namespace and name of the type (or wrapper element).
    pub xml_ns: String,
    /// XML name.
    pub xml_name: String,
    /// The base chain, nearest first (for docs).
    pub bases: Vec<String>,
    /// Fields in wire order.
    pub fields: Vec<FieldPlan>,
    /// Whether a polymorphic enum writes this record's fields after its own
    /// typed start tag (needs a separate `encode_fields`).
    pub in_poly: bool,
}

/// One struct field or one operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    /// Rust identifier (escaped).
    pub rust: String,
    /// Element name on the wire.
    pub xml_name: String,
    /// Element namespace on the wire.
    pub xml_ns: String,
    /// Rust type and wire shape.
    pub ty: RustTy,
}

/// A Rust type together with how it sits on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum RustTy {
    /// A runtime primitive.
    Prim(Builtin),
    /// A generated type in `types`.
    Named(String),
    /// `Option<T>`: `xsi:nil` when `None`.
    Option(Box<RustTy>),
    /// `Box<T>`: breaks a cycle of directly contained types.
    Boxed(Box<RustTy>),
    /// `Vec<T>` written as a wrapper element holding one element per item.
    List {
        /// Item element namespace.
        item_ns: String,
        /// Item element name.
        item_name: String,
        /// Item type.
        item: Box<RustTy>,
    },
    /// `Vec<(K, V)>` written as a wrapper of entry elements with Key and Value.
    Map {
        /// Entry element namespace (also of Key and Value).
        entry_ns: String,
        /// Entry element name.
        entry_name: String,
        /// Key type.
        key: Box<RustTy>,
        /// Value type.
        value: Box<RustTy>,
    },
    /// `Vec<T>` written as the same element repeated in place.
    Repeated(Box<RustTy>),
}

/// An enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumPlan {
    /// Rust name.
    pub rust: String,
    /// XML name of the simple type.
    pub xml_name: String,
    /// Variants in schema order.
    pub variants: Vec<VariantPlan>,
    /// The fallback variant's name (`Unknown`, unless a value took it).
    pub unknown: String,
}

/// One enumeration value.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantPlan {
    /// Rust variant name.
    pub rust: String,
    /// Value on the wire.
    pub xml: String,
    /// The `EnumerationValue` annotation.
    pub value: Option<i64>,
}

/// A flag set: a list type over an item enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagsPlan {
    /// Rust name of the set.
    pub rust: String,
    /// XML name of the list type.
    pub xml_name: String,
    /// The item enumeration (emitted alongside).
    pub item: EnumPlan,
}

/// An enum over a base type and its derived types, told apart by `xsi:type`.
#[derive(Debug, Clone, PartialEq)]
pub struct PolyPlan {
    /// Rust name of the enum.
    pub rust: String,
    /// XML name of the base type.
    pub xml_name: String,
    /// The base first, then derived types sorted by XML name.
    pub variants: Vec<PolyVariant>,
}

/// One variant of a polymorphic enum.
#[derive(Debug, Clone, PartialEq)]
pub struct PolyVariant {
    /// Variant name (the record's Rust name).
    pub rust: String,
    /// The record's Rust type name.
    pub record: String,
    /// `xsi:type` namespace.
    pub xml_ns: String,
    /// `xsi:type` local name.
    pub xml_name: String,
}

/// One agent module.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentPlan {
    /// The portType name, `Chat`.
    pub name: String,
    /// Module name, `chat`.
    pub module: String,
    /// Struct name, `ChatAgent`.
    pub rust: String,
    /// Endpoint file relative to the version's base URL, `Chat.svc`.
    pub service_path: String,
    /// Operations in document order.
    pub operations: Vec<OperationPlan>,
}

/// One operation: a method and its `OperationInfo`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPlan {
    /// Operation name, `AddChatMessage`.
    pub name: String,
    /// Method name, `add_chat_message`.
    pub method: String,
    /// Name of the `OperationInfo` constant, `ADD_CHAT_MESSAGE`.
    pub constant: String,
    /// The SOAPAction.
    pub action: String,
    /// SOAP version of the binding.
    pub soap: SoapVersion,
    /// Request wrapper element namespace.
    pub request_ns: String,
    /// Request wrapper element name.
    pub request_name: String,
    /// The wrapper's fields, as parameters.
    pub params: Vec<FieldPlan>,
    /// The request headers the binding declares.
    pub headers: RequestHeaders,
    /// What the call returns.
    pub response: ResponsePlan,
    /// `wsdl:documentation`, if any.
    pub documentation: Option<String>,
}

/// Which of NetServer's request headers an operation's binding declares
/// (the runtime sends only these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestHeaders {
    /// `ApplicationToken`.
    pub application_token: bool,
    /// `Credentials`.
    pub credentials: bool,
    /// `TimeZone`.
    pub time_zone: bool,
}

impl RequestHeaders {
    /// The headers among `parts` (the input message's header parts), by element name.
    pub fn declared(parts: &[crate::model::Part]) -> Self {
        let has = |name: &str| parts.iter().any(|p| p.element.name == name);
        RequestHeaders {
            application_token: has("ApplicationToken"),
            credentials: has("Credentials"),
            time_zone: has("TimeZone"),
        }
    }

    /// Whether all three are declared, as for nearly every operation.
    pub fn all(&self) -> bool {
        self.application_token && self.credentials && self.time_zone
    }
}

/// How a response is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponsePlan {
    /// No content (or no output message): `()`.
    Void,
    /// The content of the wrapper's single `Response` child.
    Content(RustTy),
    /// The whole wrapper, decoded as the named record (several children).
    Wrapper(String),
}
