//! Generates the agents the end-to-end tests call, through the `Builder` exactly as a
//! user's build script would: from the official WSDL in ../shared/wsdl when it exists (CI
//! has it), otherwise from the small hand-written set in ../wsdl; plus tests/wsdl
//! (Services99 `Constructs`, every schema construct the generator maps; Services98, names
//! generated code uses).
//!
//! - `OUT_DIR` (`sogen_tests::generated`): Chat and CustomerService of Services86-88,
//!   Workflow and SoPrincipal of Services88, and tests/wsdl: the clients (the server side
//!   is in `generated_props`).
//! - `OUT_DIR/props` (`sogen_tests::generated_props`): what the every-type and
//!   every-operation suites cover, with `Arbitrary` impls for their values: Services88
//!   Chat and SoPrincipal and tests/wsdl in `cargo test`; every agent of Services86-88
//!   with `SOGEN_TESTS_ALL_AGENTS=1` (CI). Beside it, their case lists: every type
//!   (`roundtrip_cases.rs`, `secret_cases.rs`) and a call of every operation
//!   (`xsd_calls.rs`, `server_calls.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sogen_codegen::model::Model;
use sogen_codegen::plan::{Plan, ResponsePlan, RustTy};

/// Where the property suites' code goes (`sogen_tests::generated_props`).
const PROPS: &str = "sogen_tests::generated_props";

