//! The reader: WSDL 1.1 files with embedded XML Schema (as WCF writes them)
//! -> the resolved [`Model`].
//!
//! Files are parsed with roxmltree (in parallel), each converted on its own
//! (`wsdl` and `schema`; every reference is checked within its file), then
//! the files of one version (one WSDL target namespace) are merged into one
//! type universe (`merge`).
//!
//! Decisions, for what the corpus does not settle:
//! - Every QName is resolved by namespace URI against the declarations in
//!   scope (WCF declares `q6:` on the element that uses it).
//! - Each file must be self-contained: a reference to a type, element or
//!   message the file does not define is [`ErrorKind::Dangling`].
//!   `xs:import` is followed by namespace only; `wsdl:import` is refused.
//! - Named types with the same QName must be identical across the files of a
//!   version, or reading fails with [`ErrorKind::Conflict`]. Top-level
//!   elements may differ between agents (WCF reuses wrapper names such as
//!   `Delete`): those go to [`Version::agent_elements`](crate::model::Version::agent_elements).
//! - A portType becomes an agent through its SOAP 1.1 binding, or its SOAP 1.2
//!   binding when it has no 1.1 one; HTTP bindings are ignored.
//! - Unknown extensibility elements (policies, addressing, `msc:`) are ignored.
//! - [`ErrorKind::Unsupported`]: rpc style, encoded use, type-based parts,
//!   notification operations, `xs:choice`, `xs:all`, `xs:any`, `xs:group`,
//!   element `ref=`, `simpleContent`, mixed content, complexContent
//!   restriction, `xs:union`, `xs:list itemType=`, the built-ins `date`,
//!   `time`, `integer`, `hexBinary` and the like, anonymous types nested over
//!   32 levels. None occurs in the corpus.
//! - The string-derived built-ins (`token`, `ID`, `IDREF`, ...) read as
//!   [`Builtin::String`](crate::model::Builtin::String); the Serialization
//!   namespace's `guid`, `char` and `duration` are built-ins, not named types.
//!
//! ```
//! let wsdl = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
//!     targetNamespace="http://example.com/Services1"/>"#;
//! let err = sogen_codegen::reader::read_str("x.wsdl", "<a>").unwrap_err();
//! assert_eq!(err.kind(), sogen_codegen::reader::ErrorKind::MalformedXml);
//! let model = sogen_codegen::reader::read_str("empty.wsdl", wsdl).unwrap();
//! assert_eq!(model.versions[0].name, "Services1");
//! ```

mod conflict;
mod discover;
mod error;
mod inheritance;
mod merge;
mod schema;
mod wsdl;
mod xml;

use std::path::Path;

pub use discover::find_wsdl_files;
pub use error::{ErrorKind, ReadError, RefKind};
pub use merge::version_name;
pub use schema::builtin;

use crate::model::{Model, Source};
use wsdl::FileModel;

/// Reads `.wsdl` files and folders (searched recursively, in sorted order)
/// into one model.
///
/// Files are parsed in parallel; the result does not depend on it. The
/// first error in file order is returned.
pub fn read_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Model, ReadError> {
    let files = find_wsdl_files(paths)?;
    let results = crate::par::ordered_map(&files, |path| {
        let bytes = std::fs::read(path)
            .map_err(|e| ReadError::path(ErrorKind::Io, path, format!("cannot read file: {e}")))?;
        read_file(path, &bytes)
    });
    merge::merge(results.into_iter().collect::<Result<Vec<_>, _>>()?)
}

/// Reads one WSDL document held in memory; `name` is used in errors and as
/// [`Agent::file`](crate::model::Agent::file).
pub fn read_str(name: impl AsRef<Path>, text: &str) -> Result<Model, ReadError> {
    read_strs(&[(name.as_ref(), text)])
}

/// Reads several in-memory WSDL documents as if they were files, in order.
pub fn read_strs(inputs: &[(&Path, &str)]) -> Result<Model, ReadError> {
    let files = inputs
        .iter()
        .map(|(name, text)| read_file(name, text.as_bytes()))
        .collect::<Result<Vec<_>, _>>()?;
    merge::merge(files)
}

fn read_file(path: &Path, bytes: &[u8]) -> Result<FileModel, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let ctx = xml::FileCtx::new(path, valid);
        ctx.err_at(
            ErrorKind::MalformedXml,
            valid.len(),
            "invalid UTF-8 (expected a UTF-8 encoded XML document)",
        )
    })?;
    let ctx = xml::FileCtx::new(path, text);
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        use roxmltree::Error as E;
        // roxmltree puts these at 1:1; point at what is wrong instead.
        let source = match e {
            E::DtdDetected => ctx.source_at(text.find("<!DOCTYPE").unwrap_or(0)),
            E::UnclosedRootNode | E::NoRootNode => ctx.source_at(text.len()),
            _ => Source {
                file: path.to_path_buf(),
                line: e.pos().row,
                column: e.pos().col,
            },
        };
        let what = match e {
            E::DtdDetected => "a DTD (not allowed in WSDL)".to_string(),
            E::UnclosedRootNode => "end of file with the root element still open".to_string(),
            E::NoRootNode => "no root element".to_string(),
            _ => e.to_string(),
        };
        ReadError::at(
            ErrorKind::MalformedXml,
            source,
            format!("malformed XML: {what}"),
        )
    })?;
    wsdl::read_document(&ctx, &doc)
}
