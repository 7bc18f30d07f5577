//! `sogen inspect [--summary | --plan [--format json]] PATH...`: what a set
//! of WSDL files defines, as read or as planned for Rust.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use sogen_codegen::model::{Message, Model, QName, TypeRef, Version};
use sogen_codegen::plan::{self, Plan, TypeItem};
use sogen_codegen::{reader, Config};

/// Arguments of `sogen inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// Print one line per version: agents, operations, and named types
    /// (distinct complex and simple types after merging the version's files).
    #[arg(long, conflicts_with = "plan")]
    summary: bool,
    /// Print the plan: the Rust API generation would produce (types with
    /// their fields' Rust types, agents with their methods' signatures).
    #[arg(long)]
    plan: bool,
    /// With `--plan`: `text` for people, `json` for tools (shape in
    /// codegen/plan.schema.json).
    #[arg(long, value_enum, default_value_t = Format::Text, requires = "plan")]
    format: Format,
    /// With `--plan`: only these agents and the types they reach.
    #[arg(long, value_delimiter = ',', value_name = "LIST", requires = "plan")]
    agents: Vec<String>,
    /// `.wsdl` files, or folders searched recursively.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// How `--plan` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Rust-like lines for people.
    Text,
    /// One JSON document for tools.
    Json,
}

/// Reads the paths and prints the summary, the plan or the full listing.
pub fn run(args: Args) -> ExitCode {
    let model = match reader::read_paths(&args.paths) {
        Ok(m) => m,
        Err(e) => return super::fail(e),
    };
    if args.plan {
        let config = Config {
            agents: args.agents.clone(),
            ..Config::default()
        };
        let planned = match plan::plan(&model, &config) {
            Ok(p) => p,
            Err(e) => return super::fail(e),
        };
        match args.format {
            Format::Json => println!("{}", plan::json::to_json(&planned)),
            Format::Text => print!("{}", plan_text(&planned)),
        }
        return ExitCode::SUCCESS;
    }
    let text = if args.summary {
        summary(&model)
    } else {
        listing(&model)
    };
    print!("{text}");
    ExitCode::SUCCESS
}

/// `Services88: 60 agents, 2029 operations, 2297 types`, one line per version.
///
/// Types counts the distinct named schema types of the version after merging
/// (`Version::types`: complex and simple, from every namespace, the
/// Serialization built-ins guid/char/duration excluded); anonymous types and
/// top-level elements are not counted.
fn summary(model: &Model) -> String {
    let mut out = String::new();
    for v in &model.versions {
        let ops: usize = v.agents.iter().map(|a| a.operations.len()).sum();
        let _ = writeln!(
            out,
            "{}: {} agents, {} operations, {} types",
            v.name,
            v.agents.len(),
            ops,
            v.types.len()
        );
    }
    out
}

/// Per version and agent, every operation with its SOAPAction, parts and headers.
fn listing(model: &Model) -> String {
    let mut out = String::new();
    for v in &model.versions {
        let _ = writeln!(out, "{} ({})", v.name, v.namespace);
        for a in &v.agents {
            let _ = writeln!(
                out,
                "  agent {} ({}, {:?}) {}",
                a.name,
                a.service,
                a.soap,
                a.address.as_deref().unwrap_or("(no address)")
            );
            for op in &a.operations {
                let _ = writeln!(out, "    {}  SOAPAction: {}", op.name, op.soap_action);
                message(&mut out, v, &a.name, "in ", &op.input);
                match &op.output {
                    Some(m) => message(&mut out, v, &a.name, "out", m),
                    None => out.push_str("      out: (one-way)\n"),
                }
            }
        }
    }
    out
}

fn message(out: &mut String, v: &Version, agent: &str, dir: &str, m: &Message) {
    for p in &m.body {
        let _ = writeln!(
            out,
            "      {dir} {}: {}",
            p.name,
            element(v, agent, &p.element)
        );
    }
    for h in &m.headers {
        let _ = writeln!(
            out,
            "      {dir} header {}: {}",
            h.name,
            element(v, agent, &h.element)
        );
    }
}

/// `Name: type`, with the wrapper's fields listed for anonymous types.
fn element(v: &Version, agent: &str, q: &QName) -> String {
    let Some(e) = v.element(agent, q) else {
        return q.name.clone();
    };
    match &e.ty {
        TypeRef::Anonymous(def) => match def.as_ref() {
            sogen_codegen::model::TypeDef::Complex(c) => {
                let fields: Vec<String> = c
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name, type_name(&f.ty)))
                    .collect();
                format!("{} {{{}}}", q.name, fields.join(", "))
            }
            sogen_codegen::model::TypeDef::Simple(_) => format!("{} (simple)", q.name),
        },
        ty => format!("{} ({})", q.name, type_name(ty)),
    }
}

fn type_name(t: &TypeRef) -> String {
    match t {
        TypeRef::Builtin(b) => format!("{b:?}"),
        TypeRef::Named(q) => q.name.clone(),
        TypeRef::Anonymous(_) => "(anonymous)".into(),
    }
}

/// The plan as Rust-like lines: each type with its fields, each method's
/// signature.
fn plan_text(p: &Plan) -> String {
    let mut out = String::new();
    for v in &p.versions {
        let _ = writeln!(out, "mod {} // {}", v.module, v.namespace);
        for t in &v.types {
            match t {
                TypeItem::Record(r) => {
                    let _ = writeln!(out, "  struct types::{}  // {}", r.rust, r.xml_name);
                    for f in &r.fields {
                        let secret = if f.secret { "  (secret)" } else { "" };
                        let _ = writeln!(
                            out,
                            "    {}: {}  // <{}>{secret}",
                            f.rust,
                            f.ty.rust_type(""),
                            f.xml_name
                        );
                    }
                }
                TypeItem::Enum(e) => {
                    let names: Vec<&str> = e.variants.iter().map(|v| v.rust.as_str()).collect();
                    let _ = writeln!(
                        out,
                        "  enum types::{} {{ {}, {}(String) }}",
                        e.rust,
                        names.join(", "),
                        e.unknown
                    );
                }
                TypeItem::Flags(f) => {
                    let _ = writeln!(out, "  struct types::{}(Vec<{}>)", f.rust, f.item.rust);
                }
                TypeItem::Poly(po) => {
                    let names: Vec<String> = po
                        .variants
                        .iter()
                        .map(|x| format!("{}({})", x.rust, x.record))
                        .collect();
                    let _ = writeln!(out, "  enum types::{} {{ {} }}", po.rust, names.join(", "));
                }
            }
        }
        for a in &v.agents {
            let _ = writeln!(
                out,
                "  struct {}::{}  // {}",
                a.module, a.rust, a.service_path
            );
            for op in &a.operations {
                let params: Vec<String> = op
                    .params
                    .iter()
                    .map(|x| format!("{}: {}", x.rust, x.ty.param_type("")))
                    .collect();
                let _ = writeln!(
                    out,
                    "    fn {}({}) -> Call<{}>  // {}",
                    op.method,
                    params.join(", "),
                    op.response.rust_type(""),
                    op.action
                );
            }
        }
    }
    out
}
