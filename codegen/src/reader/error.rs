//! What can go wrong while reading WSDL, and where.

use std::fmt;
use std::path::PathBuf;

use crate::model::Source;

/// The kind of a [`ReadError`], for callers and tests to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A file or folder could not be read (missing, permissions, ...).
    Io,
    /// A folder holds no `.wsdl` file.
    NoWsdl,
    /// The file is not well-formed XML (or not UTF-8, or has a DTD).
    MalformedXml,
    /// Well-formed XML that is not valid WSDL/XML Schema: a missing attribute,
    /// an undeclared prefix, a bad number, the wrong root element.
    Invalid,
    /// Valid WSDL or XML Schema using a construct the reader does not support
    /// (rpc style, `xs:choice`, `xs:any`, type-based parts, ...).
    Unsupported,
    /// A reference to something that is not defined.
    Dangling(RefKind),
    /// Two definitions of the same name that differ.
    Conflict,
}

/// What a dangling reference pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// A schema type (`type=`, `base=`).
    Type,
    /// A top-level schema element (`element=` of a part).
    Element,
    /// A top-level schema attribute (`ref=` of an attribute).
    Attribute,
    /// A `wsdl:message`.
    Message,
    /// A part of a message (`soap:header part=`, `soap:body parts=`).
    Part,
    /// A `wsdl:portType`.
    PortType,
    /// A `wsdl:binding`.
    Binding,
    /// A portType operation named by a binding operation.
    Operation,
}

impl fmt::Display for RefKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RefKind::Type => "type",
            RefKind::Element => "element",
            RefKind::Attribute => "attribute",
            RefKind::Message => "message",
            RefKind::Part => "part",
            RefKind::PortType => "portType",
            RefKind::Binding => "binding",
            RefKind::Operation => "operation",
        })
    }
}

/// An error from the reader: its kind, where it happened and what was wrong.
///
/// Displays as `file:line:column: message`, or `path: message` when no
/// position applies (unreadable file, empty folder).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ReadError {
    kind: ErrorKind,
    path: PathBuf,
    location: Option<Source>,
    other: Option<Source>,
    message: String,
}

impl ReadError {
    /// An error at a position in a file.
    pub fn at(kind: ErrorKind, location: Source, message: impl Into<String>) -> Self {
        ReadError {
            kind,
            path: location.file.clone(),
            location: Some(location),
            other: None,
            message: message.into(),
        }
    }

    /// An error about a whole file or folder.
    pub fn path(kind: ErrorKind, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        ReadError {
            kind,
            path: path.into(),
            location: None,
            other: None,
            message: message.into(),
        }
    }

    /// A conflict between the definition at `location` and an earlier one at `other`.
    pub fn conflict(location: Source, other: Source, message: impl Into<String>) -> Self {
        let mut e = ReadError::at(ErrorKind::Conflict, location, message);
        e.other = Some(other);
        e
    }

    /// What went wrong, for matching.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file or folder concerned.
    pub fn file(&self) -> &std::path::Path {
        &self.path
    }

    /// Where in the file, when known.
    pub fn location(&self) -> Option<&Source> {
        self.location.as_ref()
    }

    /// `(line, column)` of [`location`](Self::location), when known.
    pub fn line_column(&self) -> Option<(u32, u32)> {
        self.location.as_ref().map(|s| (s.line, s.column))
    }

    /// For a [`ErrorKind::Conflict`]: the earlier definition it conflicts with.
    pub fn other(&self) -> Option<&Source> {
        self.other.as_ref()
    }

    /// The message without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn render(&self) -> String {
        let place = match &self.location {
            Some(s) => s.to_string(),
            None => self.path.display().to_string(),
        };
        match &self.other {
            Some(o) => format!("{place}: {} (first defined at {o})", self.message),
            None => format!("{place}: {}", self.message),
        }
    }
}
