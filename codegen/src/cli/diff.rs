//! `sogen diff OLD NEW`: what changed between two versions' generated Rust APIs.

use std::path::PathBuf;
use std::process::ExitCode;

use sogen_codegen::diff::{diff_models, render_json, render_text};
use sogen_codegen::reader;

/// Arguments of `sogen diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The old version: a `.wsdl` file or a version folder.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new version: a `.wsdl` file or a version folder.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with status 1 when any change breaks existing callers.
    #[arg(long)]
    fail_on_breaking: bool,
}

/// How the report is printed.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Grouped lines for people.
    Text,
    /// One JSON object for tools.
    Json,
}

/// Reads both sides, prints the report on stdout. Exit status: 0, or 1 with
/// `--fail-on-breaking` when something breaks; 2 when a side cannot be read.
pub fn run(args: Args) -> ExitCode {
    let read = |path: &PathBuf| reader::read_paths(std::slice::from_ref(path));
    let diff = match read(&args.old)
        .and_then(|old| Ok((old, read(&args.new)?)))
        .map_err(|e| e.to_string())
        .and_then(|(old, new)| diff_models(&old, &new).map_err(|e| e.to_string()))
    {
        Ok(diff) => diff,
        Err(e) => {
            eprintln!("sogen: {e}");
            return ExitCode::from(2);
        }
    };
    match args.format {
        Format::Text => print!("{}", render_text(&diff)),
        Format::Json => print!("{}", render_json(&diff)),
    }
    if args.fail_on_breaking && diff.has_breaking() {
        eprintln!("sogen: {} breaking changes", diff.breaking_count());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
