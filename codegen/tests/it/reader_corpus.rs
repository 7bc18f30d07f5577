//! Loads the whole official corpus (`../shared/wsdl`): every agent of
//! Services84 to Services88. Skips when the corpus is absent, unless `CI` is set.

use std::path::PathBuf;

use sogen_codegen::model::{ComplexShape, Model, QName, SimpleType, TypeDef, TypeRef};
use sogen_codegen::reader;

use crate::common;

fn corpus() -> Option<PathBuf> {
    common::corpus("")
}

fn load() -> Option<Model> {
    let dir = corpus()?;
    Some(reader::read_paths(&[dir]).unwrap_or_else(|e| panic!("corpus failed to load: {e}")))
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn corpus_loads_with_the_documented_counts() {
    let Some(model) = load() else { return };
    let counts: Vec<(String, usize, usize, usize)> = model
        .versions
        .iter()
        .map(|v| {
            let ops = v.agents.iter().map(|a| a.operations.len()).sum();
            (v.name.clone(), v.agents.len(), ops, v.types.len())
        })
        .collect();
    let expected = [
        ("Services84", 48, 1286, 526),
        ("Services85", 49, 1316, 540),
        ("Services86", 53, 1392, 583),
        ("Services87", 53, 1444, 625),
        ("Services88", 60, 2029, 958),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(n, a, o, t)| (n.to_string(), *a, *o, *t))
        .collect();
    assert_eq!(counts, expected);
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn corpus_bindings_and_headers_are_resolved() {
    let Some(model) = load() else { return };
    let mut token_only = 0;
    for v in &model.versions {
        for a in &v.agents {
            assert_eq!(
                a.soap,
                sogen_codegen::model::SoapVersion::Soap11,
                "{}",
                a.name
            );
            let address = a.address.as_deref().expect("every port has an address");
            assert!(
                address.ends_with(&format!("/{}/{}.svc", v.name, a.name)),
                "{address}"
            );
            for op in &a.operations {
                let action = format!("{}/{}/{}", v.namespace, a.name, op.name);
                assert_eq!(op.soap_action, action);
                let names = |ps: &[sogen_codegen::model::Part]| {
                    ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
                };
                let out = op.output.as_ref().expect("request/response");
                // SoPrincipal authenticates, so it sends no ticket: only the token.
                if a.name == "SoPrincipal" {
                    assert_eq!(names(&op.input.headers), ["ApplicationToken"]);
                    token_only += 1;
                } else {
                    assert_eq!(
                        names(&op.input.headers),
                        ["ApplicationToken", "Credentials", "TimeZone"]
                    );
                    assert_eq!(
                        names(&out.headers),
                        ["ExceptionInfo", "ExtraInfo", "Succeeded", "TimeZone"]
                    );
                }
                assert_eq!(names(&op.input.body), ["parameters"]);
                assert_eq!(names(&out.body), ["parameters"]);
                for part in op
                    .input
                    .body
                    .iter()
                    .chain(&out.body)
                    .chain(&op.input.headers)
                {
                    assert!(
                        v.element(&a.name, &part.element).is_some(),
                        "{}.{}: {}",
                        a.name,
                        op.name,
                        part.element
                    );
                }
            }
        }
    }
    // Counted with grep in the corpus: 4 + 4 + 5 + 5 + 5.
    assert_eq!(token_only, 23);
}

#[test]
#[ignore = "corpus-wide: .ci/run runs it (cargo test -- --ignored)"]
fn corpus_types_carry_inheritance_enums_arrays_and_dictionaries() {
    let Some(model) = load() else { return };
    let v88 = model
        .versions
        .iter()
        .find(|v| v.name == "Services88")
        .unwrap();
    let q = |n: &str| QName::new(v88.namespace.clone(), n);
    // Everything that extends Carrier, directly or not.
    let carriers = &v88.derived[&q("Carrier")];
    assert!(carriers.contains(&q("ChatSessionEntity")));
    for base in [
        "WorkflowStepBase",
        "FieldInfoBase",
        "WorkflowStepOptionBase",
        "BoardViewSettingsBase",
    ] {
        assert!(
            !v88.derived[&q(base)].is_empty(),
            "{base} has derived types"
        );
    }
    match &v88.types[&q("ETableRight")].def {
        TypeDef::Simple(SimpleType::FlagList { values }) => {
            let r = values.iter().find(|x| x.name == "R").unwrap();
            assert_eq!(r.value, Some(1));
        }
        other => panic!("ETableRight is {other:?}"),
    }
    match &v88.types[&q("FieldPropertyDictionary")].def {
        TypeDef::Complex(c) => match &c.shape {
            ComplexShape::Dictionary { entry, key, value } => {
                assert_eq!(entry, "FieldPropertyDictionaryKeyValuePair");
                assert_eq!(key.name, "Key");
                assert_eq!(value.ty, TypeRef::Named(q("FieldProperty")));
            }
            other => panic!("FieldPropertyDictionary is {other:?}"),
        },
        other => panic!("{other:?}"),
    }
    match &v88.types[&q("ArrayOfChatTopicAgent")].def {
        TypeDef::Complex(c) => assert_eq!(c.shape, ComplexShape::Array),
        other => panic!("{other:?}"),
    }
    let arrays = QName::new(sogen_codegen::model::ARRAYS_NS, "ArrayOfint");
    assert!(v88.types.contains_key(&arrays));
    let sizes: Vec<(&str, usize)> = v88
        .derived
        .iter()
        .map(|(b, d)| (b.name.as_str(), d.len()))
        .collect();
    assert_eq!(
        sizes,
        [
            ("BoardViewSettingsBase", 3),
            ("Carrier", 341),
            ("FieldInfoBase", 15),
            ("WorkflowStepBase", 15),
            ("WorkflowStepOptionBase", 6)
        ]
    );
}
