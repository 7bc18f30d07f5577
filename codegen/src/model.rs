//! The resolved model: plain data between the reader and every later stage.
//!
//! One [`Version`] per service version (`Services88`), holding all of that
//! version's agents and one merged universe of schema types shared by them.
//! Every type reference is a namespace-resolved [`QName`]: prefixes do not
//! survive the reader. Nothing here knows about Rust names or XML parsing.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// XML Schema's namespace.
pub const XS_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// The WCF data-contract serialization namespace (`guid`, `char`, `duration`, annotations).
pub const SER_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";
/// The WCF namespace of primitive arrays (`ArrayOfstring`, `ArrayOfint`, ...).
pub const ARRAYS_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// The deepest `complexContent/extension` chain the reader accepts: a type
/// may have at most this many base types above it. WCF carriers stay far
/// below it (`Carrier` -> entity -> derived entity); the limit keeps the
/// cost of flattening inherited fields bounded for any input.
pub const MAX_INHERITANCE_DEPTH: usize = 64;

/// A namespace-qualified name, resolved from whatever prefix the file used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    /// Namespace URI (empty for no namespace).
    pub namespace: String,
    /// Local name.
    pub name: String,
}

impl QName {
    /// Builds a QName from a namespace URI and a local name.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        QName {
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}{}", self.namespace, self.name)
    }
}

/// A place in an input file, for error messages and conflict reports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Source {
    /// The file as it was given to the reader.
    pub file: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Everything read from a set of WSDL files: one entry per service version.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// Sorted by [`Version::name`].
    pub versions: Vec<Version>,
}

/// One service version (one WSDL target namespace), e.g. `Services88`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Version {
    /// Last path segment of the target namespace, e.g. `Services88`.
    pub name: String,
    /// The WSDL target namespace, e.g. `http://www.superoffice.net/ws/crm/NetServer/Services88`.
    pub namespace: String,
    /// Sorted by [`Agent::name`].
    pub agents: Vec<Agent>,
    /// Every named schema type of this version, from every namespace, merged
    /// across agent files (identical definitions appear once). The
    /// Serialization namespace's `guid`, `char` and `duration` are not here:
    /// references to them are [`TypeRef::Builtin`].
    pub types: BTreeMap<QName, NamedType>,
    /// Every top-level schema element of this version, merged like `types`,
    /// except those whose definition differs between agents (see
    /// [`agent_elements`](Self::agent_elements)). Look elements up with
    /// [`Version::element`].
    pub elements: BTreeMap<QName, Element>,
    /// Top-level elements whose definition differs between the agents of this
    /// version, per agent name: that agent's own definition. WCF reuses
    /// request/response wrapper names across endpoints with different content
    /// (`Delete` in Appointment and in EMail), so these are scoped per agent
    /// and absent from [`elements`](Self::elements).
    pub agent_elements: BTreeMap<String, BTreeMap<QName, Element>>,
    /// For each base type, every type deriving from it directly or
    /// transitively (sorted). Types nobody derives from are absent.
    pub derived: BTreeMap<QName, Vec<QName>>,
}

impl Version {
    /// The top-level element `name` as seen by `agent`: its own definition
    /// when the agents of this version disagree on it, else the shared one.
    pub fn element(&self, agent: &str, name: &QName) -> Option<&Element> {
        self.agent_elements
            .get(agent)
            .and_then(|m| m.get(name))
            .or_else(|| self.elements.get(name))
    }
}

/// One agent: a WSDL file's portType with its binding and service port.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// The portType name, e.g. `Chat`.
    pub name: String,
    /// The file the agent was read from.
    pub file: PathBuf,
    /// The `wsdl:service` name, e.g. `WcfChatService`.
    pub service: String,
    /// The `soap:address` location, e.g. `https://host/Cust12345/Remote/Services88/Chat.svc`.
    pub address: Option<String>,
    /// SOAP version of the binding used.
    pub soap: SoapVersion,
    /// In document order.
    pub operations: Vec<Operation>,
}

/// Which SOAP envelope a binding speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, `SOAPAction` header).
    Soap11,
    /// SOAP 1.2 (`application/soap+xml; action=...`).
    Soap12,
}

/// One operation of an agent, document/literal.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operation name, e.g. `AddChatMessage`.
    pub name: String,
    /// The binding's `soapAction`.
    pub soap_action: String,
    /// The request message.
    pub input: Message,
    /// The response message (`None` for one-way operations).
    pub output: Option<Message>,
    /// `wsdl:documentation` of the operation, if any.
    pub documentation: Option<String>,
}

/// A message as the binding lays it out: body parts and header parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The `wsdl:message` name.
    pub name: String,
    /// Parts in the SOAP body (document/literal: one wrapper element).
    pub body: Vec<Part>,
    /// Parts sent as SOAP headers, in binding order.
    pub headers: Vec<Part>,
}

/// A message part, always element-based in document/literal.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part name, e.g. `parameters` or `Credentials`.
    pub name: String,
    /// The top-level element carrying the part.
    pub element: QName,
}

