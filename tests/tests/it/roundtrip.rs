//! Encode then decode gives back the original, for generated values of every type of
//! `sogen_tests::generated_props` (every agent of Services86-88 and everything they reach
//! with `SOGEN_TESTS_ALL_AGENTS=1`; polymorphic fields and anyType values included).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use sogen_runtime::{Decode, Encode, Limits, XmlReader, XmlWriter};
use sogen_tests::generated_props::*;

fn roundtrip<T: Encode + Decode + PartialEq + std::fmt::Debug>(v: &T) -> Result<(), TestCaseError> {
    let mut w = XmlWriter::new();
    v.encode(&mut w, "urn:sogen:test", "Value");
    let xml = w.into_bytes();
    let text = String::from_utf8_lossy(&xml).into_owned();
    let mut r =
        XmlReader::new(&xml, Limits::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let start = r
        .next_child()
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .ok_or_else(|| TestCaseError::fail("no element"))?;
    let back =
        T::decode(&mut r, &start).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(&back, v, "{}", text);
    Ok(())
}

/// Depth of nested generated types per value.
const DEPTH: u32 = 3;

/// Runs the property for one type (its own frame: thousands of types are
/// checked one after the other).
fn check<T>(name: &str)
where
    T: proptest::arbitrary::Arbitrary<Parameters = u32>
        + Encode
        + Decode
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
fn every_generated_type_round_trips() {
    // Values of big types nest deeply in debug builds: a roomy stack.
    let tested = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
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
    eprintln!("{tested} generated types round-tripped");
}

/// A derived type in a field declared with its base travels with its
/// `xsi:type` and comes back as the same variant; anyType values keep theirs.
#[test]
fn polymorphic_fields_and_any_values_keep_their_types() {
    use sogen_tests::generated::services99::types::{Everything, StepBaseKind, WaitStep};
    let v = Everything {
        step: Some(StepBaseKind::WaitStep(WaitStep {
            step_id: 7,
            minutes: 5,
            next: Some(Box::new(StepBaseKind::MailStep(Default::default()))),
            ..Default::default()
        })),
        values: Some(sogen_runtime::Map(vec![(
            Some("n".into()),
            sogen_runtime::AnyValue::Int(3),
        )])),
        ..Default::default()
    };
    let mut w = XmlWriter::new();
    v.encode(&mut w, "urn:sogen:test", "Value");
    let xml = String::from_utf8(w.into_bytes()).unwrap();
    assert!(
        xml.contains(":type=\"") && xml.contains("WaitStep\""),
        "{xml}"
    );
    assert!(xml.contains("MailStep\""), "{xml}");
    roundtrip(&v).unwrap();
}
