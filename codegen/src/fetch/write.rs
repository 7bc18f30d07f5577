//! Writing a fetched file: atomically, and only when its content changed.

use std::fs;
use std::io::Write;
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

/// Writes `content` to `path` through a temporary file in the same folder
/// and a rename, so readers see the old file or the new one, never a part.
pub(super) fn write_if_changed(path: &Path, content: &[u8]) -> Result<Written, FetchError> {
    let io = |source| FetchError::Io {
        path: path.to_owned(),
        source,
    };
    match fs::read(path) {
        Ok(existing) if existing == content => return Ok(Written::Unchanged),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(content)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(Written::Changed)
}
