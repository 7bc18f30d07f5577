//! `sogen generate` and `sogen check`: write agent modules, or report how
//! the files on disk differ from what generation would write.

use std::path::PathBuf;
use std::process::ExitCode;

use sogen_codegen::{Builder, Layout, Wire};

/// Options shared by `generate` and `check`.
#[derive(clap::Args)]
pub struct Args {
    /// `.wsdl` files, or folders searched recursively.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output folder (the module tree's root: `mod.rs`, `services88/`, ...).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only these agents and the types they use, e.g. `Chat,CustomerService`.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    agents: Vec<String>,
    /// Method docs: SuperOffice.Services.WcfProxy.xml.
    #[arg(long, value_name = "FILE")]
    docs: Option<PathBuf>,
    /// `tree` (mod.rs per folder, to check in) or `include` (one mod.rs
    /// that include!s the rest, as a build script would write).
    #[arg(long, default_value = "tree", value_parser = ["tree", "include"])]
    layout: String,
    /// The wires the agents speak: `both` (default), `soap` or `rest` (only that
    /// wire's codec is generated).
    #[arg(long, default_value = "both", value_parser = ["both", "soap", "rest"])]
    wire: String,
    /// Also generate the server side: a service trait per agent, for
    /// sogen-runtime's `server` feature.
    #[arg(long)]
    server: bool,
}

fn builder(args: &Args) -> Builder {
    let mut b = Builder::new()
        .cargo_output(false)
        .out_dir(&args.out)
        .agents(&args.agents)
        .wire(match args.wire.as_str() {
            "soap" => Wire::Soap,
            "rest" => Wire::Rest,
            _ => Wire::Both,
        })
        .server(args.server)
        .layout(match args.layout.as_str() {
            "include" => Layout::Include,
            _ => Layout::ModuleTree,
        });
    for p in &args.paths {
        b = b.input(p);
    }
    if let Some(d) = &args.docs {
        b = b.docs(d);
    }
    b
}

/// Generates into `--out`, rewriting only changed files.
pub fn run_generate(args: Args) -> ExitCode {
    match builder(&args).write() {
        Ok(r) => {
            eprintln!(
                "sogen: {} written, {} unchanged, {} removed in {}",
                r.written.len(),
                r.unchanged.len(),
                r.removed.len(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(e),
    }
}

/// Exits 0 when `--out` is up to date, 1 listing what would change.
pub fn run_check(args: Args) -> ExitCode {
    match builder(&args).check() {
        Ok(drift) if drift.is_empty() => {
            eprintln!("sogen: {} is up to date", args.out.display());
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            for (path, kind) in &drift {
                println!("{kind}: {}", path.display());
            }
            eprintln!(
                "sogen: {} file(s) differ from what `sogen generate` with these options would write",
                drift.len()
            );
            ExitCode::FAILURE
        }
        Err(e) => super::fail(e),
    }
}
