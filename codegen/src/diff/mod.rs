//! What changed between two versions, in terms of the generated Rust API.
//!
//! [`diff_plans`] compares the [plans](crate::plan) of two inputs -- the
//! same data the emitter reads, so every decision the plan makes (an
//! `Option`, a `Box`, a name the collision resolver chose, a parameter that
//! became a polymorphic `...Kind`) is seen. Items are matched by what they
//! stand for on the wire (an operation by its name, a type by its XML
//! namespace relative to its version and its name, a field by its element),
//! and reported by their Rust names and Rust types.
//!
//! # When a change is breaking
//!
//! Breaking means: code written against the old generated API may stop
//! compiling, or silently change behaviour, after regenerating. Seen from
//! a caller who calls methods, reads fields, and builds request values:
//!
//! | change | breaking |
//! |---|---|
//! | agent, operation (method) or type added | no |
//! | agent, operation or type removed | yes: code naming it no longer compiles |
//! | agent module or struct, method, type renamed (the collision resolver chose another name) | yes |
//! | parameter added, removed, retyped or reordered | yes: parameters are positional |
//! | parameter renamed | no: callers pass arguments by position |
//! | return type changed | yes |
//! | type changes kind (record, enum, flags, polymorphic enum) | yes |
//! | field removed, renamed or retyped (`Option` added or removed, `Box` added, `Vec`, another type) | yes |
//! | field added to a record a request can carry | yes: struct literals must name it |
//! | field added to a record only responses carry | no: it is just more to read |
//! | enumeration value or polymorphic variant added | no: an older client decodes it as `Unknown` / the base |
//! | enumeration value or polymorphic variant removed or renamed | yes |
//! | enumeration value's `EnumerationValue` number changed, base type changed | no: the wire carries names, fields are compared on their own |
//!
//! An added enumeration value never breaks a running client, but after
//! regenerating, a `match` on that enum without a wildcard arm gains a
//! variant to handle; likewise a struct pattern without `..` on a response
//! record that gained a field. Both are left out of "breaking" because
//! generated code is matched and read, not destructured exhaustively, in
//! ordinary use; they are listed.
//!
//! A change of a type's own content is reported once, on that type, not on
//! every field that uses it.
//!
//! # Example
//!
//! ```
//! use sogen_codegen::diff::{diff_plans, ChangeKind};
//! use sogen_codegen::plan::{AgentPlan, Plan, VersionPlan};
//! use sogen_codegen::model::SoapVersion;
//!
//! let agent = |name: &str| AgentPlan {
//!     name: name.into(),
//!     module: name.to_lowercase(),
//!     rust: format!("{name}Agent"),
//!     service: format!("{name}Service"),
//!     service_path: format!("{name}.svc"),
//!     soap: SoapVersion::Soap11,
//!     operations: Vec::new(),
//! };
//! let version = |name: &str, agents| Plan {
//!     versions: vec![VersionPlan {
//!         name: name.into(),
//!         module: name.to_lowercase(),
//!         namespace: format!("urn:{name}"),
//!         namespaces: Vec::new(),
//!         types: Vec::new(),
//!         agents,
//!     }],
//! };
//! let old = version("Services87", vec![agent("Chat")]);
//! let new = version("Services88", vec![agent("AI"), agent("Chat")]);
//! let diff = diff_plans(&old, &new).unwrap();
//! assert_eq!(diff.changes.len(), 1);
//! assert_eq!(diff.changes[0].kind, ChangeKind::AgentAdded);
//! assert!(!diff.has_breaking());
//! ```

mod compare;
#[cfg(feature = "json")]
mod json;
mod requests;
mod text;

use crate::config::Config;
use crate::model::Model;
use crate::plan::{self, Plan, PlanError, VersionPlan};

#[cfg(feature = "json")]
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

/// One change, in Rust names. Which place fields are set depends on
/// [`Change::kind`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The agent's struct (`ChatAgent`), for agent, operation, parameter and
    /// return-type changes.
    pub agent: Option<String>,
    /// The method (`add_chat_message`), for operation, parameter and
    /// return-type changes.
    pub operation: Option<String>,
    /// The type's Rust name, for type, field and variant changes.
    pub type_name: Option<String>,
    /// The parameter, field or variant's Rust name.
    pub member: Option<String>,
    /// The old Rust shape (type of a removed or retyped member, old name, ...).
    pub old: Option<String>,
    /// The new Rust shape.
    pub new: Option<String>,
    /// What the changed item is on the wire (an operation, element or value
    /// name), when that differs from its Rust name.
    pub wire: Option<String>,
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
    /// An agent's module or struct got another name.
    AgentRenamed,
    /// An operation (method) appeared on an agent.
    OperationAdded,
    /// An operation disappeared from an agent.
    OperationRemoved,
    /// An operation's method got another name.
    MethodRenamed,
    /// A method gained a parameter.
    ParameterAdded,
    /// A method lost a parameter.
    ParameterRemoved,
    /// A parameter's Rust type changed.
    ParameterRetyped,
    /// A parameter got another name (callers are not affected).
    ParameterRenamed,
    /// The same parameters now come in another order.
    ParametersReordered,
    /// What a method returns changed.
    ReturnTypeChanged,
    /// A type appeared.
    TypeAdded,
    /// A type disappeared.
    TypeRemoved,
    /// A type got another Rust name.
    TypeRenamed,
    /// A type became another kind of item (record, enum, flags, poly).
    TypeKindChanged,
    /// A record's base type changed (its fields are compared on their own).
    BaseTypeChanged,
    /// A record gained a field.
    FieldAdded,
    /// A record lost a field.
    FieldRemoved,
    /// A field's Rust type changed.
    FieldRetyped,
    /// A field got another Rust name.
    FieldRenamed,
    /// An enumeration, flag set or polymorphic enum gained a variant.
    VariantAdded,
    /// An enumeration, flag set or polymorphic enum lost a variant.
    VariantRemoved,
    /// A variant got another Rust name.
    VariantRenamed,
    /// An enumeration value's `EnumerationValue` number changed.
    EnumNumberChanged,
}

