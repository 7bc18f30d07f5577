//! Every CLI line of README.md, run as a user runs it from a checkout: [`LINES`] is the
//! list of the README's `sh` lines (a test fails when the two differ), each with what its
//! comment promises. `sogen` is the binary the README's `cargo run` line builds; the
//! lines run in a scratch folder holding a copy of the repository's small set (`wsdl`),
//! beside which `../shared` is the official corpus, so nothing in the repository changes.
//!
//! The CLI section works on the corpus, so it runs with the corpus-wide tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;

/// What a README line is expected to do.
enum Expect {
    /// Exit with this status; stdout holds each of these texts; these files exist after.
    Run(i32, &'static [&'static str], &'static [&'static str]),
    /// Not run here: where it is, and why.
    Elsewhere(&'static str),
}

use Expect::{Elsewhere, Run};

/// How `sogen` is run in the README (its first word is replaced by the binary).
const SOGEN: &str = "cargo run -p sogen-codegen --bin sogen --";

/// The README's `sh` lines, in order, with what each must do.
const LINES: &[(&str, Expect)] = &[
    (
        "cargo run -p sogen-codegen --bin sogen -- generate wsdl --out target/generated",
        Run(0, &[], &["target/generated/mod.rs", "target/generated/services88/chat.rs"]),
    ),
    (
        "cargo test --workspace",
        Elsewhere(".ci/run runs it: the step \"tests (the README's test command)\""),
    ),
    (
        "sogen() { cargo run -q -p sogen-codegen --bin sogen -- \"$@\"; }",
        Elsewhere("it defines `sogen`: the binary of the line above, which this test runs"),
    ),
    (
        "sogen inspect --summary ../shared/wsdl          # Services88: 60 agents, 2029 operations, 958 types",
        Run(0, &["Services88: 60 agents, 2029 operations, 958 types"], &[]),
    ),
    (
        "sogen inspect ../shared/wsdl/Services88/Chat.wsdl   # operations, SOAPActions, parts, headers",
        Run(0, &["GetChatMessages", "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetChatMessages"], &[]),
    ),
    (
        "sogen generate ../shared/wsdl/Services88 --out src/generated --agents Chat --docs ../shared/docs/SuperOffice.Services.WcfProxy.xml",
        Run(0, &[], &["src/generated/services88/chat.rs"]),
    ),
    (
        "sogen check ../shared/wsdl/Services88 --out src/generated --agents Chat --docs ../shared/docs/SuperOffice.Services.WcfProxy.xml   # the same options; exit 1 lists the files that would change",
        Run(0, &[], &[]),
    ),
    (
        "sogen fetch https://host/Cust12345/Remote/Services88/ --out wsdl/Services88   # imports inlined, one file per agent",
        // The agents whose files are in the folder: the copy of the small set's.
        Run(0, &[], &["wsdl/Services88/Chat.wsdl", "wsdl/Services88/SoPrincipal.wsdl"]),
    ),
    (
        "sogen diff ../shared/wsdl/Services87 ../shared/wsdl/Services88   # what changed, and what breaks",
        Run(0, &["Services87 -> Services88: "], &[]),
    ),
    (
        "sogen diff ../shared/wsdl/Services87 ../shared/wsdl/Services88 --format json --fail-on-breaking   # exit 1: something breaks",
        Run(1, &["\"breaking\""], &[]),
    ),
    (
        "RUST_LOG=info,sogen::wire=trace cargo run",
        Elsewhere("the reader's own program, whose tracing subscriber takes the filter; the wire log is tested in sogen-runtime's tests/wire_log.rs"),
    ),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The lines of the README's `sh` blocks.
fn readme_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mut lines = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        match (in_sh, line) {
            (false, "```sh") => in_sh = true,
            (true, "```") => in_sh = false,
            (true, line) => lines.push(line.to_owned()),
            _ => {}
        }
    }
    lines
}

#[test]
fn the_readme_shows_exactly_these_cli_lines() {
    let listed: Vec<&str> = LINES.iter().map(|(line, _)| *line).collect();
    assert_eq!(readme_lines(), listed, "README.md and LINES differ");
}

/// A scratch folder `<tmp>/sogen-readme-cli-<name>-<pid>/work` holding a copy of the
/// small set (`wsdl`), with `../shared` the corpus: the folder to run the lines in.
fn workspace(name: &str) -> PathBuf {
    let top = std::env::temp_dir().join(format!("sogen-readme-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&top);
    let work = top.join("work");
    copy(&repo().join("wsdl"), &work.join("wsdl"));
    std::os::unix::fs::symlink(repo().join("../shared"), top.join("shared")).unwrap();
    work
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs `line` in `work` (`sogen` the binary; `https://host/...` replaced by `base`).
fn run(line: &str, work: &Path, base: Option<&str>) -> Output {
    let command = line.split(" #").next().unwrap().trim();
    let command = command
        .strip_prefix(SOGEN)
        .map_or(command.to_owned(), |rest| format!("sogen{rest}"));
    let mut words = command.split_whitespace().map(|w| match (w, base) {
        ("https://host/Cust12345/Remote/Services88/", Some(base)) => base.to_owned(),
        _ => w.to_owned(),
    });
    assert_eq!(words.next().as_deref(), Some("sogen"), "{line}");
    Command::new(env!("CARGO_BIN_EXE_sogen"))
        .args(words)
        .current_dir(work)
        .output()
        .expect("sogen runs")
}

fn check(line: &str, expect: &Expect, work: &Path, base: Option<&str>) {
    let (code, shown, files) = match expect {
        Run(code, shown, files) => (code, shown, files),
        Elsewhere(reason) => {
            eprintln!("not run here: {line}\n  {reason}");
            return;
        }
    };
    let out = run(line, work, base);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(*code), "{line}\n{out:?}");
    for text in *shown {
        assert!(stdout.contains(text), "{line}: no {text:?} in\n{stdout}");
    }
    for file in *files {
        assert!(work.join(file).is_file(), "{line}: no {file}");
    }
}

#[test]
fn the_setup_line_generates_the_small_set() {
    let work = workspace("setup");
    let (line, expect) = &LINES[0];
    check(line, expect, &work, None);
    std::fs::remove_dir_all(work.parent().unwrap()).unwrap();
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn every_cli_line_does_what_its_comment_says() {
    let Some(corpus) = common::corpus("Services88") else {
        return;
    };
    let (server, _) = crate::fetch_http::services88_server(&corpus);
    let work = workspace("cli");
    for (line, expect) in &LINES[1..] {
        check(line, expect, &work, Some(&server.base));
    }
    std::fs::remove_dir_all(work.parent().unwrap()).unwrap();
}
