//! The README's "Logging in" programs are these examples, word for word: they compile
//! (`cargo build -p sogen-examples --features online --bins`), and the README cannot drift.

use std::path::Path;

#[test]
fn the_readme_shows_the_login_examples_as_they_are() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for bin in ["login_onsite", "login_access_token", "login_system_user"] {
        let file = format!("examples/src/bin/{bin}.rs");
        let code = std::fs::read_to_string(root.join(&file)).unwrap();
        assert!(
            readme.contains(&format!("```rust,ignore\n{code}```")),
            "README.md does not show {file} as it is"
        );
    }
}
