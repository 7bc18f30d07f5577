//! Model -> plan on the construct-by-construct WSDL in tests/wsdl
//! (Services99 `Constructs`): Rust names, type mapping, polymorphism,
//! recursion and response shapes.

use std::path::Path;

use sogen_codegen::model::Builtin;
use sogen_codegen::plan::{self, FieldPlan, ResponsePlan, RustTy, TypeItem, VersionPlan};
use sogen_codegen::reader;
use sogen_codegen::Config;

fn constructs() -> VersionPlan {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wsdl/Services99/Constructs.wsdl");
    let model = reader::read_paths(&[path]).unwrap();
    let mut p = plan::plan(&model, &Config::default()).unwrap();
    assert_eq!(p.versions.len(), 1);
    p.versions.remove(0)
}

fn item<'a>(v: &'a VersionPlan, name: &str) -> &'a TypeItem {
    v.types
        .iter()
        .find(|t| t.rust() == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn fields<'a>(v: &'a VersionPlan, name: &str) -> &'a [FieldPlan] {
    match item(v, name) {
        TypeItem::Record(r) => &r.fields,
        other => panic!("{name} is not a record: {other:?}"),
    }
}

fn field<'a>(v: &'a VersionPlan, ty: &str, xml: &str) -> &'a FieldPlan {
    fields(v, ty).iter().find(|f| f.xml_name == xml).unwrap()
}

fn named(n: &str) -> RustTy {
    RustTy::Named(n.into())
}

#[test]
fn names_follow_rust_conventions_and_stay_unique() {
    let v = constructs();
    assert_eq!(
        (v.name.as_str(), v.module.as_str()),
        ("Services99", "services99")
    );
    let f = |xml: &str| field(&v, "Everything", xml).rust.clone();
    assert_eq!(f("Match"), "r#match");
    assert_eq!(f("Self"), "self_");
    assert_eq!(f("ID"), "id");
    assert_eq!(f("Id"), "id_2");
    assert_eq!(f("Step"), "step");
    let params: Vec<_> = v.agents[0].operations[0]
        .params
        .iter()
        .map(|p| p.rust.as_str())
        .collect();
    assert_eq!(params, ["everything", "steps", "r#type"]);
    let a = &v.agents[0];
    assert_eq!(
        (a.module.as_str(), a.rust.as_str(), a.service_path.as_str()),
        ("constructs", "ConstructsAgent", "Constructs.svc")
    );
    let op = &a.operations[0];
    assert_eq!(
        (op.method.as_str(), op.constant.as_str()),
        ("exercise", "EXERCISE")
    );
}

#[test]
fn enumerations_keep_wire_values_and_a_free_fallback() {
    let v = constructs();
    let TypeItem::Enum(e) = item(&v, "Mood") else {
        panic!()
    };
    let names: Vec<_> = e
        .variants
        .iter()
        .map(|x| (x.rust.as_str(), x.xml.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Unknown", "Unknown"),
            ("Happy", "happy"),
            ("VeryHappy", "Very_Happy"),
            ("V3D", "3D")
        ]
    );
    assert_eq!(e.unknown, "UnknownValue");
    let TypeItem::Flags(fl) = item(&v, "ERight") else {
        panic!()
    };
    assert_eq!(fl.item.rust, "ERightItem");
    assert_eq!(field(&v, "Everything", "Rights").ty, named("ERight"));
}

#[test]
fn types_map_to_rust_shapes() {
    let v = constructs();
    let ty = |xml: &str| field(&v, "Everything", xml).ty.clone();
    let opt = |t: RustTy| RustTy::Option(Box::new(t));
    assert_eq!(ty("Step"), opt(named("StepBaseKind")));
    // A nillable list of nillable items (WCF's arrays of records).
    assert_eq!(
        ty("Steps"),
        opt(RustTy::List {
            item_ns: v.namespace.clone(),
            item_name: "StepBase".into(),
            item: Box::new(opt(named("StepBaseKind")))
        })
    );
    // Nillable keys; anyType values carry their own nil.
    assert_eq!(
        ty("Values"),
        opt(RustTy::Map {
            entry_ns: v.namespace.clone(),
            entry_name: "StringObjectDictionaryKeyValuePair".into(),
            key: Box::new(opt(RustTy::Prim(Builtin::String))),
            value: Box::new(RustTy::Prim(Builtin::AnyType)),
        })
    );
    let arrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays".to_string();
    // Lists of lists: nil allowed at every level, as the schema says.
    assert_eq!(
        ty("Grid"),
        opt(RustTy::List {
            item_ns: arrays.clone(),
            item_name: "ArrayOfstring".into(),
            item: Box::new(opt(RustTy::List {
                item_ns: arrays,
                item_name: "string".into(),
                item: Box::new(opt(RustTy::Prim(Builtin::String)))
            })),
        })
    );
    // anyType carries its own nil; non-nillable value types are plain.
    assert_eq!(ty("Any"), RustTy::Prim(Builtin::AnyType));
    assert_eq!(ty("Key"), RustTy::Prim(Builtin::Guid));
    assert_eq!(ty("Letter"), RustTy::Prim(Builtin::Char));
    assert_eq!(ty("Wait"), RustTy::Prim(Builtin::Duration));
    assert_eq!(ty("Link"), opt(RustTy::Prim(Builtin::AnyUri)));
}

