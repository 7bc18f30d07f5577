//! Writing a fetched file only when its content changed, atomically (through
//! the crate's one atomic writer, [`crate::output::write_atomic`]).

use std::fs;
use std::path::Path;

use super::FetchError;

/// Whether a file was touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file was created or replaced.
    Changed,
    /// The file already held exactly this content; it was left alone.
    Unchanged,
}

/// Writes `content` to `path` unless it already holds exactly that.
pub(super) fn write_if_changed(path: &Path, content: &[u8]) -> Result<Written, FetchError> {
    match fs::read(path) {
        Ok(existing) if existing == content => return Ok(Written::Unchanged),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(FetchError::Io {
                path: path.to_owned(),
                source,
            })
        }
    }
    crate::output::write_atomic(path, content)?;
    Ok(Written::Changed)
}
