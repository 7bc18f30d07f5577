//! Subcommands of `sogen`, one module each.

pub mod diff;
pub mod fetch;
pub mod generate;
pub mod inspect;

use std::fmt::Display;
use std::process::ExitCode;

/// Prints an error as `sogen: <error>` on stderr and returns exit code 1.
pub fn fail(err: impl Display) -> ExitCode {
    eprintln!("sogen: {err}");
    ExitCode::FAILURE
}
