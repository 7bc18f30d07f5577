//! [`Builder`]: generate agent modules from a build script (or any code).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError, Layout};
use crate::docs::{Docs, DocsError};
use crate::emit::{self, EmitError, GeneratedFile};
use crate::output::{self, OutputError, WriteReport};
use crate::plan::{self, PlanError};
use crate::reader::{self, ReadError};

/// Anything that stops generation. `Debug` prints the same readable text as
/// `Display` (`file:line:column: ...`), so `fn main() -> Result<(), Error>`
/// in a build script reports it well.
#[derive(thiserror::Error)]
pub enum Error {
    /// The WSDL could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The model could not be mapped to Rust.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The docs file could not be read.
    #[error(transparent)]
    Docs(#[from] DocsError),
    /// The configuration cannot work.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The generator failed to produce valid Rust (a bug; never a panic).
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// The output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// No out dir was set and `OUT_DIR` is not set (not in a build script).
    #[error("no output folder: call Builder::out_dir or run from a build script (OUT_DIR unset)")]
    NoOutDir,
    /// No input was given.
    #[error("no input: call Builder::input with a .wsdl file or a folder")]
    NoInput,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Generates versioned agent modules, the way `prost-build` and
/// `tonic-build` do: in `build.rs`, into `OUT_DIR`, to be `include!`d.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), sogen_codegen::Error> {
///     sogen_codegen::Builder::new()
///         .input("wsdl")
///         .agents(["Chat", "CustomerService"])
///         .build()
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs
/// include!(concat!(env!("OUT_DIR"), "/mod.rs"));
/// // services88::chat::ChatAgent, services88::types::ChatMessage, ...
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    docs: Option<PathBuf>,
    config: Config,
    cargo_output: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder for build scripts: [`Layout::Include`], output to `OUT_DIR`,
    /// `cargo:rerun-if-changed` printed for every input.
    pub fn new() -> Self {
        Builder {
            inputs: Vec::new(),
            out_dir: None,
            docs: None,
            config: Config {
                layout: Layout::Include,
                ..Config::default()
            },
            cargo_output: true,
        }
    }

    /// Adds a `.wsdl` file or a folder searched recursively.
    pub fn input(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// Where to write (default: `OUT_DIR`).
    pub fn out_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.out_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Emits only these agents (by WSDL name, `Chat`) and the types they
    /// reach; default: every agent.
    pub fn agents<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.config.agents = names.into_iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Method docs from `SuperOffice.Services.WcfProxy.xml`.
    pub fn docs(mut self, path: impl AsRef<Path>) -> Self {
        self.docs = Some(path.as_ref().to_path_buf());
        self
    }

    /// How the modules are tied together (default [`Layout::Include`]).
    pub fn layout(mut self, layout: Layout) -> Self {
        self.config.layout = layout;
        self
    }

    /// The wires the agents speak (default [`Wire::Both`](crate::Wire::Both)):
    /// [`Wire::Soap`](crate::Wire::Soap) or [`Wire::Rest`](crate::Wire::Rest) generate
    /// only that codec. With REST, generated types implement `serde::Serialize` and
    /// `Deserialize` in the Agents API's JSON form (the including crate keeps
    /// `sogen-runtime`'s default `rest` feature).
    pub fn wire(mut self, wire: crate::Wire) -> Self {
        self.config.wire = wire;
        self
    }

    /// Also generate the server side (default off): per agent a service trait
    /// with one async method per operation (`services88::server::ChatService`)
    /// and `services88::server::chat::service(impl)`, which `sogen-runtime`'s
    /// `server` feature serves over HTTP. The including crate then enables
    /// that feature.
    pub fn server(mut self, on: bool) -> Self {
        self.config.server = on;
        self
    }

    /// Also implement `proptest::arbitrary::Arbitrary` for every generated
    /// type (for property tests; the including crate depends on `proptest`),
    /// with primitives from the module at `path` (e.g. `crate::arb`; see
    /// [`Config::arbitrary`] for what it provides).
    pub fn arbitrary(mut self, path: &str) -> Self {
        self.config.arbitrary = Some(path.to_string());
        self
    }

    /// Treats field `field` of type (or response wrapper) `type_name`, both
    /// as named on the wire, as a secret: its type's `Debug` shows
    /// `[redacted]`. Fields named like tickets, passwords, tokens and
    /// secrets already are (see [`plan::is_secret_name`]).
    pub fn secret_field(mut self, type_name: &str, field: &str) -> Self {
        self.config
            .secret_fields
            .push((type_name.to_string(), field.to_string()));
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default on).
    pub fn cargo_output(mut self, on: bool) -> Self {
        self.cargo_output = on;
        self
    }

    /// Generates every file in memory, touching nothing on disk.
    pub fn generate(&self) -> Result<Vec<GeneratedFile>, Error> {
        if self.inputs.is_empty() {
            return Err(Error::NoInput);
        }
        if self.cargo_output {
            for p in self.inputs.iter().chain(&self.docs) {
                println!("cargo:rerun-if-changed={}", p.display());
            }
            if let Ok(files) = reader::find_wsdl_files(&self.inputs) {
                for f in files {
                    println!("cargo:rerun-if-changed={}", f.display());
                }
            }
        }
        let config = self.config()?;
        let model = reader::read_paths(&self.inputs)?;
        let plan = plan::plan(&model, &config)?;
        Ok(emit::emit(&plan, &config)?)
    }

    /// The validated [`Config`] the plan and the emitter read, with the docs
    /// file loaded.
    pub fn config(&self) -> Result<Config, Error> {
        self.config.validate()?;
        let mut config = self.config.clone();
        config.docs = self.docs.as_deref().map(Docs::load).transpose()?;
        Ok(config)
    }

    fn dir(&self) -> Result<PathBuf, Error> {
        match &self.out_dir {
            Some(d) => Ok(d.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir),
        }
    }

    /// Generates and writes the files (only those whose content changed),
    /// removing files an earlier run generated that this one does not. On
    /// any error before writing, the previous output is left untouched.
    pub fn write(&self) -> Result<WriteReport, Error> {
        let dir = self.dir()?;
        let files = self.generate()?;
        Ok(output::write(&dir, &files)?)
    }

    /// [`write`](Self::write) for build scripts.
    pub fn build(&self) -> Result<(), Error> {
        self.write().map(|_| ())
    }

    /// Which files in the out dir differ from what generation produces.
    pub fn check(&self) -> Result<Vec<(PathBuf, output::Drift)>, Error> {
        let dir = self.dir()?;
        let files = self.generate()?;
        Ok(output::check(&dir, &files)?)
    }
}
