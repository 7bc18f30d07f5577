//! What changed between two schema versions, in terms a Rust user cares about.
//!
//! [`diff_versions`] compares two [`Version`]s of the resolved model and lists
//! every [`Change`] that alters the generated API: agents, operations,
//! parameters, return types, types, fields and enumeration values. Versions
//! live in different namespaces (`.../Services87` against `.../Services88`),
//! so a type is identified by its local name and its namespace *relative to
//! its own version*: each version's target namespace counts as the same
//! placeholder.
//!
//! # When a change is breaking
//!
//! Seen from a caller of the generated client who regenerates and rebuilds:
//!
//! | change | breaking |
//! |---|---|
//! | agent, operation or type added | no |
//! | agent, operation or type removed | yes: code naming it no longer compiles |
//! | parameter added, removed, retyped or reordered | yes: parameters are positional |
//! | return type changed | yes |
//! | type changes kind (record, array, dictionary, enumeration, flags) or base type | yes |
//! | field removed or retyped (type, optionality or repetition) | yes |
//! | field added to a type reachable from a request | yes: struct literals must name it |
//! | field added to a type only responses reach | no: it is just more to read |
//! | enumeration value added | no: generated enums decode unknown values as `Unknown(String)` |
//! | enumeration value removed | yes: code naming it no longer compiles |
//! | enumeration value's numeric annotation changed | no: the wire carries names |
//!
//! An added enumeration value never breaks a running client (an older
//! generated client reads it as `Unknown`), but after regenerating, a
//! `match` on that enum without a wildcard arm gains a variant to handle.
//!
//! "Retyped" compares what the Rust type depends on: the referenced type,
//! whether the value is optional (`minOccurs="0"` or nillable) and whether it
//! repeats (`maxOccurs` above 1). A change of a referenced type's own content
//! is reported once, on that type, not on every field that uses it.
//!
//! # Example
//!
//! ```
//! use sogen_codegen::diff::{diff_versions, ChangeKind};
//! use sogen_codegen::model::{Agent, SoapVersion, Version};
//!
//! let agent = |name: &str| Agent {
//!     name: name.into(),
//!     file: format!("{name}.wsdl").into(),
//!     service: format!("Wcf{name}Service"),
//!     address: None,
//!     soap: SoapVersion::Soap11,
//!     operations: Vec::new(),
//! };
//! let old = Version { name: "Services87".into(), agents: vec![agent("Chat")], ..Default::default() };
//! let new = Version { name: "Services88".into(), agents: vec![agent("AI"), agent("Chat")], ..Default::default() };
//! let diff = diff_versions(&old, &new);
//! assert_eq!(diff.changes.len(), 1);
//! assert_eq!(diff.changes[0].kind, ChangeKind::AgentAdded);
//! assert!(!diff.has_breaking());
//! ```

mod compare;
mod json;
mod reach;
mod shape;
mod text;

use crate::model::{Model, Version};

pub use json::render_json;
pub use text::render_text;

/// The changes between two versions, sorted deterministically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The old version's name, e.g. `Services87`.
    pub old: String,
    /// The new version's name, e.g. `Services88`.
    pub new: String,
    /// Every change, grouped by [`ChangeKind::group`] and then sorted by place.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether any change breaks existing callers.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
}

/// One change. Which of the place fields are set depends on [`Change::kind`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The agent, for agent, operation, parameter and return-type changes.
    pub agent: Option<String>,
    /// The operation, for operation, parameter and return-type changes.
    pub operation: Option<String>,
    /// The type's display name (bare for the version's own namespace,
    /// `Arrays:ArrayOfint` style for others), for type, field and value changes.
    pub type_name: Option<String>,
    /// The parameter, field (`@name` for attributes) or enumeration value.
    pub member: Option<String>,
    /// The old shape (type of a removed or retyped member, old kind, ...).
    pub old: Option<String>,
    /// The new shape (type of an added or retyped member, new kind, ...).
    pub new: Option<String>,
    /// Whether existing callers break; see the module docs for the rules.
    pub breaking: bool,
}

/// The kinds of change, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// An agent appeared.
    AgentAdded,
    /// An agent disappeared.
    AgentRemoved,
    /// An operation appeared on an agent.
    OperationAdded,
    /// An operation disappeared from an agent.
    OperationRemoved,
    /// An operation gained a parameter.
    ParameterAdded,
    /// An operation lost a parameter.
    ParameterRemoved,
    /// A parameter's type, optionality or repetition changed.
    ParameterRetyped,
    /// The same parameters now come in another order.
    ParametersReordered,
    /// What an operation returns changed.
    ReturnTypeChanged,
    /// A named type appeared.
    TypeAdded,
    /// A named type disappeared.
    TypeRemoved,
    /// A type became another kind (record, array, dictionary, enumeration, ...).
    TypeKindChanged,
    /// A complex type's base type changed.
    BaseTypeChanged,
    /// A type gained a field (or attribute).
    FieldAdded,
    /// A type lost a field (or attribute).
    FieldRemoved,
    /// A field's type, optionality or repetition changed.
    FieldRetyped,
    /// An enumeration or flag set gained a value.
    EnumValueAdded,
    /// An enumeration or flag set lost a value.
    EnumValueRemoved,
    /// An enumeration value's `EnumerationValue` number changed.
    EnumNumberChanged,
}

