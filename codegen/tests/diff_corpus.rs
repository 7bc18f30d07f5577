//! `sogen diff` on the real corpus: Services87 against Services88, checked
//! against changes verified by hand in the WSDL files; and the command's
//! exit statuses and JSON output.

// Runs the `sogen` binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;

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
        .map(|a| format!("+ {a}"))
    );

    // Chat's portType: 3 operations in 87 (GetChatPresence,
    // IsWithinOpeningHours, SaveChatPresence), 31 in 88, none dropped.
    let operations = section(&text, "Operations");
    let chat: Vec<&str> = operations
        .iter()
        .filter_map(|l| l.strip_prefix("+ Chat."))
        .collect();
    assert_eq!(
        chat,
        [
            "AcceptChatSessionTransfer",
            "AddChatMessage",
            "AddChatTopicUserAgent",
            "ChatSessionsForUser",
            "ChatTopicsForUser",
            "CreateChatSessionForTopic",
            "CreateDefaultChatSessionEntity",
            "CreateDefaultChatTopicAgent",
            "CreateDefaultChatTopicEntity",
            "DeleteChatSessionEntity",
            "DeleteChatTopicEntity",
            "DeleteChatTopicUserAgent",
            "GetChatMessages",
            "GetChatSessionEntity",
            "GetChatTopicEntity",
            "GetChatTopicUserAgent",
            "GetChatTopicUserAgentList",
            "GetChatTranscript",
            "GetUserAgentList",
            "PickUpChatSession",
            "PickUpFirstChatSession",
            "RejectChatSessionTransfer",
            "ResetChatSession",
            "SaveChatSessionEntity",
            "SaveChatTopicEntity",
            "TransferChatSession",
            "UpdateChatTopicUserAgent",
            "UpdateChatTopicUserAgents",
        ]
    );
    assert!(!operations.iter().any(|l| l.starts_with("- Chat.")));

    // FreeText's portType lost five operations and gained one (sorted by name).
    let freetext: Vec<&str> = operations
        .iter()
        .filter(|l| l.contains(" FreeText."))
        .map(String::as_str)
        .collect();
    assert_eq!(
        freetext,
        [
            "- FreeText.AddWords  [breaking]",
            "- FreeText.DeleteStopWordsById  [breaking]",
            "+ FreeText.FreetextIndexRows",
            "- FreeText.GetStopWordList  [breaking]",
            "- FreeText.GetSuggestedStopWords  [breaking]",
            "- FreeText.SetAutoEnableTravelAreas  [breaking]",
        ]
    );

    // Request wrappers: CreateTicketFromMailData gained
    // `<xs:element minOccurs="0" name="PersonId" type="xs:int"/>`;
    // GetTaskList's `TaskIds` became `SoTaskIds` (both ArrayOfint).
    assert_eq!(
        section(&text, "Parameters and return types"),
        [
            "+ CustomerService.CreateTicketFromMailData(PersonId: int?)  [breaking]",
            "+ List.GetTaskList(SoTaskIds: Arrays:ArrayOfint?)  [breaking]",
            "- List.GetTaskList(TaskIds: Arrays:ArrayOfint?)  [breaking]",
        ]
    );

    let fields = section(&text, "Fields");
    // AppointmentEntity (sent by SaveAppointmentEntity) gained Agenda:
    // breaking for code that builds it. FieldInfoBase (only ever a
    // `Response` of UserDefinedFieldInfo) gained IsDisplayField: not.
    assert!(fields.contains(&"+ AppointmentEntity.Agenda: string?  [breaking]".to_owned()));
    assert!(fields.contains(&"+ FieldInfoBase.IsDisplayField: boolean?".to_owned()));

    // ColorIndex's enumeration gained fifteen *AltN values and lost none.
    let colors: Vec<String> = section(&text, "Enumeration values")
        .into_iter()
        .filter(|l| l.contains(" ColorIndex."))
        .collect();
    assert_eq!(colors.len(), 15);
    assert!(colors
        .iter()
        .all(|l| l.starts_with("+ ColorIndex.") && l.contains("Alt")));

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
fn json_output_carries_every_change() {
    let Some(wsdl) = corpus() else { return };
    let versions = [wsdl.join("Services87"), wsdl.join("Services88")];
    let json = stdout(&sogen(&["--format", "json"], &versions));
    let text = stdout(&sogen(&[], &versions));
    assert!(json.starts_with("{\"old\":\"Services87\",\"new\":\"Services88\",\"changes\":"));
    assert!(json.contains(
        "\n{\"kind\":\"operation_added\",\"breaking\":false,\"agent\":\"Chat\",\"operation\":\"AddChatMessage\"},\n"
    ));
    let items = json.lines().filter(|l| l.starts_with("{\"kind\":")).count();
    let listed = text.lines().filter(|l| l.starts_with("  ")).count();
    let breaking = text.lines().filter(|l| l.ends_with("[breaking]")).count();
    assert!(breaking > 0);
    assert_eq!(items, listed);
    assert!(json.ends_with("\n]}\n"));

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
            .map(|a| format!("+ {a}"))
            .collect();
        expected.extend(
            before
                .difference(&after)
                .map(|a| format!("- {a}  [breaking]")),
        );
        let mut listed = section(&text, "Agents");
        listed.sort_by_key(|l| l.starts_with('-'));
        assert_eq!(
            listed, expected,
            "{old} -> {new}: agents from the file names"
        );
    }
}