impl ChangeKind {
    /// The stable snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        use ChangeKind::*;
        match self {
            AgentAdded => "agent_added",
            AgentRemoved => "agent_removed",
            AgentRenamed => "agent_renamed",
            OperationAdded => "operation_added",
            OperationRemoved => "operation_removed",
            MethodRenamed => "method_renamed",
            ParameterAdded => "parameter_added",
            ParameterRemoved => "parameter_removed",
            ParameterRetyped => "parameter_retyped",
            ParameterRenamed => "parameter_renamed",
            ParametersReordered => "parameters_reordered",
            ReturnTypeChanged => "return_type_changed",
            TypeAdded => "type_added",
            TypeRemoved => "type_removed",
            TypeRenamed => "type_renamed",
            TypeKindChanged => "type_kind_changed",
            BaseTypeChanged => "base_type_changed",
            FieldAdded => "field_added",
            FieldRemoved => "field_removed",
            FieldRetyped => "field_retyped",
            FieldRenamed => "field_renamed",
            VariantAdded => "variant_added",
            VariantRemoved => "variant_removed",
            VariantRenamed => "variant_renamed",
            EnumNumberChanged => "enum_number_changed",
        }
    }

    /// The heading this kind is listed under in the text report.
    pub fn group(self) -> Group {
        use ChangeKind::*;
        match self {
            AgentAdded | AgentRemoved | AgentRenamed => Group::Agents,
            OperationAdded | OperationRemoved | MethodRenamed => Group::Operations,
            ParameterAdded | ParameterRemoved | ParameterRetyped | ParameterRenamed
            | ParametersReordered | ReturnTypeChanged => Group::Signatures,
            TypeAdded | TypeRemoved | TypeRenamed | TypeKindChanged | BaseTypeChanged => {
                Group::Types
            }
            FieldAdded | FieldRemoved | FieldRetyped | FieldRenamed => Group::Fields,
            VariantAdded | VariantRemoved | VariantRenamed | EnumNumberChanged => Group::Variants,
        }
    }
}

/// Headings of the text report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Agents added, removed or renamed.
    Agents,
    /// Methods added, removed or renamed.
    Operations,
    /// Parameters and return types.
    Signatures,
    /// Types added, removed, or changed as a whole.
    Types,
    /// Fields of records.
    Fields,
    /// Variants of enumerations, flag sets and polymorphic enums.
    Variants,
}

impl Group {
    /// The heading's text.
    pub fn title(self) -> &'static str {
        match self {
            Group::Agents => "Agents",
            Group::Operations => "Methods",
            Group::Signatures => "Parameters and return types",
            Group::Types => "Types",
            Group::Fields => "Fields",
            Group::Variants => "Variants",
        }
    }
}

/// Why two inputs cannot be compared.
#[derive(Debug, thiserror::Error, PartialEq)]
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
    /// A side cannot be planned.
    #[error("{side}: {source}")]
    Plan {
        /// `OLD` or `NEW`.
        side: &'static str,
        /// Why.
        source: PlanError,
    },
}

/// Plans two models (every agent) and compares the plans; each must hold
/// exactly one service version.
pub fn diff_models(old: &Model, new: &Model) -> Result<Diff, DiffError> {
    let side = |m: &Model, side: &'static str| -> Result<VersionPlan, DiffError> {
        fn name(v: &crate::model::Version) -> &str {
            &v.name
        }
        let v = single(&m.versions, name, side)?;
        let planned =
            plan::plan(m, &Config::default()).map_err(|source| DiffError::Plan { side, source })?;
        // A version without agents plans to nothing: compare it as empty.
        Ok(planned.versions.into_iter().next().unwrap_or(VersionPlan {
            name: v.name.clone(),
            module: String::new(),
            namespace: v.namespace.clone(),
            namespaces: Vec::new(),
            types: Vec::new(),
            agents: Vec::new(),
        }))
    };
    Ok(diff_versions(&side(old, "OLD")?, &side(new, "NEW")?))
}

/// Compares two plans that each hold exactly one version.
pub fn diff_plans(old: &Plan, new: &Plan) -> Result<Diff, DiffError> {
    fn name(v: &VersionPlan) -> &str {
        &v.name
    }
    Ok(diff_versions(
        single(&old.versions, name, "OLD")?,
        single(&new.versions, name, "NEW")?,
    ))
}

/// The one version of a side, named by `name`.
fn single<'a, T>(
    versions: &'a [T],
    name: fn(&T) -> &str,
    side: &'static str,
) -> Result<&'a T, DiffError> {
    match versions {
        [one] => Ok(one),
        [] => Err(DiffError::Empty { side }),
        many => Err(DiffError::SeveralVersions {
            side,
            count: many.len(),
            names: many.iter().map(name).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Compares two planned versions; see the module docs for what is reported.
pub fn diff_versions(old: &VersionPlan, new: &VersionPlan) -> Diff {
    let mut changes = compare::compare(old, new);
    changes.sort_by(|a, b| {
        let key = |c: &Change| {
            (
                c.kind.group(),
                c.agent.clone(),
                c.operation.clone(),
                c.type_name.clone(),
                c.member.clone(),
                c.kind,
            )
        };
        key(a).cmp(&key(b))
    });
    changes.dedup();
    Diff {
        old: old.name.clone(),
        new: new.name.clone(),
        changes,
    }
}
