//! Plan -> Rust source files: token streams per file, formatted with
//! prettyplease, laid out as a module tree or for `include!`. Reads only
//! the plan (and the [`Config`]'s output choices).
//!
//! # What the generated code looks like
//!
//! - Per version a module `services88` with `types` (the data definitions
//!   of every type the selected agents reach, once), a private `codec`
//!   (their `Encode`/`Decode` impls: XML, the SOAP wire), a private `json`
//!   (their `Serialize`/`Deserialize` impls: JSON, the REST wire), and one
//!   module per agent (`chat::ChatAgent`, re-exported as
//!   `services88::ChatAgent`). [`Config::wire`] picks the codecs.
//! - Every file imports what it uses of the runtime from one place,
//!   `use sogen_runtime::codegen::*;`; the plan reserves those names.
//! - An agent holds a `sogen_runtime::Client` (cheap clone). Each operation
//!   has a `pub static` `OperationInfo` (`chat::ADD_CHAT_MESSAGE`: .svc path,
//!   SOAPAction, SOAP version) and a method taking the request wrapper's
//!   fields as parameters -- `&str`, `&[T]`, `&T`, small `Copy` values by
//!   value; a parameter is always sent (never `xsi:nil`) -- and returning
//!   `Call<T>`: `.await`, `.with_headers().await`, `.blocking()`. `T` is the
//!   content of the response wrapper's `Response` child, `()` when there is
//!   none, or a generated struct named after the wrapper when it has other
//!   children (`ReadFilePartResponse { response, length }`).
//! - Complex types are structs with inherited fields first (flattened, so
//!   `session.table_right` just works). Field types: nillable single values
//!   are `Option<T>` (`None` is `xsi:nil`); non-nillable values are plain
//!   (absent decodes to the default, as WCF always sends them); arrays
//!   (`ArrayOfX`) are `Vec<T>` (nil reads as empty); dictionaries are ordered
//!   pairs `Vec<(K, V)>`; `anyType` is `AnyValue`; fields that would make a
//!   type infinitely large are boxed. Fields holding secrets (tickets,
//!   passwords, tokens) show as `[redacted]` in `Debug`.
//! - A type with derived types is used through `{Base}Kind`, an enum over the
//!   base and every derived type, written with and read by `xsi:type`.
//! - Enumerations are enums with an `Unknown(String)` fallback (renamed
//!   `UnknownValue` if the schema lists `Unknown`) plus `as_str` and
//!   `From<&str>`; `xs:list` flag sets are `struct Flags(pub Vec<Flag>)`.
//! - Every type derives `Clone, PartialEq, Default` and `Debug` (enums also
//!   `Eq, Hash`; a derived type a discriminator names defaults to its value);
//!   [`Config::arbitrary`] adds proptest `Arbitrary` impls (in `arbitrary.rs`).
//!
//! Generated files never carry inner attributes (`#![..]`, `//!`), so each
//! can be `include!`d; module docs sit on the `mod` items instead.

mod agent;
mod arbitrary;
mod codec;
mod json;
mod ns;
mod rest;
mod server;
mod source;
mod ty;
mod types;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

pub use arbitrary::param_strategy;
pub use source::EmitError;

use crate::config::{Config, Layout};
use crate::plan::{AgentPlan, Plan, VersionPlan};
use source::doc;

/// One generated file, its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative path with `/` separators, e.g. `services88/chat.rs`.
    pub path: PathBuf,
    /// Formatted Rust source.
    pub contents: String,
}

/// The files of one version module, besides its agents'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Types,
    Codec,
    Json,
    Arbitrary,
}

impl Part {
    fn file(self) -> &'static str {
        match self {
            Part::Types => "types",
            Part::Codec => "codec",
            Part::Json => "json",
            Part::Arbitrary => "arbitrary",
        }
    }
}

/// The parts `v` has: `types` always, the impls only when there are types (the codec
/// of each wire generated).
fn parts(v: &VersionPlan, config: &Config) -> Vec<Part> {
    let mut parts = vec![Part::Types];
    if !v.types.is_empty() {
        if config.wire.soap() {
            parts.push(Part::Codec);
        }
        if config.wire.rest() {
            parts.push(Part::Json);
        }
        if config.arbitrary.is_some() {
            parts.push(Part::Arbitrary);
        }
    }
    parts
}

