//! Turning token streams into the text of a generated file: the
//! `@generated` header, rustdoc attributes, prettyplease, blank lines.

use proc_macro2::TokenStream;
use quote::quote;

use crate::output::MARKER;

/// Why a file could not be emitted. Only a bug in the generator can cause
/// it; it is an error rather than a panic so that no input ever makes a
/// build script or the CLI panic.
#[derive(Debug, thiserror::Error)]
#[error("internal error: generated {file} is not valid Rust ({message}); please report it with the WSDL")]
pub struct EmitError {
    /// The file, relative to the output folder.
    pub file: String,
    /// The parser's message.
    pub message: String,
}

/// The first lines of every generated file; starts with [`MARKER`], which
/// is how `output` recognises files it may replace or remove.
pub(super) fn header() -> String {
    format!("{MARKER} from SuperOffice NetServer WSDL. Do not edit.\n\n")
}

/// `#[doc = ..]` attributes for `text`, one per line (rendered as `///`).
pub(super) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// The formatted file for `tokens`.
pub(super) fn format(file: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    Ok(format!(
        "{}{}",
        header(),
        spaced(&prettyplease::unparse(&parsed))
    ))
}

/// Puts a blank line between items (prettyplease packs them), except
/// within runs of `use` or `const` lines.
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut prev = "";
    for line in code.lines() {
        let indent = line.len() - line.trim_start().len();
        let closes_item =
            prev.len() == indent + 1 && prev.ends_with('}') || indent == 0 && prev.ends_with(';');
        let same_run = ["use ", "const ", "pub use "]
            .iter()
            .any(|k| prev.starts_with(k) && line.starts_with(k));
        if !prev.is_empty()
            && indent <= 4
            && !line.trim_start().starts_with('}')
            && closes_item
            && !same_run
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = line;
    }
    out
}
