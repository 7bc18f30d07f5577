//! Finds the `.wsdl` files under the paths a user gave.

use std::path::{Path, PathBuf};

use super::error::{ErrorKind, ReadError};

/// Expands each path: a file is taken as is (whatever its extension); a
/// folder is searched recursively for `*.wsdl` (any case), in sorted order.
/// Symbolic links to folders are not followed. Duplicates are dropped.
///
/// Errors: a path that does not exist or cannot be read ([`ErrorKind::Io`]),
/// a folder without any `.wsdl` file ([`ErrorKind::NoWsdl`]).
pub fn find_wsdl_files<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PathBuf>, ReadError> {
    let mut out = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let meta = std::fs::metadata(p)
            .map_err(|e| ReadError::path(ErrorKind::Io, p, format!("cannot read: {e}")))?;
        if meta.is_dir() {
            let before = out.len();
            walk(p, &mut out)?;
            if out.len() == before {
                return Err(ReadError::path(
                    ErrorKind::NoWsdl,
                    p,
                    "no .wsdl file found in this folder (searched recursively)",
                ));
            }
        } else {
            out.push(p.to_path_buf());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let io =
        |e: std::io::Error| ReadError::path(ErrorKind::Io, dir, format!("cannot read folder: {e}"));
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let link = std::fs::symlink_metadata(&path).map_err(io)?;
        if link.is_dir() {
            walk(&path, out)?;
        } else if is_wsdl(&path) && std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_wsdl(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wsdl"))
}
