//! A failed write leaves the previous output exactly as it was, on a real
//! full filesystem: small tmpfs mounts the tests make themselves. Mounting
//! needs root (as here and in CI); where it is not permitted the tests skip
//! with a message, unless `CI` is set, where they fail.

#![cfg(target_os = "linux")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sogen_codegen::emit::GeneratedFile;
use sogen_codegen::output::{self, MARKER};
use sogen_codegen::{Builder, Layout};

/// ENOSPC: what a full tmpfs answers, for blocks and for inodes alike.
const NO_SPACE: i32 = 28;

/// A tmpfs mounted on a fresh folder, unmounted and removed on drop.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs with `options` (`size=...`, `nr_inodes=...`); `None`
    /// (after saying why) where mounting is not permitted and CI is unset.
    fn mount(name: &str, options: &str) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!("sogen-tmpfs-{name}-{}", std::process::id()));
        let _ = Command::new("umount").arg(&dir).output();
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&dir)
            .output();
        match mounted {
            Ok(o) if o.status.success() => Some(Tmpfs { dir }),
            other => {
                let _ = fs::remove_dir(&dir);
                let why = match other {
                    Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_owned(),
                    Err(e) => e.to_string(),
                };
                assert!(
                    std::env::var_os("CI").is_none(),
                    "CI is set but mounting a tmpfs failed: {why}"
                );
                eprintln!("skipping: cannot mount a tmpfs ({why}); run as root to test");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let umount = Command::new("umount").arg(&self.dir).output();
        if !umount.is_ok_and(|o| o.status.success()) {
            let _ = Command::new("umount").arg("-l").arg(&self.dir).output();
        }
        let _ = fs::remove_dir(&self.dir);
    }
}

/// Every folder and file under `dir` (relative), with file contents;
/// empty when `dir` does not exist.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if p.is_dir() {
                out.push((rel, None));
                stack.push(p);
            } else {
                out.push((rel, Some(fs::read(&p).unwrap())));
            }
        }
    }
    out.sort();
    out
}

fn local() -> Builder {
    Builder::new()
        .cargo_output(false)
        .layout(Layout::ModuleTree)
        .input(Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl"))
}

fn is_no_space(e: &output::OutputError) -> bool {
    e.source.raw_os_error() == Some(NO_SPACE)
}

/// The case: Chat only, then every agent, whose new top `mod.rs`
/// declares versions that no longer fit. For every filesystem size, from
/// too small for anything to big enough for both, the bigger write either
/// succeeds or leaves the previous tree byte for byte.
#[test]
fn a_full_disk_at_any_point_leaves_the_previous_tree() {
    let previous = local().agents(["Chat"]).generate().unwrap();
    let next = local().generate().unwrap();
    assert!(next.len() > previous.len() + 3);
    let mut failed_on_full_disk = 0;
    for kib in (4..=128).step_by(4) {
        let Some(fs) = Tmpfs::mount("size", &format!("size={kib}k")) else {
            return;
        };
        let out = fs.dir.join("generated");
        if let Err(e) = output::write(&out, &previous) {
            assert!(is_no_space(&e), "{kib}k: {e}");
            assert!(!out.exists(), "{kib}k: a failed first write leaves nothing");
            continue;
        }
        if fs::write(out.join("services88/notes.txt"), "hand-written").is_err() {
            continue; // too full for the hand-written file
        }
        let before = tree(&out);
        match output::write(&out, &next) {
            Ok(report) => {
                assert!(output::check(&out, &next).unwrap().is_empty(), "{kib}k");
                assert_eq!(
                    report.written.len() + report.unchanged.len(),
                    next.len(),
                    "{kib}k"
                );
                assert!(out.join("services88/notes.txt").exists());
                assert!(failed_on_full_disk > 0, "some size fits the first only");
                return;
            }
            Err(e) => {
                assert!(is_no_space(&e), "{kib}k: {e}");
                assert_eq!(tree(&out), before, "{kib}k: {e}");
                failed_on_full_disk += 1;
            }
        }
    }
    panic!("no size up to 128k fits the whole generation");
}

/// Same, through `sogen generate` and `Builder::write`, on a disk nearly
/// filled by a hand-written file after the previous generation.
#[cfg(feature = "cli")]
#[test]
fn sogen_generate_on_a_full_disk_fails_and_changes_nothing() {
    use std::io::Write as _;

    let Some(fs) = Tmpfs::mount("cli", "size=256k") else {
        return;
    };
    let out = fs.dir.join("generated");
    let generate = |agents: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sogen"));
        cmd.arg("generate")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl"))
            .arg("--out")
            .arg(&out);
        if !agents.is_empty() {
            cmd.arg("--agents").arg(agents.join(","));
        }
        cmd.output().unwrap()
    };
    let first = generate(&["Chat"]);
    assert!(first.status.success(), "{first:?}");
    // Full to the last block, then room for three small files: the new
    // generation needs eight new files, so a write file by file would break
    // the tree half way (a new top mod.rs naming versions it could not write).
    let mut filler = fs::File::create(fs.dir.join("filler")).unwrap();
    let block = vec![b'x'; 4096];
    while filler.write_all(&block).is_ok() {}
    let full = filler.metadata().unwrap().len();
    filler.set_len(full - 3 * 4096).unwrap();
    drop(filler);
    let before = tree(&fs.dir);

    let failed = generate(&[]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(tree(&fs.dir), before, "{stderr}");

    let err = local().out_dir(&out).write().unwrap_err();
    assert!(err.to_string().contains("No space left on device"), "{err}");
    assert_eq!(tree(&fs.dir), before);

    fs::remove_file(fs.dir.join("filler")).unwrap();
    let ok = generate(&[]);
    assert!(ok.status.success(), "{ok:?}");
    assert!(local().out_dir(&out).check().unwrap().is_empty());
}

fn file(path: &str, body: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.into(),
        contents: format!("{MARKER}\n{body}\n"),
    }
}

