//! What the integration tests share: where the official corpus is.

use std::path::PathBuf;

/// `../shared/wsdl/<sub>` (`sub` may be empty), or `None` when it is absent
/// and the test should skip. In CI (`CI` set) an absent corpus fails instead:
/// a test that passes by skipping there checks nothing.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/wsdl")
        .join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but the corpus {} is missing",
        dir.display()
    );
    eprintln!("skipping: {} not found", dir.display());
    None
}
