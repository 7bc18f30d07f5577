//! Generation as a whole: golden files for ../wsdl, determinism, selection,
//! and that failures leave earlier output untouched.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use sogen_codegen::emit::GeneratedFile;
use sogen_codegen::output::{self, Drift};
use sogen_codegen::{Builder, Layout};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sogen-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

fn local() -> Builder {
    Builder::new()
        .cargo_output(false)
        .layout(Layout::ModuleTree)
        .input(repo().join("wsdl"))
}

/// `codegen/tests/expected/` holds the output for ../wsdl and ../tests/wsdl
/// (Services98: reserved names; Services99: every construct the generator
/// maps), so a change to what the generator emits shows in review as a diff
/// of readable Rust; `SOGEN_BLESS=1` rewrites it after an intended change.
#[test]
fn output_for_the_local_wsdl_matches_the_golden_files() {
    let files = local().input(repo().join("tests/wsdl")).generate().unwrap();
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected");
    if std::env::var_os("SOGEN_BLESS").is_some() {
        output::write(&expected, &files).unwrap();
    }
    let drift = output::check(&expected, &files).unwrap();
    assert!(
        drift.is_empty(),
        "generated code differs from tests/expected (SOGEN_BLESS=1 to update): {drift:?}"
    );
}

#[test]
fn generating_twice_is_byte_identical_and_rewrites_nothing() {
    let a = local().generate().unwrap();
    let b = local().generate().unwrap();
    assert_eq!(a, b);
    let dir = temp("twice");
    let first = local().out_dir(&dir).write().unwrap();
    assert_eq!(first.written.len(), a.len());
    let mtimes: Vec<_> = first
        .written
        .iter()
        .map(|p| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    let second = local().out_dir(&dir).write().unwrap();
    assert!(second.written.is_empty(), "{:?}", second.written);
    assert_eq!(second.unchanged.len(), a.len());
    let again: Vec<_> = first
        .written
        .iter()
        .map(|p| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    assert_eq!(mtimes, again);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_reports_a_hand_edited_file_and_generate_repairs_it() {
    let dir = temp("edited");
    local().out_dir(&dir).write().unwrap();
    assert!(local().out_dir(&dir).check().unwrap().is_empty());
    let chat = dir.join("services88/chat.rs");
    let text = fs::read_to_string(&chat).unwrap();
    fs::write(
        &chat,
        text.replace("pub fn add_chat_message", "pub fn add_message"),
    )
    .unwrap();
    fs::remove_file(dir.join("services86/types.rs")).unwrap();
    let drift = local().out_dir(&dir).check().unwrap();
    assert_eq!(
        drift,
        vec![
            (dir.join("services86/types.rs"), Drift::Missing),
            (chat.clone(), Drift::Changed)
        ]
    );
    let report = local().out_dir(&dir).write().unwrap();
    assert_eq!(report.written.len(), 2);
    assert!(local().out_dir(&dir).check().unwrap().is_empty());
    fs::remove_dir_all(&dir).unwrap();
}

/// Turning an option off removes what it generated before, in either layout (a build
/// script's `OUT_DIR` included): the `server` modules go, with their folders; another
/// generation in a subfolder of the out dir stays.
#[test]
fn turning_the_server_off_removes_its_files_and_nothing_else() {
    for layout in [Layout::Include, Layout::ModuleTree] {
        let dir = temp(&format!("server-off-{layout:?}"));
        let build = || local().layout(layout).out_dir(&dir);
        build().server(true).write().unwrap();
        let served = dir.join("services88/server/chat.rs");
        assert!(served.is_file(), "{layout:?}");
        local().out_dir(dir.join("nested")).write().unwrap();
        let report = build().write().unwrap();
        assert!(report.removed.contains(&served), "{layout:?}: {report:?}");
        assert!(report
            .removed
            .iter()
            .all(|p| p.components().any(|c| c.as_os_str() == "server")));
        assert!(!dir.join("services88/server").exists(), "{layout:?}");
        assert!(
            dir.join("nested/services88/chat.rs").is_file(),
            "{layout:?}"
        );
        assert!(build().check().unwrap().is_empty(), "{layout:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = fs::metadata(&p).unwrap().modified().unwrap();
                out.push((p.clone(), fs::read(&p).unwrap(), m));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_failing_generation_leaves_the_previous_output_untouched() {
    let dir = temp("failing");
    local().out_dir(&dir).write().unwrap();
    let before = snapshot(&dir);

    // A malformed WSDL next to the good ones: a read error with its position.
    let bad = temp("failing-input");
    fs::create_dir_all(&bad).unwrap();
    fs::write(
        bad.join("Broken.wsdl"),
        "<definitions>\n  <types>\n</definitions>",
    )
    .unwrap();
    let err = local().input(&bad).out_dir(&dir).write().unwrap_err();
    assert!(err.to_string().contains("Broken.wsdl:3:"), "{err}");
    // An unknown agent: a plan error.
    let err = local()
        .agents(["NoSuchAgent"])
        .out_dir(&dir)
        .write()
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown agent `NoSuchAgent`"),
        "{err}"
    );
    assert!(format!("{err:?}").contains("available: Chat, CustomerService"));

    assert_eq!(snapshot(&dir), before);
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&bad).unwrap();
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> Option<&'a str> {
    files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.contents.as_str())
}

#[test]
fn selecting_agents_emits_only_them_and_the_types_they_reach() {
    let files = local().agents(["Chat"]).generate().unwrap();
    let paths: Vec<_> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "mod.rs",
            "services88/chat.rs",
            "services88/codec.rs",
            "services88/json.rs",
            "services88/mod.rs",
            "services88/types.rs"
        ]
    );
    let types = file(&files, "services88/types.rs").unwrap();
    assert!(types.contains("pub struct ChatMessage {"));
    assert!(types.contains("pub enum ChatMessageType {"));
    // Header types (SoExceptionInfo) are declared in the WSDL but no body reaches them.
    assert!(!types.contains("SoExceptionInfo"));
    let all = local().generate().unwrap();
    let types87 = file(&all, "services87/types.rs").unwrap();
    for reached in [
        "ChatSession",
        "TableRight",
        "FieldProperty",
        "FieldRight",
        "ETableRight",
    ] {
        assert!(
            types87.contains(&format!("pub struct {reached}")),
            "{reached}"
        );
    }
}

#[test]
fn include_layout_nests_modules_around_include() {
    let files = local().layout(Layout::Include).generate().unwrap();
    assert!(file(&files, "services88/mod.rs").is_none());
    let top = file(&files, "mod.rs").unwrap();
    assert!(top.contains("pub mod services88 {"), "{top}");
    assert!(top.contains(r#"include!("services88/chat.rs");"#), "{top}");
    // No inner attributes anywhere: every file must be include!-able.
    for f in &files {
        assert!(!f.contents.contains("#!["), "{}", f.path.display());
        assert!(!f.contents.contains("//!"), "{}", f.path.display());
    }
}

#[test]
fn docs_come_from_the_proxy_xml_when_given() {
    let docs = temp("docs");
    fs::create_dir_all(&docs).unwrap();
    let xml = docs.join("proxy.xml");
    fs::write(
        &xml,
        r#"<doc><members><member name="M:SuperOffice.CRM.Services.WcfProxy.Services88.ChatAgentWcfProxy.AddChatMessageAsync(System.Int32)">
        <summary>Add a new message to a chat session</summary>
        <param name="chatSessionId">id of the chat session to add message to</param>
        <returns>The chat message added to the session</returns></member></members></doc>"#,
    )
    .unwrap();
    let files = local().docs(&xml).generate().unwrap();
    let chat = file(&files, "services88/chat.rs").unwrap();
    assert!(
        chat.contains("/// Add a new message to a chat session\n"),
        "{chat}"
    );
    assert!(chat.contains("/// - `chat_session_id`: id of the chat session to add message to"));
    assert!(chat.contains("/// The chat message added to the session"));
    // Without an entry, the WSDL summary.
    assert!(chat.contains("/// Calls `DeleteChatSessionEntity`."));
    fs::remove_dir_all(&docs).unwrap();
}

/// All agents of Services84-88 generate (whenever ../shared/wsdl exists;
/// CI must have it): one file per agent, deterministic. Compiling them is
/// `tests/compile_corpus.sh`.
#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn the_whole_corpus_generates() {
    let Some(shared) = common::corpus("") else {
        return;
    };
    let b = Builder::new().cargo_output(false).input(&shared);
    let files = b.generate().unwrap();
    for (v, agents) in [(84, 48), (85, 49), (86, 53), (87, 53), (88, 60)] {
        let prefix = format!("services{v}/");
        let n = files
            .iter()
            .filter(|f| f.path.to_string_lossy().starts_with(&prefix))
            .count();
        // Agents plus types.rs, codec.rs and json.rs (the include layout has
        // no per-version mod.rs).
        assert_eq!(n, agents + 3, "Services{v}");
    }
    assert_eq!(b.generate().unwrap(), files);
}

/// `codegen/tests/expected_server/`: the `server` modules (and the version
/// `mod.rs` files declaring them) for the same inputs with `server(true)`;
/// every other file is byte for byte the client-only one.
#[test]
fn server_output_matches_its_golden_files_and_leaves_the_client_alone() {
    let client = local().input(repo().join("tests/wsdl")).generate().unwrap();
    let files = local()
        .input(repo().join("tests/wsdl"))
        .server(true)
        .generate()
        .unwrap();
    let is_server = |f: &&GeneratedFile| f.path.components().any(|c| c.as_os_str() == "server");
    let is_version_mod =
        |f: &&GeneratedFile| f.path.components().count() == 2 && f.path.ends_with("mod.rs");
    let (server, rest): (Vec<&GeneratedFile>, Vec<&GeneratedFile>) = files
        .iter()
        .partition(|f| is_server(f) || is_version_mod(f));
    let before: Vec<&GeneratedFile> = client.iter().filter(|f| !is_version_mod(f)).collect();
    assert_eq!(rest, before);
    let server: Vec<GeneratedFile> = server.into_iter().cloned().collect();
    assert!(server
        .iter()
        .any(|f| f.path.ends_with("services99/server/constructs.rs")));
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected_server");
    if std::env::var_os("SOGEN_BLESS").is_some() {
        output::write(&expected, &server).unwrap();
    }
    let drift = output::check(&expected, &server).unwrap();
    assert!(
        drift.is_empty(),
        "generated code differs from tests/expected_server (SOGEN_BLESS=1 to update): {drift:?}"
    );
}
