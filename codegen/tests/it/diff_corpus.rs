//! `sogen diff` on the real corpus: Services87 against Services88, checked
//! against changes verified by hand in the WSDL files; and the command's
//! exit statuses and JSON output.

// Runs the `sogen` binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::common;
use crate::schema_util;

fn corpus() -> Option<PathBuf> {
    common::corpus("")
}

fn sogen(args: &[&str], paths: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sogen"))
        .arg("diff")
        .args(paths)
        .args(args)
        .output()
        .expect("sogen runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// Report lines under `heading`, without their indentation.
fn section(text: &str, heading: &str) -> Vec<String> {
    text.split("\n\n")
        .find_map(|block| block.strip_prefix(&format!("{heading}\n")))
        .map(|body| body.lines().map(|l| l.trim().to_owned()).collect())
        .unwrap_or_default()
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn services87_to_88_lists_the_changes_found_by_hand() {
    let Some(wsdl) = corpus() else { return };
    let out = sogen(&[], &[wsdl.join("Services87"), wsdl.join("Services88")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);

    // `ls Services87 Services88`: seven new files, none gone.
    assert_eq!(
        section(&text, "Agents"),
        [
            "AI",
            "CustomObject",
            "Dash",
            "DocumentMigration",
            "NewsFeed",
            "Targets",
            "Workflow"
        ]
        .map(|a| format!("+ {a}Agent"))
    );

    // Chat's portType: 3 operations in 87 (GetChatPresence,
    // IsWithinOpeningHours, SaveChatPresence), 31 in 88, none dropped.
    let operations = section(&text, "Methods");
    let chat: Vec<&str> = operations
        .iter()
        .filter_map(|l| l.strip_prefix("+ ChatAgent::"))
        .collect();
    assert_eq!(
        chat,
        [
            "accept_chat_session_transfer",
            "add_chat_message",
            "add_chat_topic_user_agent",
            "chat_sessions_for_user",
            "chat_topics_for_user",
            "create_chat_session_for_topic",
            "create_default_chat_session_entity",
            "create_default_chat_topic_agent",
            "create_default_chat_topic_entity",
            "delete_chat_session_entity",
            "delete_chat_topic_entity",
            "delete_chat_topic_user_agent",
            "get_chat_messages",
            "get_chat_session_entity",
            "get_chat_topic_entity",
            "get_chat_topic_user_agent",
            "get_chat_topic_user_agent_list",
            "get_chat_transcript",
            "get_user_agent_list",
            "pick_up_chat_session",
            "pick_up_first_chat_session",
            "reject_chat_session_transfer",
            "reset_chat_session",
            "save_chat_session_entity",
            "save_chat_topic_entity",
            "transfer_chat_session",
            "update_chat_topic_user_agent",
            "update_chat_topic_user_agents",
        ]
    );
    assert!(!operations.iter().any(|l| l.starts_with("- ChatAgent::")));

    // FreeText's portType lost five operations and gained one (sorted by name).
    let freetext: Vec<&str> = operations
        .iter()
        .filter(|l| l.contains(" FreeTextAgent::"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        freetext,
        [
            "- FreeTextAgent::add_words  [breaking]",
            "- FreeTextAgent::delete_stop_words_by_id  [breaking]",
            "+ FreeTextAgent::freetext_index_rows",
            "- FreeTextAgent::get_stop_word_list  [breaking]",
            "- FreeTextAgent::get_suggested_stop_words  [breaking]",
            "- FreeTextAgent::set_auto_enable_travel_areas  [breaking]",
        ]
    );

    // Request wrappers: CreateTicketFromMailData gained
    // `<xs:element minOccurs="0" name="PersonId" type="xs:int"/>` (not
    // nillable: a plain `i32`); GetTaskList's `TaskIds` became `SoTaskIds`
    // (both ArrayOfint: `&[i32]`).
    assert_eq!(
        section(&text, "Parameters and return types"),
        [
            "+ CustomerServiceAgent::create_ticket_from_mail_data(person_id: i32)  [breaking]",
            "+ ListAgent::get_task_list(so_task_ids: impl ItemList<i32>)  [breaking]",
            "- ListAgent::get_task_list(task_ids: impl ItemList<i32>)  [breaking]",
        ]
    );

    let fields = section(&text, "Fields");
    // AppointmentEntity (sent by SaveAppointmentEntity) gained Agenda:
    // breaking for code that builds it. FieldInfoBase (only ever a
    // `Response` of UserDefinedFieldInfo) gained IsDisplayField: not.
    assert!(fields.contains(&"+ AppointmentEntity.agenda: Option<String>  [breaking]".to_owned()));
    assert!(fields.contains(&"+ FieldInfoBase.is_display_field: bool".to_owned()));

    // ColorIndex's enumeration gained fifteen *AltN values and lost none.
    let colors: Vec<String> = section(&text, "Variants")
        .into_iter()
        .filter(|l| l.contains(" ColorIndex::"))
        .collect();
    assert_eq!(colors.len(), 15);
    assert!(colors
        .iter()
        .all(|l| l.starts_with("+ ColorIndex::") && l.contains("Alt")));

    // Workflow's polymorphic bases arrive with their `...Kind` enums.
    let types = section(&text, "Types");
    for kind in ["WorkflowStepBaseKind", "WorkflowStepOptionBaseKind"] {
        assert!(types.contains(&format!("+ {kind}")), "{kind}");
    }

    // The summary counts what is listed.
    let first = text.lines().next().unwrap();
    let listed = text.lines().filter(|l| l.starts_with("  ")).count();
    let breaking = text.lines().filter(|l| l.ends_with("[breaking]")).count();
    assert_eq!(
        first,
        format!("Services87 -> Services88: {listed} changes, {breaking} breaking")
    );
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn fail_on_breaking_sets_the_exit_status() {
    let Some(wsdl) = corpus() else { return };
    let v = |n: &str| wsdl.join(n);
    // 87 -> 88 removes FreeText operations: breaking.
    let out = sogen(&["--fail-on-breaking"], &[v("Services87"), v("Services88")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("breaking changes"));
    // Chat 87 -> 88 only adds operations and types.
    let chat = [v("Services87/Chat.wsdl"), v("Services88/Chat.wsdl")];
    let out = sogen(&["--fail-on-breaking"], &chat);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("Services87 -> Services88: "));
    assert!(stdout(&out).contains(", 0 breaking\n"));
    // A version against itself.
    let out = sogen(&["--fail-on-breaking"], &[v("Services88"), v("Services88")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Services88 -> Services88: no changes\n");
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn json_output_carries_every_change() {
    let Some(wsdl) = corpus() else { return };
    let versions = [wsdl.join("Services87"), wsdl.join("Services88")];
    let json = stdout(&sogen(&["--format", "json"], &versions));
    let text = stdout(&sogen(&[], &versions));
    assert!(json.starts_with(
        "{\"format_version\":1,\"old\":\"Services87\",\"new\":\"Services88\",\"changes\":"
    ));
    assert!(json.contains(
        "\n{\"kind\":\"operation_added\",\"breaking\":false,\"agent\":\"ChatAgent\",\"operation\":\"add_chat_message\",\"wire\":\"AddChatMessage\"},\n"
    ));
    let items = json.lines().filter(|l| l.starts_with("{\"kind\":")).count();
    let listed = text.lines().filter(|l| l.starts_with("  ")).count();
    let breaking = text.lines().filter(|l| l.ends_with("[breaking]")).count();
    assert!(breaking > 0);
    assert_eq!(items, listed);
    assert!(json.ends_with("\n]}\n"));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    schema_util::validate(&doc, "diff.schema.json");

    // An independent parser agrees (Python's json module, when present).
    let python = Command::new("python3")
        .args([
            "-c",
            "import json,sys; d=json.load(sys.stdin); \
             print(d['changes'], len(d['items']), sum(i['breaking'] for i in d['items']), d['breaking'])",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut python) = python else {
        assert!(std::env::var_os("CI").is_none(), "python3 is needed in CI");
        return;
    };
    use std::io::Write as _;
    python
        .stdin
        .take()
        .unwrap()
        .write_all(json.as_bytes())
        .unwrap();
    let out = python.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{items} {items} {breaking} {breaking}\n")
    );
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn unreadable_or_mixed_input_exits_2() {
    let Some(wsdl) = corpus() else { return };
    let out = sogen(&[], &[wsdl.clone(), wsdl.join("Services88")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("OLD holds 5 service versions"));
    let out = sogen(&[], &[wsdl.join("NoSuchVersion"), wsdl.join("Services88")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NoSuchVersion"));
    assert!(out.stdout.is_empty());
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn every_consecutive_pair_of_versions_lists_the_agent_files_that_came_and_went() {
    let Some(wsdl) = corpus() else { return };
    let agents = |v: &str| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(wsdl.join(v))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "wsdl"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    for (old, new) in [
        ("Services84", "Services85"),
        ("Services85", "Services86"),
        ("Services86", "Services87"),
    ] {
        let out = sogen(&[], &[wsdl.join(old), wsdl.join(new)]);
        assert_eq!(out.status.code(), Some(0), "{old} -> {new}");
        let text = stdout(&out);
        assert!(text.starts_with(&format!("{old} -> {new}: ")), "{text}");
        let (before, after) = (agents(old), agents(new));
        let mut expected: Vec<String> = after
            .difference(&before)
            .map(|a| format!("+ {a}Agent"))
            .collect();
        expected.extend(
            before
                .difference(&after)
                .map(|a| format!("- {a}Agent  [breaking]")),
        );
        let mut listed = section(&text, "Agents");
        listed.sort_by_key(|l| l.starts_with('-'));
        assert_eq!(
            listed, expected,
            "{old} -> {new}: agents from the file names"
        );
    }
}
