//! The all-or-nothing part of [`write`](fn@super::write): staging the changed
//! files, swapping them into place, and undoing every step on failure.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{io, write_synced, OutputError};

/// Prefix of the staging folders [`write`](fn@super::write) creates in the out dir.
const STAGING: &str = ".sogen-stage-";

/// One step of a [`write`](fn@super::write), as it is undone.
enum Undo {
    /// A folder the write created: remove it.
    Folder(PathBuf),
    /// The staging folder: remove it with everything in it.
    Staging(PathBuf),
    /// A file the write created: remove it.
    Created(PathBuf),
    /// A file replaced or moved aside: its previous content is at `backup`.
    Restore { backup: PathBuf, path: PathBuf },
}

/// The steps a [`write`](fn@super::write) has taken, for undoing them.
#[derive(Default)]
pub(super) struct Swap {
    steps: Vec<Undo>,
    staging: Option<PathBuf>,
}

impl Swap {
    pub(super) fn run(
        &mut self,
        out_dir: &Path,
        changed: &[(PathBuf, &[u8])],
        stale: &[PathBuf],
    ) -> Result<(), OutputError> {
        self.create_folders(out_dir)?;
        let staging = self.create_staging(out_dir)?;
        // Flat names: staging needs no folders, and nothing in it ends in `.rs`.
        let staged: Vec<PathBuf> = (0..changed.len())
            .map(|i| staging.join(format!("new{i}")))
            .collect();
        for ((_, bytes), tmp) in changed.iter().zip(&staged) {
            write_synced(tmp, bytes)?;
        }
        sync_folder(&staging);
        for (i, ((path, _), tmp)) in changed.iter().zip(&staged).enumerate() {
            self.create_folders(path.parent().unwrap_or(out_dir))?;
            let backup = staging.join(format!("old{i}"));
            match fs::symlink_metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(path, "cannot read")(e)),
                // Moved aside below, a folder would be deleted with the staging one.
                Ok(m) if m.is_dir() => {
                    let source = std::io::Error::other("a folder is in the way");
                    return Err(io(path, "cannot write")(source));
                }
                // A hard link keeps the old content while the rename
                // replaces the file atomically.
                Ok(_) if fs::hard_link(path, &backup).is_ok() => {
                    fs::rename(tmp, path).map_err(io(path, "cannot replace"))?;
                    self.restore_later(backup, path);
                    continue;
                }
                // No hard links on this filesystem: move the old file aside.
                Ok(_) => {
                    fs::rename(path, &backup).map_err(io(path, "cannot move aside"))?;
                    self.restore_later(backup, path);
                }
            }
            fs::rename(tmp, path).map_err(io(path, "cannot create"))?;
            self.steps.push(Undo::Created(path.clone()));
        }
        for (i, path) in stale.iter().enumerate() {
            let backup = staging.join(format!("stale{i}"));
            fs::rename(path, &backup).map_err(io(path, "cannot remove stale file"))?;
            self.restore_later(backup, path);
        }
        Ok(())
    }

    fn restore_later(&mut self, backup: PathBuf, path: &Path) {
        self.steps.push(Undo::Restore {
            backup,
            path: path.to_owned(),
        });
    }

    /// Creates `dir` and its missing ancestors, remembering each.
    fn create_folders(&mut self, dir: &Path) -> Result<(), OutputError> {
        let missing: Vec<&Path> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .collect();
        for d in missing.into_iter().rev() {
            match fs::create_dir(d) {
                Ok(()) => self.steps.push(Undo::Folder(d.to_owned())),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(d, "cannot create folder")(e)),
            }
        }
        Ok(())
    }

    fn create_staging(&mut self, out_dir: &Path) -> Result<PathBuf, OutputError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = out_dir.join(format!("{STAGING}{}-{n}", std::process::id()));
            match fs::create_dir(&dir) {
                Ok(()) => {
                    self.steps.push(Undo::Staging(dir.clone()));
                    self.staging = Some(dir.clone());
                    return Ok(dir);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(&dir, "cannot create staging folder")(e)),
            }
        }
    }

    /// Makes the renames durable and drops the previous files.
    pub(super) fn finish(self, out_dir: &Path, changed: &[(PathBuf, &[u8])]) {
        let folders: BTreeSet<&Path> = changed
            .iter()
            .filter_map(|(p, _)| p.parent())
            .chain([out_dir])
            .collect();
        for folder in folders {
            sync_folder(folder);
        }
        if let Some(staging) = self.staging {
            // The new tree is complete; a leftover here is only clutter.
            let _ = fs::remove_dir_all(staging);
        }
    }

    /// Undoes every step in reverse; returns `error`, amended when the
    /// previous files could not all be put back.
    pub(super) fn undo(self, mut error: OutputError) -> OutputError {
        let mut restored = true;
        for step in self.steps.into_iter().rev() {
            match step {
                Undo::Restore { backup, path } => {
                    restored &= fs::rename(&backup, &path).is_ok();
                }
                Undo::Created(path) => restored &= fs::remove_file(&path).is_ok(),
                // Keep the previous files if any of them is still there.
                Undo::Staging(dir) if restored => {
                    let _ = fs::remove_dir_all(dir);
                }
                Undo::Staging(_) => {}
                Undo::Folder(dir) => {
                    let _ = fs::remove_dir(dir);
                }
            }
        }
        if !restored {
            error.action = "failed, and so did restoring the previous output \
                            (its files are kept in the .sogen-stage-* folder)";
        }
        error
    }
}

/// Syncs a folder's entries (renames into it), where the platform allows.
fn sync_folder(dir: &Path) {
    let _ = fs::File::open(dir).and_then(|f| f.sync_all());
}