#[test]
fn inheritance_is_flattened_and_polymorphism_is_an_enum() {
    let v = constructs();
    let names: Vec<_> = fields(&v, "WaitStep")
        .iter()
        .map(|f| f.xml_name.as_str())
        .collect();
    assert_eq!(names, ["StepId", "Name", "Minutes", "Next"]);
    let TypeItem::Poly(p) = item(&v, "StepBaseKind") else {
        panic!()
    };
    let variants: Vec<_> = p.variants.iter().map(|x| x.xml_name.as_str()).collect();
    assert_eq!(variants, ["StepBase", "MailStep", "WaitStep"]);
    let TypeItem::Record(r) = item(&v, "WaitStep") else {
        panic!()
    };
    assert!(r.in_poly && r.bases == ["StepBase"]);
}

#[test]
fn cycles_are_boxed_only_where_needed() {
    let v = constructs();
    let boxed = |t: &str| RustTy::Option(Box::new(RustTy::Boxed(Box::new(named(t)))));
    assert_eq!(field(&v, "Node", "Parent").ty, boxed("Node"));
    assert_eq!(field(&v, "WaitStep", "Next").ty, boxed("StepBaseKind"));
    assert!(matches!(
        field(&v, "Node", "Children").ty.without_wrappers(),
        RustTy::List { .. }
    ));
    assert_eq!(
        field(&v, "Everything", "Tree").ty,
        RustTy::Option(Box::new(named("Node")))
    );
}

#[test]
fn a_wrapper_with_more_than_response_becomes_a_record() {
    let v = constructs();
    assert_eq!(
        v.agents[0].operations[0].response,
        ResponsePlan::Wrapper("ExerciseResponse".into())
    );
    let names: Vec<_> = fields(&v, "ExerciseResponse")
        .iter()
        .map(|f| f.rust.as_str())
        .collect();
    assert_eq!(names, ["response", "length"]);
}

#[test]
fn only_reached_types_are_planned() {
    let v = constructs();
    let all: Vec<_> = v.types.iter().map(|t| t.rust()).collect();
    assert_eq!(
        all,
        [
            "CustomFieldType",
            "ERight",
            "Everything",
            "ExerciseResponse",
            "FieldInfoBase",
            "FieldInfoBaseKind",
            "FieldInfoBool",
            "FieldInfoInt",
            "MailStep",
            "Mood",
            "Node",
            "StepBase",
            "StepBaseKind",
            "WaitStep"
        ]
    );
}

#[test]
fn secret_fields_come_from_the_naming_rule_and_the_config() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wsdl/Services99/Constructs.wsdl");
    let model = reader::read_paths(&[path]).unwrap();
    let config = Config {
        secret_fields: vec![("Everything".into(), "Link".into())],
        ..Config::default()
    };
    let v = plan::plan(&model, &config).unwrap().versions.remove(0);
    assert!(
        field(&v, "Everything", "Link").secret,
        "listed in the config"
    );
    assert!(!field(&v, "Everything", "Name").secret);
    let TypeItem::Record(r) = item(&v, "Everything") else {
        panic!()
    };
    assert!(r.has_secrets());
    // Emitted: a Debug that redacts instead of the derived one.
    let files = sogen_codegen::emit::emit(&plan::plan(&model, &config).unwrap(), &config).unwrap();
    let types = files.iter().find(|f| f.path.ends_with("types.rs")).unwrap();
    assert!(types
        .contents
        .contains(r#".field("link", &Redacted(&self.link))"#));
}

/// The REST wire's facts: a base the Agents API tells apart by a member gets its
/// discriminator and its derived types their tag; another base none; an operation the
/// API does not list sends an object.
#[test]
fn discriminators_and_request_shapes() {
    use sogen_codegen::plan::{RestShape, TypeItem};
    let v = constructs();
    let poly = |name: &str| match v.type_item(name) {
        Some(TypeItem::Poly(p)) => p.clone(),
        other => panic!("{name}: {other:?}"),
    };
    let d = poly("FieldInfoBaseKind").discriminator.expect("FieldType");
    assert_eq!(d.member, "FieldType");
    let values: Vec<(&str, &str)> = (d.variants.iter())
        .map(|t| (t.value.as_str(), t.variant.as_str()))
        .collect();
    assert_eq!(
        values,
        [("Checkbox", "FieldInfoBool"), ("Integer", "FieldInfoInt")]
    );
    assert_eq!(poly("StepBaseKind").discriminator, None);
    let Some(TypeItem::Record(bool_)) = v.type_item("FieldInfoBool") else {
        panic!("FieldInfoBool");
    };
    let tag = bool_.tag.as_ref().expect("a tag");
    assert_eq!(
        (tag.field.as_str(), tag.value.as_str(), tag.variant.as_str()),
        ("field_type", "Checkbox", "Checkbox")
    );
    assert_eq!(bool_.levels, [2, 1]);
    let order: Vec<&str> = bool_
        .json_order()
        .iter()
        .map(|f| f.xml_name.as_str())
        .collect();
    assert_eq!(order, ["DefaultValue", "Name", "FieldType"]);
    let op = &v.agents[0].operations[0];
    assert_eq!(
        (&op.rest, op.in_current_api, op.on_rest),
        (&RestShape::Object, false, true),
        "Services99 is current"
    );
}
