//! Generates the agents the end-to-end tests call, through the `Builder`
//! exactly as a user's build script would: from the official WSDL in
//! ../shared/wsdl when it exists (CI has it), otherwise from the small
//! hand-written set in ../wsdl.

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
    let mut builder = sogen_codegen::Builder::new().agents(["Chat", "CustomerService"]);
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
    builder.build()
}
