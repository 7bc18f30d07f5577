//! The `sogen` command-line tool.
//!
//! One module per subcommand under `cli/`, each with an `Args` struct and a
//! `run` function returning the process exit code.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Typed Rust clients for SuperOffice NetServer SOAP services, from their WSDL.
#[derive(Parser)]
#[command(name = "sogen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read WSDL files and print what they define.
    Inspect(cli::inspect::Args),
    /// Download each agent's WSDL from a NetServer into one file per agent.
    Fetch(cli::fetch::Args),
    /// Show what changed between two versions; breaking changes marked.
    Diff(cli::diff::Args),
    /// Generate Rust modules (types and agents) from WSDL files.
    Generate(cli::generate::Args),
    /// Exit 1 listing the files `generate` with the same options (`--docs` included) would
    /// change; 0 when up to date.
    Check(cli::generate::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Inspect(args) => cli::inspect::run(args),
        Command::Fetch(args) => cli::fetch::run(args),
        Command::Diff(args) => cli::diff::run(args),
        Command::Generate(args) => cli::generate::run_generate(args),
        Command::Check(args) => cli::generate::run_check(args),
    }
}
