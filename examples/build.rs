//! Generates the Chat agent of Services88 from the repository's small WSDL set into
//! `OUT_DIR`, exactly as a user's build script would (prost-build style). The program
//! needs no SoPrincipal agent: its `Session` makes the login call itself.
//!
//! For the example's tests, Chat and SoPrincipal with their server side
//! (`Builder::server`) into `OUT_DIR/with_server`, so that they can run the program
//! against a generated mock NetServer that logs it in and expires its ticket.

fn main() -> Result<(), sogen_codegen::Error> {
    sogen_codegen::Builder::new()
        .input("../wsdl/Services88")
        .agents(["Chat"])
        .build()?;
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    sogen_codegen::Builder::new()
        .input("../wsdl/Services88")
        .agents(["Chat", "SoPrincipal"])
        .server(true)
        .out_dir(out.join("with_server"))
        .build()
}
