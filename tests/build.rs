//! Generates the agents the end-to-end tests call, through the `Builder`
//! exactly as a user's build script would: from the official WSDL in
//! ../shared/wsdl when it exists (CI has it), otherwise from the small
//! hand-written set in ../wsdl; plus tests/wsdl (Services99 `Constructs`, every
//! schema construct the generator maps). Every type gets `Arbitrary` impls for
//! the property tests.

use std::path::Path;

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
    // `SOGEN_TESTS_ALL_AGENTS=1`: every agent of Services86-88, so the
    // property tests cover every type (a slower build; CI runs it once).
    println!("cargo::rerun-if-env-changed=SOGEN_TESTS_ALL_AGENTS");
    let agents: &[&str] = if std::env::var_os("SOGEN_TESTS_ALL_AGENTS").is_some() {
        &[]
    } else {
        &["Chat", "CustomerService", "Constructs"]
    };
    let mut builder = sogen_codegen::Builder::new()
        .agents(agents)
        // Services99: one agent using every construct the generator maps.
        .input(manifest.join("wsdl"))
        .arbitrary("crate::arb");
    if shared.join("wsdl").is_dir() && !local {
        for v in ["Services86", "Services87", "Services88"] {
            builder = builder.input(shared.join("wsdl").join(v));
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
        builder = builder.input(root.join("wsdl"));
    }
    builder.build()?;
    roundtrip_cases()
}

/// Lists every generated type with a codec as a `case!(module, Type)` line
/// in `OUT_DIR/roundtrip_cases.rs`, for the property tests to include.
fn roundtrip_cases() -> Result<(), sogen_codegen::Error> {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    // One block expression: include! in statement position takes one.
    let mut cases = String::from("{\n");
    let mut versions: Vec<_> = std::fs::read_dir(&out)
        .expect("OUT_DIR is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("types.rs").is_file())
        .collect();
    versions.sort();
    for dir in versions {
        let module = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join("types.rs")).expect("types.rs is readable");
        for line in text.lines() {
            if let Some(ty) = line
                .strip_prefix("impl Encode for ")
                .and_then(|r| r.strip_suffix(" {"))
            {
                cases += &format!("case!({module}, {ty});\n");
            }
        }
    }
    cases += "}\n";
    std::fs::write(out.join("roundtrip_cases.rs"), cases).expect("OUT_DIR is writable");
    Ok(())
}