/// Running out of inodes also strikes in the middle of the swap (creating
/// a new folder after files were already replaced): for every inode budget
/// the write either succeeds or every replaced and removed file is put back.
#[test]
fn running_out_of_inodes_mid_swap_puts_everything_back() {
    let previous = vec![
        file("mod.rs", "pub mod a;"),
        file("a/mod.rs", "pub mod old; pub mod x;"),
        file("a/old.rs", "old"),
        file("a/x.rs", "x1"),
    ];
    // Replaces a/mod.rs and a/x.rs, then needs folder b, then mod.rs;
    // a/old.rs becomes stale.
    let next = vec![
        file("mod.rs", "pub mod a; pub mod b;"),
        file("a/mod.rs", "pub mod x;"),
        file("a/x.rs", "x2"),
        file("b/y.rs", "y"),
    ];
    let mut failures: Vec<PathBuf> = Vec::new();
    for inodes in 2..64 {
        let Some(fs) = Tmpfs::mount("inodes", &format!("nr_inodes={inodes}")) else {
            return;
        };
        let out = fs.dir.join("generated");
        if output::write(&out, &previous).is_err() {
            assert!(
                !out.exists(),
                "{inodes} inodes: a failed first write leaves nothing"
            );
            continue;
        }
        if fs::write(out.join("a/hand.rs"), "// mine").is_err() {
            continue; // too few inodes for the hand-written file
        }
        let before = tree(&out);
        match output::write(&out, &next) {
            Ok(report) => {
                assert_eq!(report.removed, vec![out.join("a/old.rs")]);
                assert!(output::check(&out, &next).unwrap().is_empty());
                assert!(out.join("a/hand.rs").exists());
                let top: Vec<_> = tree(&out).into_iter().map(|(p, _)| p).collect();
                assert!(
                    top.iter()
                        .all(|p| !p.to_string_lossy().contains(".sogen-stage")),
                    "{top:?}"
                );
                assert!(
                    failures.contains(&out.join("b")),
                    "one budget ran out creating folder b, after a/ was swapped: {failures:?}"
                );
                return;
            }
            Err(e) => {
                assert!(is_no_space(&e), "{inodes} inodes: {e}");
                assert_eq!(tree(&out), before, "{inodes} inodes: {e}");
                failures.push(e.path);
            }
        }
    }
    panic!("no inode budget fits the whole generation");
}
