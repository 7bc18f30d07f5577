//! Generates the Chat agent of Services88 from the repository's small WSDL set into
//! `OUT_DIR`, exactly as a user's build script would (prost-build style); and, for the
//! example's tests, the same agent with its server side (`Builder::server`) into
//! `OUT_DIR/with_server`, so they can run the program against a generated mock NetServer.

fn main() -> Result<(), sogen_codegen::Error> {
    sogen_codegen::Builder::new()
        .input("../wsdl/Services88")
        .agents(["Chat"])
        .build()?;
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    sogen_codegen::Builder::new()
        .input("../wsdl/Services88")
        .agents(["Chat"])
        .server(true)
        .out_dir(out.join("with_server"))
        .build()
}