/// Every file for `plan`, in path order.
pub fn emit(plan: &Plan, config: &Config) -> Result<Vec<GeneratedFile>, EmitError> {
    enum Job<'p> {
        Part(&'p VersionPlan, Part),
        Agent(&'p VersionPlan, &'p AgentPlan),
        VersionMod(&'p VersionPlan),
        Server(&'p VersionPlan, &'p AgentPlan),
        ServerMod(&'p VersionPlan),
    }
    // The big `types.rs` and `codec.rs` files first: they are the long poles.
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for v in &plan.versions {
        jobs.extend(parts(v, config).into_iter().map(|p| Job::Part(v, p)));
    }
    for v in &plan.versions {
        jobs.extend(v.agents.iter().map(|a| Job::Agent(v, a)));
        if config.layout == Layout::ModuleTree {
            jobs.push(Job::VersionMod(v));
        }
        if config.server {
            jobs.extend(v.agents.iter().map(|a| Job::Server(v, a)));
            if config.layout == Layout::ModuleTree {
                jobs.push(Job::ServerMod(v));
            }
        }
    }
    // Token streams are not `Send`: each job makes and formats its own.
    let run = |job: &Job<'_>| -> Result<GeneratedFile, EmitError> {
        let (path, tokens) = match job {
            Job::Part(v, part) => {
                let tokens = match part {
                    Part::Types => types::types_file(v),
                    Part::Codec => codec::codec_file(v),
                    Part::Json => json::json_file(v),
                    Part::Arbitrary => {
                        arbitrary::arbitrary_file(v, config.arbitrary.as_deref().unwrap_or(""))
                    }
                };
                (format!("{}/{}.rs", v.module, part.file()), tokens)
            }
            Job::Agent(v, a) => (
                format!("{}/{}.rs", v.module, a.module.trim_start_matches("r#")),
                agent::agent_file(v, a, config.wire),
            ),
            Job::VersionMod(v) => (
                format!("{}/mod.rs", v.module),
                version_modules(v, config, false),
            ),
            Job::Server(v, a) => (
                format!(
                    "{}/server/{}.rs",
                    v.module,
                    a.module.trim_start_matches("r#")
                ),
                server::server_file(v, a, config.wire),
            ),
            Job::ServerMod(v) => (
                format!("{}/server/mod.rs", v.module),
                server::server_modules(v, false),
            ),
        };
        let contents = source::format(&path, tokens)?;
        Ok(GeneratedFile {
            path: PathBuf::from(path),
            contents,
        })
    };
    let mut files = crate::par::ordered_map(&jobs, run)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let top = plan.versions.iter().map(|v| {
        let id = ty::ident(&v.module);
        let docs = doc(&format!(
            "{} (`{}`): `types` and one module per agent.",
            v.name, v.namespace
        ));
        // A binary uses part of the API; the rest (items, the agents' re-exports) must not
        // warn there, as a library's public items never do. Outside the file, so that
        // `include!` works.
        let allow = quote!(#[allow(dead_code, unused_imports)]);
        match config.layout {
            Layout::ModuleTree => quote!(#docs #allow pub mod #id;),
            Layout::Include => {
                let inner = version_modules(v, config, true);
                quote!(#docs #allow pub mod #id { #inner })
            }
        }
    });
    files.push(GeneratedFile {
        path: PathBuf::from("mod.rs"),
        contents: source::format("mod.rs", quote!(#(#top)*))?,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The module items of one version: `pub mod types;` ... or, with
/// `include`, `pub mod types { include!("services88/types.rs"); }`.
fn version_modules(v: &VersionPlan, config: &Config, include: bool) -> TokenStream {
    let module = |name: &str, public: bool, text: String| {
        let id = ty::ident(name);
        let docs = doc(&text);
        let vis = if public { quote!(pub) } else { quote!() };
        let file = name.trim_start_matches("r#");
        if include {
            let path = format!("{}/{file}.rs", v.module);
            quote!(#docs #vis mod #id { include!(#path); })
        } else {
            quote!(#docs #vis mod #id;)
        }
    };
    let mut items = Vec::new();
    for part in parts(v, config) {
        items.push(match part {
            Part::Types => module(
                "types",
                true,
                format!(
                    "Every data type the {} agents below use, shared by all of them.",
                    v.name
                ),
            ),
            Part::Codec => module(
                "codec",
                false,
                "How each type in `types` is written to and read from XML.".to_owned(),
            ),
            Part::Json => module(
                "json",
                false,
                "How each type in `types` is written to and read from JSON (the REST wire): \
                 its `serde` impls."
                    .to_owned(),
            ),
            Part::Arbitrary => module(
                "arbitrary",
                false,
                "`proptest` strategies for each type in `types`.".to_owned(),
            ),
        });
    }
    for a in &v.agents {
        items.push(module(
            &a.module,
            true,
            format!("The {} agent ([`{}`]).", a.name, a.rust),
        ));
    }
    if config.server {
        let docs = doc(&format!(
            "The {} agents served: a service trait per agent (`sogen-runtime`'s `server`).",
            v.name
        ));
        items.push(if include {
            let inner = server::server_modules(v, true);
            quote!(#docs pub mod server { #inner })
        } else {
            quote!(#docs pub mod server;)
        });
    }
    let uses = v.agents.iter().map(|a| {
        let (m, r) = (ty::ident(&a.module), ty::ident(&a.rust));
        quote!(pub use #m::#r;)
    });
    quote!(#(#items)* #(#uses)*)
}
