//! The JSON codec (the REST wire) over every generated type: writing then reading gives
//! back the original value, and writing that again the same bytes, for generated values
//! of every type the build script generated (Chat and CustomerService of Services86-88,
//! Workflow's discriminated polymorphic types with the corpus, every construct of
//! Services99), nil, empty lists and unknown members included; every record read from
//! `{}` (every member absent) is its default. Reading goes through `json::decode_json`,
//! the response reader of a REST call, with its limits.

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::{de::DeserializeOwned, Serialize};
use sogen_runtime::json::decode_json;
use sogen_runtime::Limits;
use sogen_tests::generated_props::*;

fn roundtrip<T>(v: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + Default + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_vec(v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let text = String::from_utf8_lossy(&json).into_owned();
    let back: T = decode_json(&json, &Limits::default(), None)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    proptest::prop_assert_eq!(&back, v, "{}", text);
    let again = serde_json::to_vec(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
    proptest::prop_assert_eq!(again, json, "written twice differently: {}", text);
    Ok(())
}

const DEPTH: u32 = 3;

fn check<T>(name: &str)
where
    T: proptest::arbitrary::Arbitrary<Parameters = u32>
        + Serialize
        + DeserializeOwned
        + Default
        + PartialEq
        + std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = proptest::arbitrary::any_with::<T>(DEPTH);
    if let Err(e) = runner.run(&strategy, |v| roundtrip(&v)) {
        panic!("{name}: {e}");
    }
}

#[test]
fn every_generated_type_round_trips_through_json() {
    let tested = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            // Strategies built on this thread draw what JSON carries.
            sogen_tests::arb::json_form(true);
            let mut tested = 0usize;
            macro_rules! case {
                ($module:ident, $ty:ident) => {{
                    check::<$module::types::$ty>(concat!(
                        stringify!($module),
                        "::",
                        stringify!($ty)
                    ));
                    tested += 1;
                }};
            }
            include!(concat!(env!("OUT_DIR"), "/roundtrip_cases.rs"));
            tested
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(tested >= 10, "only {tested} types tested");
    eprintln!("{tested} generated types round-tripped through JSON");
}

#[test]
fn a_record_without_members_is_its_default() {
    let mut tested = 0usize;
    macro_rules! case {
        ($module:ident, $ty:ident) => {{
            let empty: $module::types::$ty = serde_json::from_str("{}").unwrap();
            assert_eq!(empty, Default::default(), stringify!($ty));
            tested += 1;
        }};
    }
    include!(concat!(env!("OUT_DIR"), "/record_cases.rs"));
    assert!(tested >= 10, "only {tested} records");
}

/// A derived type travels as its own members beside the base's, told apart by its
/// discriminator (no `$type`, no `xsi:type`); an unknown discriminator value reads as
/// the base, keeping the derived members as unknown ones; without a discriminator in
/// the plan, a value reads as the base.
#[test]
fn polymorphic_values_by_their_discriminator() {
    use services99::types::{
        CustomFieldType, FieldInfoBaseKind, FieldInfoBool, FieldInfoInt, StepBaseKind, WaitStep,
    };
    let int = FieldInfoBaseKind::FieldInfoInt(FieldInfoInt {
        name: Some("Age".into()),
        min_value: 0,
        max_value: 130,
        ..Default::default()
    });
    let json = serde_json::to_string(&int).unwrap();
    assert_eq!(
        json,
        // As .NET writes it: the type's own members first, then its base's.
        r#"{"MinValue":0,"MaxValue":130,"Name":"Age","FieldType":"Integer"}"#
    );
    assert_eq!(
        serde_json::from_str::<FieldInfoBaseKind>(&json).unwrap(),
        int
    );
    // A new value says what it is.
    assert_eq!(
        FieldInfoBool::default().field_type,
        CustomFieldType::Checkbox
    );

    let newer = r#"{"Name":"Due","FieldType":"Deadline","Warn":true}"#;
    let FieldInfoBaseKind::FieldInfoBase(base) =
        serde_json::from_str::<FieldInfoBaseKind>(newer).unwrap()
    else {
        panic!("an unknown discriminator reads as the base");
    };
    assert_eq!(base.field_type, CustomFieldType::Unknown("Deadline".into()));
    assert_eq!(serde_json::to_string(&base).unwrap(), newer);

    let wait = StepBaseKind::WaitStep(WaitStep {
        step_id: 7,
        minutes: 5,
        ..Default::default()
    });
    let json = serde_json::to_string(&wait).unwrap();
    assert_eq!(json, r#"{"Minutes":5,"Next":null,"StepId":7,"Name":null}"#);
    let StepBaseKind::StepBase(base) = serde_json::from_str::<StepBaseKind>(&json).unwrap() else {
        panic!("no discriminator: the base");
    };
    assert_eq!(base.step_id, 7);
    // The base's own members first, then the derived type's, kept as unknown ones.
    assert_eq!(
        serde_json::to_string(&base).unwrap(),
        r#"{"StepId":7,"Name":null,"Minutes":5,"Next":null}"#
    );
}

/// With the corpus, Workflow's steps: `StepType` names the derived carrier.
#[cfg(sogen_corpus)]
#[test]
fn workflow_steps_by_step_type() {
    use sogen_tests::generated::services88::types::{
        WorkflowStepBaseKind, WorkflowStepWaitForTime,
    };
    let docs = r#"{"TimeWaitAlgorithm": "None", "NumIntervals": 0, "IntervalType": "None", "Until": null, "WorkflowStepId": 0, "WorkflowId": 0, "StepType": "WaitForTime", "Rank": 0}"#;
    let step: WorkflowStepBaseKind = serde_json::from_str(docs).unwrap();
    let WorkflowStepBaseKind::WorkflowStepWaitForTime(wait) = &step else {
        panic!("{step:?}");
    };
    assert!(wait.until.is_none());
    assert_eq!(
        WorkflowStepWaitForTime::default().step_type,
        wait.step_type,
        "the default names the type"
    );
    let back: serde_json::Value = serde_json::to_value(&step).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(docs).unwrap()
    );
}
