//! Generates agents of the repository's small WSDL set into `OUT_DIR`, as a user's build
//! script would (prost-build style), with their server side for the tests' mock NetServer.

fn main() -> Result<(), sogen_codegen::Error> {
    sogen_codegen::Builder::new()
        .input("../wsdl") // files or folders, searched recursively
        .agents(["Chat", "SoPrincipal", "CustomerService"]) // these and the types they reach
        .server(true) // their service traits too, for a mock NetServer in the tests
        .build() // into OUT_DIR; prints cargo:rerun-if-changed
}
