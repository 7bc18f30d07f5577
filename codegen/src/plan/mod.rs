//! The plan: what to emit, with every Rust name and type decided.
//!
//! Built from the [`crate::model`] by [`plan()`]; plain data that the emitter,
//! `sogen diff` and `sogen inspect --plan` read without looking back at the
//! model: it is the single source of what the generated Rust API is. Names
//! are chosen over a whole version (independent of which agents are
//! selected), so selecting agents never renames a type.
//!
//! Stages, one module each: [`names`] (case conversion, escaping, the
//! collision registry) and [`reserved`] (names generated code relies on);
//! `mapping` (schema type -> [`RustTy`]); `types` (type items); `agents`
//! (agents, operations and their response wrappers); `reach` (boxing of
//! cycles, reachability); `version` (one version, start to end).

mod agents;
mod error;
#[cfg(feature = "json")]
pub mod json;
mod mapping;
pub mod names;
mod reach;
pub mod reserved;
mod rest;
mod rust_ty;
mod secrets;
mod types;
mod version;

use crate::config::Config;
use crate::model::{Model, SoapVersion};

pub use error::PlanError;
pub use rest::{RestShape, CURRENT_SERVICES};
pub use rust_ty::{prim_name, RustTy};
pub use secrets::is_secret_name;

/// Plans every version of `model`, with the agents `config` selects.
pub fn plan(model: &Model, config: &Config) -> Result<Plan, PlanError> {
    version::check_agents(model, &config.agents)?;
    let mut modules = names::Registry::default();
    let mut versions = Vec::new();
    for v in &model.versions {
        let module = modules.claim(&[names::escape(&names::snake(&v.name))], true);
        let vp = version::plan_version(v, module, config)?;
        if !vp.agents.is_empty() {
            versions.push(vp);
        }
    }
    versions.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(Plan { versions })
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
    /// The namespace URI constants generated files declare (`NS` for the
    /// version's own namespace, `NS_ARRAYS`, ...), by URI.
    pub namespaces: Vec<NamespaceConst>,
    /// The types to emit into `types.rs`, sorted by Rust name.
    pub types: Vec<TypeItem>,
    /// The agents to emit, sorted by module name.
    pub agents: Vec<AgentPlan>,
}

impl VersionPlan {
    /// The constant naming namespace `uri` (every URI a plan uses has one).
    pub fn namespace_const(&self, uri: &str) -> Option<&str> {
        self.namespaces
            .iter()
            .find(|n| n.uri == uri)
            .map(|n| n.rust.as_str())
    }

    /// The type item named `rust`.
    pub fn type_item(&self, rust: &str) -> Option<&TypeItem> {
        self.types
            .binary_search_by(|t| t.rust().cmp(rust))
            .ok()
            .map(|i| &self.types[i])
    }
}

/// A namespace URI and the constant generated files name it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceConst {
    /// The URI.
    pub uri: String,
    /// The constant, `NS` or `NS_ARRAYS`.
    pub rust: String,
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

    /// The XML namespace and name the item stands for (a type, or a response
    /// wrapper element).
    pub fn xml(&self) -> (&str, &str) {
        match self {
            TypeItem::Record(r) => (&r.xml_ns, &r.xml_name),
            TypeItem::Enum(e) => (&e.xml_ns, &e.xml_name),
            TypeItem::Flags(f) => (&f.xml_ns, &f.xml_name),
            TypeItem::Poly(p) => (&p.xml_ns, &p.xml_name),
        }
    }

    /// `record`, `enum`, `flags` or `poly`.
    pub fn kind(&self) -> &'static str {
        match self {
            TypeItem::Record(_) => "record",
            TypeItem::Enum(_) => "enum",
            TypeItem::Flags(_) => "flags",
            TypeItem::Poly(_) => "poly",
        }
    }
}

/// Where a record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordOrigin {
    /// A named complex type.
    ComplexType,
    /// A response wrapper element with more than a `Response` child.
    ResponseWrapper,
}

/// A struct for a complex type (inherited fields flattened, base first) or
/// for a response wrapper with more than a `Response` child.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordPlan {
    /// Rust name.
    pub rust: String,
    /// XML namespace of the type (or wrapper element).
    pub xml_ns: String,
    /// XML name.
    pub xml_name: String,
    /// A complex type or a response wrapper.
    pub origin: RecordOrigin,
    /// The base chain's XML names, nearest first (for docs).
    pub bases: Vec<String>,
    /// Fields in wire order.
    pub fields: Vec<FieldPlan>,
    /// How many of `fields` each type of the inheritance chain declares, the root base
    /// first (one entry for a type without base). JSON writes the members the other way
    /// round, the type's own first, as .NET (Newtonsoft) does.
    pub levels: Vec<usize>,
    /// Whether a polymorphic enum writes this record's fields after its own
    /// typed start tag (needs a separate `encode_fields`).
    pub in_poly: bool,
    /// The field (`extension_data`) that keeps child elements the schema does
    /// not know, to write them back after the known fields.
    pub extension: String,
    /// For a derived type a polymorphic enum tells apart by a discriminator member
    /// (REST wire): that member's value for this type, its default.
    pub tag: Option<RecordTag>,
}

/// The discriminator value of a derived record ([`PolyPlan::discriminator`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordTag {
    /// The field holding the discriminator (Rust name), an enumeration.
    pub field: String,
    /// Its value for this type, `WaitForTime`.
    pub value: String,
    /// The enumeration's variant for it (Rust name).
    pub variant: String,
}

