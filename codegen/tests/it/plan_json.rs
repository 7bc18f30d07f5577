//! The plan as JSON: the CLI and the library give the same document, it
//! conforms to `codegen/plan.schema.json` (checked by Python's independent
//! `jsonschema`) for the whole corpus, and it says what the generated code is.

#![cfg(feature = "cli")]

use crate::common;
use crate::schema_util;

use std::path::{Path, PathBuf};
use std::process::Command;

use schema_util::validate;

use sogen_codegen::{plan, reader, Config};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn inspect_plan(paths: &[PathBuf]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sogen"))
        .args(["inspect", "--plan", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn the_library_and_the_cli_give_the_same_plan() {
    let inputs = [root().join("wsdl"), root().join("tests/wsdl")];
    let model = reader::read_paths(&inputs).unwrap();
    let planned = plan::plan(&model, &Config::default()).unwrap();
    let from_library = plan::json::to_json(&planned);
    assert_eq!(inspect_plan(&inputs), from_library);
    assert_eq!(from_library["format_version"], plan::json::FORMAT_VERSION);
    validate(&from_library, "plan.schema.json");
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn the_whole_corpus_plan_conforms_to_its_schema() {
    let Some(corpus) = common::corpus("") else {
        return;
    };
    let doc = inspect_plan(&[corpus]);
    let versions = doc["versions"].as_array().unwrap();
    let names: Vec<&str> = versions
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Services84",
            "Services85",
            "Services86",
            "Services87",
            "Services88"
        ]
    );
    // The figures ../shared/README.md measured: agents and operations.
    let counts: Vec<(usize, usize)> = versions
        .iter()
        .map(|v| {
            let agents = v["agents"].as_array().unwrap();
            let ops = agents
                .iter()
                .map(|a| a["operations"].as_array().unwrap().len())
                .sum();
            (agents.len(), ops)
        })
        .collect();
    assert_eq!(
        counts,
        [(48, 1286), (49, 1316), (53, 1392), (53, 1444), (60, 2029)]
    );
    // What the generated code is, seen through the JSON.
    let v88 = &versions[4];
    let chat = v88["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Chat")
        .unwrap();
    let add = chat["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "AddChatMessage")
        .unwrap();
    assert_eq!(add["method"], "add_chat_message");
    assert_eq!(
        add["soap_action"],
        "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/AddChatMessage"
    );
    let params: Vec<(&str, &str)> = add["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["rust"].as_str().unwrap(),
                p["param_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            ("chat_session_id", "i32"),
            ("message", "impl Nillable<ChatMessage>")
        ]
    );
    let credentials = v88["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rust"] == "SoCredentials")
        .unwrap();
    assert_eq!(credentials["fields"][0]["secret"], true);
    validate(&doc, "plan.schema.json");
}
