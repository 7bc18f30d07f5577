//! `sogen inspect`, run as a real process.

use crate::common;
use crate::reader_util;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reader_util::{agent_wsdl, ns};

fn sogen(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sogen"))
        .args(args)
        .output()
        .expect("sogen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// A fresh temporary folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sogen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn summary_of_the_corpus_prints_the_documented_counts() {
    let Some(corpus) = common::corpus("") else {
        return;
    };
    let out = sogen(&[Path::new("inspect"), Path::new("--summary"), &corpus]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Services84: 48 agents, 1286 operations, 526 types\n\
         Services85: 49 agents, 1316 operations, 540 types\n\
         Services86: 53 agents, 1392 operations, 583 types\n\
         Services87: 53 agents, 1444 operations, 625 types\n\
         Services88: 60 agents, 2029 operations, 958 types\n"
    );
}

#[test]
fn summary_and_listing_of_a_small_folder() {
    let dir = scratch("small");
    std::fs::create_dir_all(dir.join("Services2")).unwrap();
    let schema = r#"<xs:element name="Echo"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="Text" nillable="true" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#;
    std::fs::write(
        dir.join("Alpha.wsdl"),
        agent_wsdl("Services1", "Alpha", schema, &["Echo", "Ping"]),
    )
    .unwrap();
    std::fs::write(
        dir.join("Services2/Beta.wsdl"),
        agent_wsdl("Services2", "Beta", "", &["Ping"]),
    )
    .unwrap();

    let out = sogen(&[Path::new("inspect"), Path::new("--summary"), &dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Types: SoCredentials in each version.
    assert_eq!(
        text(&out.stdout),
        "Services1: 1 agents, 2 operations, 1 types\nServices2: 1 agents, 1 operations, 1 types\n"
    );

    let out = sogen(&[Path::new("inspect"), &dir.join("Alpha.wsdl")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    let echo = format!("    Echo  SOAPAction: {}/Alpha/Echo\n", ns("Services1"));
    assert!(
        listing.starts_with(&format!("Services1 ({})\n", ns("Services1"))),
        "{listing}"
    );
    assert!(listing.contains("  agent Alpha (WcfAlphaService, Soap11) https://host/Cust1/Remote/Services1/Alpha.svc\n"), "{listing}");
    assert!(listing.contains(&echo), "{listing}");
    assert!(
        listing.contains("      in  parameters: Echo {Text: String}\n"),
        "{listing}"
    );
    assert!(
        listing.contains("      in  header Credentials: Credentials (SoCredentials)\n"),
        "{listing}"
    );
    assert!(
        listing.contains("      out parameters: EchoResponse {}\n"),
        "{listing}"
    );
    assert!(
        listing.contains("      out header Succeeded: Succeeded (Boolean)\n"),
        "{listing}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_are_printed_with_file_line_and_column_and_exit_non_zero() {
    let dir = scratch("errors");
    let bad = dir.join("Bad.wsdl");
    let text_in = agent_wsdl("Services1", "Bad", "", &["Ping"])
        .replace(r#"type="tns:Bad""#, r#"type="tns:Nope""#);
    std::fs::write(&bad, &text_in).unwrap();
    let (line, column) = reader_util::at(&text_in, "tns:Nope");
    let out = sogen(&[Path::new("inspect"), &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        format!(
            "sogen: {}:{line}:{column}: portType `{{{}}}Nope` is not defined\n",
            bad.display(),
            ns("Services1")
        )
    );

    let missing = dir.join("Missing.wsdl");
    let out = sogen(&[Path::new("inspect"), Path::new("--summary"), &missing]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("sogen: {}: cannot read: ", missing.display())),
        "{err}"
    );

    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = sogen(&[Path::new("inspect"), Path::new("--summary"), &empty]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "sogen: {}: no .wsdl file found in this folder (searched recursively)\n",
            empty.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn inspect_without_a_path_is_a_usage_error() {
    let out = sogen(&[Path::new("inspect")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("PATH"), "{}", text(&out.stderr));
}