/// The Rust name of a record's [`RecordPlan::extension`] field, unless a
/// schema field took it.
pub const EXTENSION_FIELD: &str = "extension_data";

impl RecordPlan {
    /// Whether any field holds a secret (the record gets a redacting `Debug`).
    pub fn has_secrets(&self) -> bool {
        self.fields.iter().any(|f| f.secret)
    }

    /// The fields in the order JSON (the REST wire) writes them: the type's own first,
    /// then each base's, nearest first; within a type, in wire order.
    pub fn json_order(&self) -> Vec<&FieldPlan> {
        let mut out = Vec::with_capacity(self.fields.len());
        let mut end = self.fields.len();
        for n in self.levels.iter().rev() {
            let start = end.saturating_sub(*n);
            out.extend(&self.fields[start..end]);
            end = start;
        }
        out.extend(&self.fields[..end]);
        out
    }
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
    /// Holds a secret (ticket, password, token): `Debug` shows `[redacted]`.
    pub secret: bool,
}

/// An enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumPlan {
    /// Rust name.
    pub rust: String,
    /// XML namespace of the simple type.
    pub xml_ns: String,
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
    /// XML namespace of the list type.
    pub xml_ns: String,
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
    /// XML namespace of the base type.
    pub xml_ns: String,
    /// XML name of the base type.
    pub xml_name: String,
    /// The base first, then derived types sorted by XML name.
    pub variants: Vec<PolyVariant>,
    /// How JSON (the REST wire, which has no `xsi:type`) tells the variants apart: for
    /// the bases the Agents API knows (`WorkflowStepBase` by `StepType`, ...). Without
    /// one, a JSON value is read as the base.
    pub discriminator: Option<Discriminator>,
}

/// The member that names a polymorphic value's type in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    /// The member, `StepType`.
    pub member: String,
    /// Its values naming derived types; any other value is the base.
    pub variants: Vec<TaggedVariant>,
}

/// A discriminator value and the variant it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedVariant {
    /// The value, `WaitForTime`.
    pub value: String,
    /// The variant of the enum (Rust name).
    pub variant: String,
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
    /// The server's trait name, `ChatService` (emitted with `Config::server`; planned
    /// always, so turning the server on renames nothing).
    pub service: String,
    /// Endpoint file relative to the version's base URL, `Chat.svc`.
    pub service_path: String,
    /// SOAP version of the binding.
    pub soap: SoapVersion,
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
    /// Request wrapper element namespace.
    pub request_ns: String,
    /// Request wrapper element name.
    pub request_name: String,
    /// The wrapper's fields, as parameters.
    pub params: Vec<FieldPlan>,
    /// The request headers the binding declares.
    pub headers: DeclaredHeaders,
    /// What the call returns.
    pub response: ResponsePlan,
    /// The response element, as a server writes it.
    pub response_element: ResponseElement,
    /// How the parameters travel on the REST wire.
    pub rest: RestShape,
    /// Whether the current REST Agents API has this operation (its shape is then the
    /// API's; otherwise `rest` is an object, a guess).
    pub in_current_api: bool,
    /// Whether the REST wire calls it: the current Agents API has it, or it is of the
    /// current version ([`CURRENT_SERVICES`] or later, which the API serves and
    /// SuperOffice's client may lag behind). An older version's operation the API no
    /// longer has fails on a REST client before any request.
    pub on_rest: bool,
    /// The method's documentation.
    pub docs: OperationDocs,
}

/// The response wrapper element of an operation (what a server writes; a client reads it
/// through [`ResponsePlan`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseElement {
    /// Namespace of the element (`OpResponse`).
    pub ns: String,
    /// Its name; `{request}Response` when the operation has no output element.
    pub name: String,
    /// Namespace of its `Response` child, for [`ResponsePlan::Content`].
    pub content_ns: String,
    /// Whether the output declares NetServer's response headers (`ExceptionInfo`,
    /// `ExtraInfo`, `Succeeded`, `TimeZone`).
    pub headers: bool,
}

/// An operation's rustdoc: from the official proxy's documentation when it
/// has the method, otherwise from the WSDL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OperationDocs {
    /// The summary paragraph(s).
    pub summary: String,
    /// Per parameter (Rust name, unescaped), its description.
    pub params: Vec<(String, String)>,
    /// What the call returns.
    pub returns: Option<String>,
}

/// Which of NetServer's request headers an operation's binding declares
/// (the runtime's `DeclaredHeaders`: it sends only these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeclaredHeaders {
    /// `ApplicationToken`.
    pub application_token: bool,
    /// `Credentials`.
    pub credentials: bool,
    /// `TimeZone`.
    pub time_zone: bool,
}

impl DeclaredHeaders {
    /// The headers among `parts` (the input message's header parts), by element name.
    pub fn declared(parts: &[crate::model::Part]) -> Self {
        let has = |name: &str| parts.iter().any(|p| p.element.name == name);
        DeclaredHeaders {
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

impl ResponsePlan {
    /// The Rust type a call returns, generated types prefixed with `prefix`.
    pub fn rust_type(&self, prefix: &str) -> String {
        match self {
            ResponsePlan::Void => "()".to_owned(),
            ResponsePlan::Content(t) => t.rust_type(prefix),
            ResponsePlan::Wrapper(n) => format!("{prefix}{n}"),
        }
    }
}