/// A top-level schema element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its qualified name.
    pub name: QName,
    /// Its type: named, built-in, or anonymous (request/response wrappers).
    pub ty: TypeRef,
    /// `nillable="true"`.
    pub nillable: bool,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// An XML Schema built-in, or one of the Serialization namespace's primitives.
    Builtin(Builtin),
    /// A named type, key into [`Version::types`].
    Named(QName),
    /// An anonymous type declared in place.
    Anonymous(Box<TypeDef>),
}

/// A named type with where it was (first) defined.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    /// The definition.
    pub def: TypeDef,
    /// Where it was first read.
    pub source: Source,
}

/// A type definition.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// `xs:complexType`.
    Complex(ComplexType),
    /// `xs:simpleType`.
    Simple(SimpleType),
}

/// An `xs:complexType`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComplexType {
    /// Base type of `complexContent/extension`, if any.
    pub base: Option<QName>,
    /// This type's own sequence elements, in order (inherited ones not repeated).
    pub fields: Vec<Field>,
    /// This type's own attributes.
    pub attributes: Vec<Attribute>,
    /// What the type means beyond its fields.
    pub shape: ComplexShape,
    /// `abstract="true"`.
    pub is_abstract: bool,
}

/// How a complex type is to be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ComplexShape {
    /// A plain record of fields.
    #[default]
    Record,
    /// `ArrayOfX`: exactly one field, repeated (`fields[0]`, maxOccurs unbounded).
    Array,
    /// Marked `IsDictionary`: a repeated entry element holding `key` and `value`.
    Dictionary {
        /// The repeated entry element's name, e.g. `FieldPropertyDictionaryKeyValuePair`.
        entry: String,
        /// The `Key` element.
        key: Box<Field>,
        /// The `Value` element.
        value: Box<Field>,
    },
}

/// An element inside a sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The element's local name, exact as on the wire.
    pub name: String,
    /// Its namespace (the schema's target namespace when qualified, empty when not).
    pub namespace: String,
    /// Its type.
    pub ty: TypeRef,
    /// `minOccurs` (default 1).
    pub min_occurs: u32,
    /// `maxOccurs`; `None` means `unbounded`.
    pub max_occurs: Option<u32>,
    /// `nillable="true"`.
    pub nillable: bool,
}

/// An `xs:attribute`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The attribute's qualified name.
    pub name: QName,
    /// Its type.
    pub ty: TypeRef,
    /// `use="required"`.
    pub required: bool,
}

/// An `xs:simpleType`.
#[derive(Debug, Clone, PartialEq)]
pub enum SimpleType {
    /// An enumeration restriction.
    Enumeration {
        /// The restricted built-in (usually `string`).
        base: Builtin,
        /// The values in schema order.
        values: Vec<EnumValue>,
    },
    /// `xs:list` of an enumeration: a whitespace-separated flag set.
    FlagList {
        /// The item enumeration's values in schema order.
        values: Vec<EnumValue>,
    },
    /// Any other restriction (pattern, length, ...): treated as its base built-in.
    Restriction {
        /// The restricted built-in.
        base: Builtin,
    },
}

/// One enumeration value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The lexical value, exact as on the wire.
    pub name: String,
    /// The `EnumerationValue` annotation, when present.
    pub value: Option<i64>,
}

/// Primitive types: XML Schema built-ins and the Serialization namespace's extras.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Builtin {
    String,
    Boolean,
    Byte,
    Short,
    Int,
    Long,
    UnsignedByte,
    UnsignedShort,
    UnsignedInt,
    UnsignedLong,
    Float,
    Double,
    Decimal,
    DateTime,
    /// `xs:duration` or `ser:duration`.
    Duration,
    Base64Binary,
    AnyUri,
    QName,
    /// `ser:guid`.
    Guid,
    /// `ser:char` (a UTF-16 code unit as an int).
    Char,
    /// `xs:anyType`: any value, tagged with `xsi:type` on the wire.
    AnyType,
}

impl Builtin {
    /// The type's name in XML Schema (or the Serialization namespace, for
    /// `guid`, `char`, and `duration`).
    pub fn xml_name(self) -> &'static str {
        match self {
            Builtin::String => "string",
            Builtin::Boolean => "boolean",
            Builtin::Byte => "byte",
            Builtin::Short => "short",
            Builtin::Int => "int",
            Builtin::Long => "long",
            Builtin::UnsignedByte => "unsignedByte",
            Builtin::UnsignedShort => "unsignedShort",
            Builtin::UnsignedInt => "unsignedInt",
            Builtin::UnsignedLong => "unsignedLong",
            Builtin::Float => "float",
            Builtin::Double => "double",
            Builtin::Decimal => "decimal",
            Builtin::DateTime => "dateTime",
            Builtin::Duration => "duration",
            Builtin::Base64Binary => "base64Binary",
            Builtin::AnyUri => "anyURI",
            Builtin::QName => "QName",
            Builtin::Guid => "guid",
            Builtin::Char => "char",
            Builtin::AnyType => "anyType",
        }
    }
}