impl ChangeKind {
    /// The stable snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::AgentAdded => "agent_added",
            ChangeKind::AgentRemoved => "agent_removed",
            ChangeKind::OperationAdded => "operation_added",
            ChangeKind::OperationRemoved => "operation_removed",
            ChangeKind::ParameterAdded => "parameter_added",
            ChangeKind::ParameterRemoved => "parameter_removed",
            ChangeKind::ParameterRetyped => "parameter_retyped",
            ChangeKind::ParametersReordered => "parameters_reordered",
            ChangeKind::ReturnTypeChanged => "return_type_changed",
            ChangeKind::TypeAdded => "type_added",
            ChangeKind::TypeRemoved => "type_removed",
            ChangeKind::TypeKindChanged => "type_kind_changed",
            ChangeKind::BaseTypeChanged => "base_type_changed",
            ChangeKind::FieldAdded => "field_added",
            ChangeKind::FieldRemoved => "field_removed",
            ChangeKind::FieldRetyped => "field_retyped",
            ChangeKind::EnumValueAdded => "enum_value_added",
            ChangeKind::EnumValueRemoved => "enum_value_removed",
            ChangeKind::EnumNumberChanged => "enum_number_changed",
        }
    }

    /// The heading this kind is listed under in the text report.
    pub fn group(self) -> Group {
        use ChangeKind::*;
        match self {
            AgentAdded | AgentRemoved => Group::Agents,
            OperationAdded | OperationRemoved => Group::Operations,
            ParameterAdded | ParameterRemoved | ParameterRetyped | ParametersReordered
            | ReturnTypeChanged => Group::Signatures,
            TypeAdded | TypeRemoved | TypeKindChanged | BaseTypeChanged => Group::Types,
            FieldAdded | FieldRemoved | FieldRetyped => Group::Fields,
            EnumValueAdded | EnumValueRemoved | EnumNumberChanged => Group::EnumValues,
        }
    }
}

/// Headings of the text report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Agents added or removed.
    Agents,
    /// Operations added or removed.
    Operations,
    /// Parameters and return types.
    Signatures,
    /// Types added, removed, or changed as a whole.
    Types,
    /// Fields of types.
    Fields,
    /// Enumeration values.
    EnumValues,
}

impl Group {
    /// The heading's text.
    pub fn title(self) -> &'static str {
        match self {
            Group::Agents => "Agents",
            Group::Operations => "Operations",
            Group::Signatures => "Parameters and return types",
            Group::Types => "Types",
            Group::Fields => "Fields",
            Group::EnumValues => "Enumeration values",
        }
    }
}

/// Why two models cannot be compared.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiffError {
    /// A side holds no service version at all.
    #[error("{side} holds no WSDL service version")]
    Empty {
        /// `OLD` or `NEW`.
        side: &'static str,
    },
    /// A side holds several versions; diff compares exactly one against one.
    #[error("{side} holds {count} service versions ({names}); give one version's files or folder")]
    SeveralVersions {
        /// `OLD` or `NEW`.
        side: &'static str,
        /// How many.
        count: usize,
        /// Their names, comma-separated.
        names: String,
    },
}

/// Compares two models that each hold exactly one service version.
pub fn diff_models(old: &Model, new: &Model) -> Result<Diff, DiffError> {
    Ok(diff_versions(single(old, "OLD")?, single(new, "NEW")?))
}

fn single<'m>(model: &'m Model, side: &'static str) -> Result<&'m Version, DiffError> {
    match model.versions.as_slice() {
        [one] => Ok(one),
        [] => Err(DiffError::Empty { side }),
        many => Err(DiffError::SeveralVersions {
            side,
            count: many.len(),
            names: many
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Compares two versions; see the module docs for what is reported.
pub fn diff_versions(old: &Version, new: &Version) -> Diff {
    let mut changes = compare::compare(old, new);
    changes.sort_by(|a, b| {
        (
            a.kind.group(),
            &a.agent,
            &a.operation,
            &a.type_name,
            &a.member,
            a.kind,
        )
            .cmp(&(
                b.kind.group(),
                &b.agent,
                &b.operation,
                &b.type_name,
                &b.member,
                b.kind,
            ))
    });
    changes.dedup();
    Diff {
        old: old.name.clone(),
        new: new.name.clone(),
        changes,
    }
}
