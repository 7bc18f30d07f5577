//! Why a model cannot be planned.

use crate::model::QName;

/// Why a model cannot be planned. The reader already rejects most of these
/// with a file position; the plan checks again because a [`Model`] can also
/// be built by hand.
///
/// [`Model`]: crate::model::Model
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    /// A type reference names no type of the version.
    #[error("{at}: type {name} is referenced but not defined in {version}")]
    Dangling {
        /// Where the reference was found.
        at: String,
        /// The missing type.
        name: QName,
        /// The version searched.
        version: String,
    },
    /// An element reference names no element of the version.
    #[error("{at}: element {name} is referenced but not defined in {version}")]
    DanglingElement {
        /// Where the reference was found.
        at: String,
        /// The missing element.
        name: QName,
        /// The version searched.
        version: String,
    },
    /// A type derives from itself.
    #[error("{at}: circular inheritance: {}", cycle.join(" extends "))]
    CircularInheritance {
        /// Where the first type of the cycle is defined.
        at: String,
        /// The types of the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// An inheritance chain longer than the model allows.
    #[error("{at}: the inheritance chain starting at {start} is deeper than the limit of {limit} levels")]
    InheritanceTooDeep {
        /// Where `start` is defined.
        at: String,
        /// The most derived type of the chain.
        start: String,
        /// [`MAX_INHERITANCE_DEPTH`](crate::model::MAX_INHERITANCE_DEPTH).
        limit: usize,
    },
    /// A construct the generator does not map.
    #[error("{at}: unsupported: {what}")]
    Unsupported {
        /// Where it was found.
        at: String,
        /// What it is.
        what: String,
    },
    /// `--agents` named an agent that no version has.
    #[error("unknown agent `{name}`; available: {available}")]
    UnknownAgent {
        /// The requested name.
        name: String,
        /// Agent names found in the input.
        available: String,
    },
}
