//! Generates the Chat agent of Services88 from the repository's small WSDL set into
//! `OUT_DIR`, exactly as a user's build script would (prost-build style).

fn main() -> Result<(), sogen_codegen::Error> {
    sogen_codegen::Builder::new()
        .input("../wsdl/Services88")
        .agents(["Chat"])
        .build()
}
