//! `sogen generate` and `sogen check` as a user runs them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sogen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sogen"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap())
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sogen-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

#[test]
fn generate_then_check_then_catch_a_hand_edit() {
    let dir = temp("check");
    let out = dir.to_str().unwrap();
    let g = sogen(&["generate", "wsdl", "--out", out]);
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    assert!(dir.join("services88/chat.rs").is_file());
    assert!(dir.join("services88/mod.rs").is_file());

    let c = sogen(&["check", "wsdl", "--out", out]);
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );

    let types = dir.join("services87/types.rs");
    let text = fs::read_to_string(&types).unwrap();
    fs::write(
        &types,
        text.replace("pub chat_session_id: i32", "pub chat_session_id: i64"),
    )
    .unwrap();
    let c = sogen(&["check", "wsdl", "--out", out]);
    assert_eq!(c.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&c.stdout);
    assert_eq!(stdout.trim(), format!("changed: {}", types.display()));

    let g = sogen(&["generate", "wsdl", "--out", out]);
    assert!(String::from_utf8_lossy(&g.stderr).contains("1 written"));
    assert_eq!(
        sogen(&["check", "wsdl", "--out", out]).status.code(),
        Some(0)
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn agents_and_errors_on_the_command_line() {
    let dir = temp("agents");
    let out = dir.to_str().unwrap();
    let g = sogen(&[
        "generate",
        "wsdl",
        "--out",
        out,
        "--agents",
        "CustomerService",
    ]);
    assert!(g.status.success());
    assert!(!dir.join("services88").exists());
    assert!(dir.join("services86/customer_service.rs").is_file());

    let e = sogen(&["generate", "wsdl", "--out", out, "--agents", "Nope"]);
    assert_eq!(e.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&e.stderr);
    assert!(
        stderr.starts_with("sogen: unknown agent `Nope`"),
        "{stderr}"
    );

    let e = sogen(&["generate", "no/such/folder", "--out", out]);
    assert_eq!(e.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&e.stderr).contains("no/such/folder"));
    fs::remove_dir_all(&dir).unwrap();
}

/// Types, enumeration values, agents, operations and parameters named
/// `Self`, `Option`, `Encode`, `Client`, `self`, `w`, ... (tests/wsdl/Services98):
/// exit 0 and modules that avoid every clash (the tests package compiles them).
#[test]
fn reserved_names_generate_without_panicking() {
    let dir = temp("reserved");
    let g = sogen(&[
        "generate",
        "tests/wsdl/Services98",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        g.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&g.stderr)
    );
    let agent = fs::read_to_string(dir.join("services98/self_.rs")).unwrap();
    assert!(agent.contains("pub struct SelfAgent"), "{agent}");
    assert!(
        agent.contains("pub fn new_2("),
        "the operation `New` beside `SelfAgent::new`"
    );
    assert!(
        agent.contains("w_2: i32"),
        "a parameter `w` beside the writer closure's `w`"
    );
    assert!(
        agent.contains("pub static NS_2: OperationInfo"),
        "the operation `Ns` beside `NS`"
    );
    let types = fs::read_to_string(dir.join("services98/types.rs")).unwrap();
    assert!(types.contains("pub enum OptionServices98 {"), "{types}");
    assert!(types.contains("    Self2,"), "an enumeration value `Self`");
    assert!(
        types.contains("pub struct Encode {"),
        "runtime names are free in `types`"
    );
    fs::remove_dir_all(&dir).unwrap();
}