fn main() -> Result<(), sogen_codegen::Error> {
    println!("cargo::rerun-if-env-changed=CI");
    // `SOGEN_TESTS_LOCAL_WSDL=1` builds from ../wsdl even when the corpus exists.
    println!("cargo::rerun-if-env-changed=SOGEN_TESTS_LOCAL_WSDL");
    let local = std::env::var_os("SOGEN_TESTS_LOCAL_WSDL").is_some();
    println!("cargo::rustc-check-cfg=cfg(sogen_corpus)");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest
        .parent()
        .expect("the tests package sits in the workspace");
    let shared = root.join("../shared");
    // `SOGEN_TESTS_ALL_AGENTS=1`: the property suites over every agent of Services86-88
    // (a slower build; CI runs it once).
    println!("cargo::rerun-if-env-changed=SOGEN_TESTS_ALL_AGENTS");
    let all = std::env::var_os("SOGEN_TESTS_ALL_AGENTS").is_some();
    let corpus = shared.join("wsdl").is_dir() && !local;
    let agents: &[&str] = if corpus {
        // Workflow (Services88 only) carries polymorphic types (WorkflowStepBase,
        // WorkflowStepOptionBase) for the NetServer test.
        &[
            "Chat",
            "CustomerService",
            "Workflow",
            "SoPrincipal",
            "Constructs",
            "Self",
            "Types",
        ]
    } else {
        &["Chat", "CustomerService", "Constructs", "Self", "Types"]
    };
    // Services99: one agent using every construct the generator maps;
    // Services98: two agents whose names are the names generated code uses.
    let mut inputs = vec![manifest.join("wsdl")];
    let mut builder = sogen_codegen::Builder::new().agents(agents);
    if corpus {
        for v in ["Services86", "Services87", "Services88"] {
            inputs.push(shared.join("wsdl").join(v));
        }
        let docs = shared.join("docs/SuperOffice.Services.WcfProxy.xml");
        if docs.is_file() {
            builder = builder.docs(docs);
        }
        println!("cargo::rustc-cfg=sogen_corpus");
    } else {
        assert!(
            local || std::env::var_os("CI").is_none(),
            "CI is set but ../shared/wsdl is missing"
        );
        inputs.push(root.join("wsdl"));
    }
    for input in &inputs {
        builder = builder.input(input);
    }
    builder.build()?;
    newer_copy(corpus, &shared, root)?;

    // The property suites' agents and their case lists.
    let (props_agents, props_inputs): (&[&str], Vec<PathBuf>) = if all {
        (&[], inputs)
    } else {
        let v88 = if corpus { &shared } else { root }.join("wsdl/Services88");
        let files = [v88.join("Chat.wsdl"), v88.join("SoPrincipal.wsdl")];
        let mut inputs = vec![manifest.join("wsdl")];
        inputs.extend(files);
        (
            &["Chat", "SoPrincipal", "Constructs", "Self", "Types"],
            inputs,
        )
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let mut props = sogen_codegen::Builder::new()
        .agents(props_agents)
        .arbitrary("crate::arb")
        .server(true)
        .out_dir(out.join("props"));
    for input in &props_inputs {
        props = props.input(input);
    }
    props.build()?;
    one_wire_copies(corpus, &shared, root)?;
    // What the Builder just generated, as plain data, for the case lists.
    let model = sogen_codegen::reader::read_paths(&props_inputs)?;
    let plan = sogen_codegen::plan::plan(
        &model,
        &sogen_codegen::Config {
            agents: props_agents.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        },
    )?;
    roundtrip_cases(&plan);
    record_cases(&plan);
    secret_cases(&plan);
    xsd_calls(&model, &plan, all);
    server_calls(&model, &plan);
    Ok(())
}

/// Writes `file` in `OUT_DIR` when its content changed (no needless rebuilds).
fn write_out(file: &str, code: &str) {
    let path = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join(file);
    if std::fs::read_to_string(&path).ok().as_deref() != Some(code) {
        std::fs::write(path, code).expect("OUT_DIR is writable");
    }
}

/// Services88's Chat.wsdl: the official one when the corpus is used, else the small set's.
fn chat_88(corpus: bool, shared: &Path, root: &Path) -> PathBuf {
    let wsdl = if corpus { shared } else { root }.join("wsdl");
    wsdl.join("Services88/Chat.wsdl")
}

/// Services88 Chat and Services86 CustomerService (whose operations the current Agents
/// API no longer has) generated for one wire only, into `OUT_DIR/soap_only` and
/// `OUT_DIR/rest_only` (`sogen_tests::generated_soap_only`, `generated_rest_only`), with
/// the server side, for `tests/one_wire.rs`: each compiles, and each fails on a client of
/// the other wire with a typed error; and Services99 Contact into `OUT_DIR/shapes`
/// (`generated_shapes`), one operation per REST request shape.
fn one_wire_copies(corpus: bool, shared: &Path, root: &Path) -> Result<(), sogen_codegen::Error> {
    let chat = chat_88(corpus, shared, root);
    let wsdl = if corpus { shared } else { root }.join("wsdl");
    let customer_service = wsdl.join("Services86/CustomerService.wsdl");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for (wire, dir) in [
        (sogen_codegen::Wire::Soap, "soap_only"),
        (sogen_codegen::Wire::Rest, "rest_only"),
    ] {
        sogen_codegen::Builder::new()
            .input(&chat)
            .input(&customer_service)
            .wire(wire)
            .server(true)
            .out_dir(out.join(dir))
            .build()?;
    }
    // Services99 Contact, an agent named as one of the Agents API's so that each request
    // shape applies (kept apart: the corpus has a large Contact agent of its own).
    sogen_codegen::Builder::new()
        .input(root.join("tests/wsdl/Services99/Contact.wsdl"))
        .server(true)
        .out_dir(out.join("shapes"))
        .build()
}

/// Services88 Chat as a newer server would declare it: `ChatMessage` with two fields
/// added at the end (where a data contract's new members go), generated with the server
/// into `OUT_DIR/newer` (`sogen_tests::generated_newer`), for `tests/newer_server.rs`.
fn newer_copy(corpus: bool, shared: &Path, root: &Path) -> Result<(), sogen_codegen::Error> {
    let chat = chat_88(corpus, shared, root);
    let text = std::fs::read_to_string(&chat).expect("Services88/Chat.wsdl is readable");
    let last = r#"<xs:element minOccurs="0" name="WhenPosted" type="xs:dateTime"/>"#;
    let start = text
        .find(r#"<xs:complexType name="ChatMessage">"#)
        .expect("Chat.wsdl declares ChatMessage");
    let at = start
        + text[start..]
            .find(last)
            .expect("ChatMessage ends with WhenPosted");
    let added = concat!(
        r#"<xs:element minOccurs="0" name="Mood" nillable="true" type="xs:string"/>"#,
        r#"<xs:element minOccurs="0" name="Priority" type="xs:int"/>"#,
    );
    let newer = format!(
        "{}{added}{}",
        &text[..at + last.len()],
        &text[at + last.len()..]
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let dir = out.join("newer-wsdl/Services88");
    std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    write_out("newer-wsdl/Services88/Chat.wsdl", &newer);
    sogen_codegen::Builder::new()
        .input(dir.join("Chat.wsdl"))
        .server(true)
        .out_dir(out.join("newer"))
        .build()
}

/// Writes `OUT_DIR/xsd_calls.rs` for `tests/xsd_validation.rs`: per agent a
/// function calling every operation once with arguments drawn from the same
/// strategies as the generated `Arbitrary` impls, through a `Harness` the
/// test defines (`value(strategy)`, `client()`, `capture(..)`), plus
/// `AGENTS` (each with its WSDL file) and the total operation count.
fn xsd_calls(model: &Model, plan: &Plan, all: bool) {
    let mut code = String::from("// @generated by tests/build.rs: one call per operation.\n");
    let mut table = String::new();
    let mut operations = 0;
    for v in &plan.versions {
        let module = format!("{PROPS}::{}", v.module);
        let types = format!("{module}::types::");
        for a in &v.agents {
            let wsdl = wsdl_of(model, &v.name, &a.name);
            let func = format!("{}_{}", v.module, a.module.trim_start_matches("r#"));
            let _ = writeln!(table, "    ({:?}, {:?}, {wsdl:?}, {func}),", v.name, a.name);
            let _ = writeln!(
                code,
                "\nfn {func}(h: &mut Harness) {{\n    let depth = DEPTH;\n    let agent = {module}::{}::{}::new(h.client());",
                a.module, a.rust
            );
            for op in &a.operations {
                operations += 1;
                let mut args = Vec::new();
                code += "    {\n";
                for (i, p) in op.params.iter().enumerate() {
                    let (strategy, pass) =
                        sogen_codegen::emit::param_strategy(&p.ty, "sogen_tests::arb", &types);
                    let _ = writeln!(code, "        let p{i} = h.value({strategy});");
                    args.push(pass.replace("{}", &format!("p{i}")));
                }
                let _ = writeln!(
                    code,
                    "        let result = agent.{}({}).blocking();\n        h.capture({:?}, result);\n    }}",
                    op.method,
                    args.join(", "),
                    op.name
                );
            }
            code += "}\n";
        }
    }
    let _ = write!(
        code,
        "\n/// (version, agent, WSDL file, calls of every operation).\n\
         const AGENTS: &[(&str, &str, &str, fn(&mut Harness))] = &[\n{table}];\n\n\
         /// Operations of the generated agents.\nconst OPERATIONS: usize = {operations};\n\n\
         /// Whether every agent of the inputs was generated.\nconst ALL_AGENTS: bool = {all};\n"
    );
    write_out("xsd_calls.rs", &code);
}

/// The WSDL file of agent `agent` of `version`.
fn wsdl_of(model: &Model, version: &str, agent: &str) -> String {
    model
        .versions
        .iter()
        .filter(|mv| mv.name == version)
        .flat_map(|mv| &mv.agents)
        .find(|ma| ma.name == agent)
        .map(|ma| ma.file.display().to_string())
        .expect("every planned agent has a WSDL file")
}

/// `expr`, a value of what `param_strategy` draws for `ty` (all of an `Option`, a `Box`
/// without its box), as a value of `ty`.
fn wrap_value(ty: &RustTy, expr: String) -> String {
    match ty {
        RustTy::Boxed(t) => format!("Box::new({})", wrap_value(t, expr)),
        _ => expr,
    }
}

/// `strategy`, one of what `param_strategy` draws for `ty`, as a strategy of `ty`.
fn wrap_strategy(ty: &RustTy, strategy: String) -> String {
    match ty {
        RustTy::Boxed(t) => format!("{}.prop_map(Box::new)", wrap_strategy(t, strategy)),
        _ => strategy,
    }
}

/// Writes `OUT_DIR/server_calls.rs` for `tests/server_roundtrip.rs`: per agent a service
/// implementation whose every method hands what it received to the test's `Slot`
/// (`slot.take(cx, op)`, `.arg(i, &value)`, `.finish()`: compared with what was sent,
/// answered with the response the test chose), and a function calling every operation
/// once with generated arguments and a generated response through a `Net` the test
/// defines (`value(strategy)`, `client(version)`, `expect(..)`, `run(call)`, `check(..)`);
/// plus `AGENTS` (version, agent, WSDL file, calls, service, operations) and the
/// operation count.
fn server_calls(model: &Model, plan: &Plan) {
    let mut code = String::from(
        "// @generated by tests/build.rs: every operation through a generated server.\n",
    );
    let mut table = String::new();
    let mut operations = 0;
    for v in &plan.versions {
        let module = format!("{PROPS}::{}", v.module);
        let types = format!("{module}::types::");
        for a in &v.agents {
            let wsdl = wsdl_of(model, &v.name, &a.name);
            let func = format!("{}_{}", v.module, a.module.trim_start_matches("r#"));
            let imp = format!("Echo_{func}");
            let _ = writeln!(
                table,
                "    ({:?}, {:?}, {wsdl:?}, {func}, |slot| {module}::server::{}::service({imp}(slot)), {}),",
                v.name, a.name, a.module, a.operations.len()
            );
            let _ = writeln!(
                code,
                "\n#[allow(non_camel_case_types)]\nstruct {imp}(std::sync::Arc<Slot>);\n\nimpl {module}::server::{} for {imp} {{",
                a.service
            );
            let mut calls = format!(
                "\nfn {func}(h: &mut Net) {{\n    let depth = DEPTH;\n    let agent = {module}::{}::{}::new(h.client({:?}));\n",
                a.module, a.rust, v.name
            );
            for op in &a.operations {
                operations += 1;
                let ret = op.response.rust_type(&types);
                let params: Vec<String> = op
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| format!("p{i}: {}", p.ty.rust_type(&types)))
                    .collect();
                if op.params.len() + 2 > 7 {
                    code += "    #[allow(clippy::too_many_arguments)]\n";
                }
                let _ = writeln!(
                    code,
                    "    async fn {}(&self, cx: &RequestContext, {}) -> Result<{ret}, ServiceError> {{\n        let {}e = self.0.take(cx, {:?}, [{}, {}, {}]);",
                    op.method,
                    params.join(", "),
                    if op.params.is_empty() { "" } else { "mut " },
                    op.name,
                    op.headers.application_token,
                    op.headers.credentials,
                    op.headers.time_zone
                );
                for i in 0..op.params.len() {
                    let _ = writeln!(code, "        e.arg({i}, &p{i});");
                }
                code += "        e.finish()\n    }\n";

                let mut args = Vec::new();
                let mut sent = Vec::new();
                calls += "    {\n";
                for (i, p) in op.params.iter().enumerate() {
                    let (strategy, pass) =
                        sogen_codegen::emit::param_strategy(&p.ty, "sogen_tests::arb", &types);
                    let _ = writeln!(calls, "        let p{i} = h.value({strategy});");
                    args.push(pass.replace("{}", &format!("p{i}")));
                    sent.push(format!(
                        "Box::new({})",
                        wrap_value(&p.ty, format!("p{i}.clone()"))
                    ));
                }
                let response = match &op.response {
                    ResponsePlan::Void => "proptest::strategy::Just(())".to_owned(),
                    ResponsePlan::Content(t) => {
                        let (s, _) =
                            sogen_codegen::emit::param_strategy(t, "sogen_tests::arb", &types);
                        wrap_strategy(t, s)
                    }
                    ResponsePlan::Wrapper(n) => {
                        let t = RustTy::Named(n.clone());
                        sogen_codegen::emit::param_strategy(&t, "sogen_tests::arb", &types).0
                    }
                };
                let _ = writeln!(
                    calls,
                    "        let response = h.value({response});\n        h.expect({:?}, vec![{}], Box::new(response.clone()));\n        let result = h.run(agent.{}({}));\n        h.check({:?}, {}, {}, result, response);\n    }}",
                    op.name,
                    sent.join(", "),
                    op.method,
                    args.join(", "),
                    op.name,
                    op.response_element.headers,
                    op.headers.time_zone,
                );
            }
            code += "}\n";
            calls += "}\n";
            code += &calls;
        }
    }
    let _ = write!(
        code,
        "\n/// (version, agent, WSDL file, calls of every operation, the agent's service, its\n/// operations).\n\
         const AGENTS: &[(&str, &str, &str, fn(&mut Net), fn(std::sync::Arc<Slot>) -> Service, usize)] = &[\n{table}];\n\n\
         /// Operations of the generated agents.\nconst OPERATIONS: usize = {operations};\n"
    );
    write_out("server_calls.rs", &code);
}

/// Writes `OUT_DIR/secret_cases.rs` for `tests/secrets.rs`: per record
/// with secret fields, a `case!(module, Type, |v| ..)` that sets each secret
/// field to a sentinel (`SOGEN-SECRET-<n>`).
fn secret_cases(plan: &Plan) {
    let mut cases = String::from("{\n");
    for v in &plan.versions {
        for t in &v.types {
            let sogen_codegen::plan::TypeItem::Record(r) = t else {
                continue;
            };
            let sets: Vec<String> = r
                .fields
                .iter()
                .filter(|f| f.secret)
                .enumerate()
                .map(|(i, f)| {
                    let text = format!("\"SOGEN-SECRET-{i}\"");
                    let value = match f.ty.rust_type("").as_str() {
                        "String" => format!("{text}.into()"),
                        "Option<String>" => format!("Some({text}.into())"),
                        "Vec<u8>" => format!("{text}.as_bytes().to_vec()"),
                        "Option<Vec<u8>>" => format!("Some({text}.as_bytes().to_vec())"),
                        "Vec<String>" => format!("vec![{text}.into()]"),
                        "Vec<Option<String>>" => format!("vec![Some({text}.into())]"),
                        other => panic!("secret field of type {other}: add its sentinel"),
                    };
                    format!("v.{} = {value};", f.rust)
                })
                .collect();
            if !sets.is_empty() {
                let _ = writeln!(
                    cases,
                    "case!({}, {}, |v| {{ {} }});",
                    v.module,
                    r.rust,
                    sets.join(" ")
                );
            }
        }
    }
    cases += "}\n";
    write_out("secret_cases.rs", &cases);
}

/// Lists every generated record as a `case!(module, Type)` line in
/// `OUT_DIR/record_cases.rs`, for the JSON tests of absent members.
fn record_cases(plan: &Plan) {
    let mut cases = String::from("{\n");
    for v in &plan.versions {
        for t in &v.types {
            if let sogen_codegen::plan::TypeItem::Record(r) = t {
                let _ = writeln!(cases, "case!({}, {});", v.module, r.rust);
            }
        }
    }
    cases += "}\n";
    write_out("record_cases.rs", &cases);
}

/// Lists every generated type (each has a codec) as a `case!(module, Type)`
/// line in `OUT_DIR/roundtrip_cases.rs`, for the property tests to include.
fn roundtrip_cases(plan: &Plan) {
    // One block expression: include! in statement position takes one.
    let mut cases = String::from("{\n");
    for v in &plan.versions {
        for t in &v.types {
            let _ = writeln!(cases, "case!({}, {});", v.module, t.rust());
        }
    }
    cases += "}\n";
    write_out("roundtrip_cases.rs", &cases);
}
