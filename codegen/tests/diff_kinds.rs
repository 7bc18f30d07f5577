//! `diff` on small inline WSDL: one test per kind of change, each checking
//! the change is found, placed, shaped and classed (breaking or not) right.

use std::path::Path;

use sogen_codegen::diff::{
    diff_models, render_json, render_text, Change, ChangeKind, Diff, DiffError,
};
use sogen_codegen::reader;

const SER: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// A WCF-style WSDL of agent `agent` in `ServicesNN`: `schema` is the body
/// of the version's schema; each operation `Op` uses elements `Op` and
/// `OpResponse`, which `schema` must declare.
fn wsdl(version: u32, agent: &str, schema: &str, ops: &[&str]) -> String {
    let ns = format!("http://www.superoffice.net/ws/crm/NetServer/Services{version}");
    let mut messages = String::new();
    let mut port = String::new();
    let mut binding = String::new();
    for op in ops {
        messages.push_str(&format!(
            r#"<wsdl:message name="{op}Request"><wsdl:part name="parameters" element="tns:{op}"/></wsdl:message><wsdl:message name="{op}Response"><wsdl:part name="parameters" element="tns:{op}Response"/></wsdl:message>"#
        ));
        port.push_str(&format!(
            r#"<wsdl:operation name="{op}"><wsdl:input name="{op}Request" message="tns:{op}Request"/><wsdl:output name="{op}Response" message="tns:{op}Response"/></wsdl:operation>"#
        ));
        binding.push_str(&format!(
            r#"<wsdl:operation name="{op}"><soap:operation soapAction="{ns}/{agent}/{op}" style="document"/><wsdl:input name="{op}Request"><soap:body use="literal"/></wsdl:input><wsdl:output name="{op}Response"><soap:body use="literal"/></wsdl:output></wsdl:operation>"#
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><wsdl:definitions name="Wcf{agent}Service" targetNamespace="{ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="{ns}"><wsdl:types><xs:schema elementFormDefault="qualified" targetNamespace="{ns}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{ns}">{schema}</xs:schema></wsdl:types>{messages}<wsdl:portType name="{agent}">{port}</wsdl:portType><wsdl:binding name="BasicHttpBinding_{agent}" type="tns:{agent}"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>{binding}</wsdl:binding><wsdl:service name="Wcf{agent}Service"><wsdl:port name="BasicHttpBinding_{agent}" binding="tns:BasicHttpBinding_{agent}"><soap:address location="https://host/Remote/Services{version}/{agent}.svc"/></wsdl:port></wsdl:service></wsdl:definitions>"#
    )
}

/// A request wrapper `Op` with the given sequence and a response wrapper
/// returning `response_type` (or nothing when empty).
fn op(name: &str, params: &str, response_type: &str) -> String {
    let response = if response_type.is_empty() {
        String::new()
    } else {
        format!(
            r#"<xs:element minOccurs="0" name="Response" nillable="true" type="{response_type}"/>"#
        )
    };
    format!(
        r#"<xs:element name="{name}"><xs:complexType><xs:sequence>{params}</xs:sequence></xs:complexType></xs:element><xs:element name="{name}Response"><xs:complexType><xs:sequence>{response}</xs:sequence></xs:complexType></xs:element>"#
    )
}

fn read(files: &[(&str, String)]) -> sogen_codegen::model::Model {
    let inputs: Vec<(&Path, &str)> = files
        .iter()
        .map(|(n, t)| (Path::new(*n), t.as_str()))
        .collect();
    reader::read_strs(&inputs).expect("test WSDL reads")
}

/// Diffs agent `Test` with `old_schema`/`old_ops` in Services87 against
/// `new_schema`/`new_ops` in Services88.
fn diff(old_schema: &str, old_ops: &[&str], new_schema: &str, new_ops: &[&str]) -> Diff {
    let old = read(&[("87/Test.wsdl", wsdl(87, "Test", old_schema, old_ops))]);
    let new = read(&[("88/Test.wsdl", wsdl(88, "Test", new_schema, new_ops))]);
    diff_models(&old, &new).expect("one version each")
}

/// The changes of one kind, as (place, old, new, breaking).
fn of_kind(d: &Diff, kind: ChangeKind) -> Vec<(String, Option<String>, Option<String>, bool)> {
    d.changes
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c: &Change| {
            let place: Vec<&str> = [&c.agent, &c.operation, &c.type_name, &c.member]
                .into_iter()
                .filter_map(|p| p.as_deref())
                .collect();
            (place.join("."), c.old.clone(), c.new.clone(), c.breaking)
        })
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

const PING: &str = r#"<xs:element name="Ping"><xs:complexType><xs:sequence/></xs:complexType></xs:element><xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;

#[test]
fn same_content_in_two_versions_is_no_change() {
    let schema = format!(
        "{}{}",
        op(
            "Get",
            r#"<xs:element name="Id" type="xs:int"/>"#,
            "tns:Thing"
        ),
        r#"<xs:complexType name="Thing"><xs:sequence><xs:element name="Name" type="xs:string"/></xs:sequence></xs:complexType>"#
    );
    let d = diff(&schema, &["Get"], &schema, &["Get"]);
    assert_eq!(d.changes, vec![], "namespaces differ only by version");
    assert_eq!(
        (d.old.as_str(), d.new.as_str()),
        ("Services87", "Services88")
    );
    assert_eq!(render_text(&d), "Services87 -> Services88: no changes\n");
}

#[test]
fn agents_added_and_removed() {
    let old = read(&[
        ("87/Ping.wsdl", wsdl(87, "Ping", PING, &["Ping"])),
        ("87/Gone.wsdl", wsdl(87, "Gone", PING, &["Ping"])),
    ]);
    let new = read(&[
        ("88/Ping.wsdl", wsdl(88, "Ping", PING, &["Ping"])),
        ("88/Fresh.wsdl", wsdl(88, "Fresh", PING, &["Ping"])),
    ]);
    let d = diff_models(&old, &new).unwrap();
    assert_eq!(
        of_kind(&d, ChangeKind::AgentAdded),
        vec![("Fresh".into(), None, None, false)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::AgentRemoved),
        vec![("Gone".into(), None, None, true)]
    );
    assert_eq!(
        d.changes.len(),
        2,
        "operations of added/removed agents are not listed again"
    );
}

#[test]
fn operations_added_and_removed() {
    let old = format!("{PING}{}", op("Old", "", ""));
    let new = format!("{PING}{}", op("New", "", ""));
    let d = diff(&old, &["Ping", "Old"], &new, &["Ping", "New"]);
    assert_eq!(
        of_kind(&d, ChangeKind::OperationAdded),
        vec![("Test.New".into(), None, None, false)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::OperationRemoved),
        vec![("Test.Old".into(), None, None, true)]
    );
    assert_eq!(d.changes.len(), 2);
}

#[test]
fn parameters_added_removed_and_retyped_all_break() {
    let old = op(
        "Find",
        r#"<xs:element name="Id" type="xs:int"/><xs:element minOccurs="0" name="Name" nillable="true" type="xs:string"/><xs:element name="Limit" type="xs:int"/>"#,
        "",
    );
    let new = op(
        "Find",
        r#"<xs:element name="Id" type="xs:long"/><xs:element name="Limit" type="xs:int"/><xs:element minOccurs="0" name="Tags" type="xs:string" maxOccurs="unbounded"/>"#,
        "",
    );
    let d = diff(&old, &["Find"], &new, &["Find"]);
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterAdded),
        vec![("Test.Find.Tags".into(), None, s("string?[]"), true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterRemoved),
        vec![("Test.Find.Name".into(), s("string?"), None, true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterRetyped),
        vec![("Test.Find.Id".into(), s("int"), s("long"), true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParametersReordered),
        vec![],
        "Id, Limit keep their order"
    );
    assert_eq!(d.changes.len(), 3);
}

#[test]
fn parameters_reordered_breaks_positional_calls() {
    let old = op(
        "Move",
        r#"<xs:element name="From" type="xs:int"/><xs:element name="To" type="xs:int"/>"#,
        "",
    );
    let new = op(
        "Move",
        r#"<xs:element name="To" type="xs:int"/><xs:element name="From" type="xs:int"/>"#,
        "",
    );
    let d = diff(&old, &["Move"], &new, &["Move"]);
    assert_eq!(
        of_kind(&d, ChangeKind::ParametersReordered),
        vec![("Test.Move".into(), s("From, To"), s("To, From"), true)]
    );
    assert_eq!(d.changes.len(), 1);
}

#[test]
fn return_type_changes_break() {
    let old = format!("{}{}", op("Count", "", "xs:int"), op("Void", "", ""));
    let new = format!(
        "{}{}",
        op("Count", "", "xs:long"),
        op("Void", "", "xs:string")
    );
    let d = diff(&old, &["Count", "Void"], &new, &["Count", "Void"]);
    assert_eq!(
        of_kind(&d, ChangeKind::ReturnTypeChanged),
        vec![
            ("Test.Count".into(), s("int?"), s("long?"), true),
            ("Test.Void".into(), s("()"), s("string?"), true),
        ]
    );
    assert_eq!(d.changes.len(), 2);
}

const CARRIER: &str = r#"<xs:complexType name="Carrier"><xs:sequence/></xs:complexType>"#;

#[test]
fn types_added_removed_rekinded_and_rebased() {
    let old = format!(
        "{PING}{CARRIER}{}{}{}",
        r#"<xs:complexType name="Gone"><xs:sequence/></xs:complexType>"#,
        r#"<xs:complexType name="Shape"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType>"#,
        r#"<xs:complexType name="Item"><xs:complexContent mixed="false"><xs:extension base="tns:Carrier"><xs:sequence/></xs:extension></xs:complexContent></xs:complexType>"#,
    );
    let new = format!(
        "{PING}{CARRIER}{}{}{}",
        r#"<xs:complexType name="Fresh"><xs:sequence/></xs:complexType>"#,
        r#"<xs:simpleType name="Shape"><xs:restriction base="xs:string"><xs:enumeration value="Round"/></xs:restriction></xs:simpleType>"#,
        r#"<xs:complexType name="Item"><xs:sequence/></xs:complexType>"#,
    );
    let d = diff(&old, &["Ping"], &new, &["Ping"]);
    assert_eq!(
        of_kind(&d, ChangeKind::TypeAdded),
        vec![("Fresh".into(), None, None, false)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::TypeRemoved),
        vec![("Gone".into(), None, None, true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::TypeKindChanged),
        vec![("Shape".into(), s("record"), s("enumeration"), true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::BaseTypeChanged),
        vec![("Item".into(), s("Carrier"), None, true)]
    );
    assert_eq!(
        d.changes.len(),
        4,
        "a re-kinded type's members are not compared: {d:?}"
    );
}

#[test]
fn added_field_breaks_only_types_a_request_carries() {
    // `Query` reaches the request through a derived type of the parameter's
    // base; `Answer` is only returned.
    let fields = |extra: &str| {
        let ask = op(
            "Ask",
            r#"<xs:element name="Q" type="tns:Base"/>"#,
            "tns:Answer",
        );
        format!(
            r#"{ask}<xs:complexType name="Base"><xs:sequence/></xs:complexType><xs:complexType name="Query"><xs:complexContent mixed="false"><xs:extension base="tns:Base"><xs:sequence><xs:element name="Text" type="xs:string"/>{extra}</xs:sequence></xs:extension></xs:complexContent></xs:complexType><xs:complexType name="Answer"><xs:sequence><xs:element name="Text" type="xs:string"/>{extra}</xs:sequence></xs:complexType>"#
        )
    };
    let d = diff(
        &fields(""),
        &["Ask"],
        &fields(r#"<xs:element minOccurs="0" name="Lang" type="xs:string"/>"#),
        &["Ask"],
    );
    assert_eq!(
        of_kind(&d, ChangeKind::FieldAdded),
        vec![
            ("Answer.Lang".into(), None, s("string?"), false),
            ("Query.Lang".into(), None, s("string?"), true),
        ]
    );
    assert_eq!(d.changes.len(), 2);
}

#[test]
fn fields_removed_and_retyped_break() {
    let old = format!(
        "{PING}{}",
        r#"<xs:complexType name="Rec"><xs:sequence><xs:element name="Keep" type="xs:int"/><xs:element name="Drop" type="xs:string"/><xs:element name="Widen" type="xs:int"/><xs:element name="Opt" type="xs:int"/><xs:element name="Many" type="xs:int"/></xs:sequence><xs:attribute name="Tag" type="xs:string"/></xs:complexType>"#
    );
    let new = format!(
        "{PING}{}",
        r#"<xs:complexType name="Rec"><xs:sequence><xs:element name="Keep" type="xs:int"/><xs:element name="Widen" type="xs:long"/><xs:element minOccurs="0" name="Opt" type="xs:int"/><xs:element maxOccurs="unbounded" name="Many" type="xs:int"/></xs:sequence><xs:attribute name="Tag" type="xs:int"/></xs:complexType>"#
    );
    let d = diff(&old, &["Ping"], &new, &["Ping"]);
    assert_eq!(
        of_kind(&d, ChangeKind::FieldRemoved),
        vec![("Rec.Drop".into(), s("string"), None, true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::FieldRetyped),
        vec![
            ("Rec.@Tag".into(), s("string?"), s("int?"), true),
            ("Rec.Many".into(), s("int"), s("int[]"), true),
            ("Rec.Opt".into(), s("int"), s("int?"), true),
            ("Rec.Widen".into(), s("int"), s("long"), true),
        ]
    );
    assert_eq!(d.changes.len(), 5);
}

fn enumeration(values: &[(&str, i64)]) -> String {
    let values: String = values
        .iter()
        .map(|(v, n)| {
            format!(
                r#"<xs:enumeration value="{v}"><xs:annotation><xs:appinfo><EnumerationValue xmlns="{SER}">{n}</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>"#
            )
        })
        .collect();
    format!(
        r#"{PING}<xs:simpleType name="Color"><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType><xs:simpleType name="Colors"><xs:list><xs:simpleType><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType></xs:list></xs:simpleType>"#
    )
}

#[test]
fn enum_values_added_removed_and_renumbered() {
    let old = enumeration(&[("Red", 1), ("Green", 2), ("Blue", 4)]);
    let new = enumeration(&[("Red", 1), ("Blue", 8), ("Cyan", 16)]);
    let d = diff(&old, &["Ping"], &new, &["Ping"]);
    assert_eq!(
        of_kind(&d, ChangeKind::EnumValueAdded),
        vec![
            ("Color.Cyan".into(), None, s("16"), false),
            ("Colors.Cyan".into(), None, s("16"), false),
        ]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::EnumValueRemoved),
        vec![
            ("Color.Green".into(), s("2"), None, true),
            ("Colors.Green".into(), s("2"), None, true),
        ]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::EnumNumberChanged),
        vec![
            ("Color.Blue".into(), s("4"), s("8"), false),
            ("Colors.Blue".into(), s("4"), s("8"), false),
        ]
    );
    assert_eq!(d.changes.len(), 6);
}

#[test]
fn text_and_json_reports_are_grouped_and_marked() {
    let old = format!(
        "{}{}",
        op("Get", r#"<xs:element name="Id" type="xs:int"/>"#, ""),
        enumeration(&[("Red", 1), ("Blue", 2)])
    );
    let new = format!(
        "{}{}{}",
        op("Get", r#"<xs:element name="Id" type="xs:string"/>"#, ""),
        op("Put", "", ""),
        enumeration(&[("Red", 1), ("Blue", 2), ("Pink \"&\" \\", 3)])
            .replace("\"&\"", "&quot;&amp;&quot;")
    );
    let d = diff(&old, &["Get", "Ping"], &new, &["Get", "Ping", "Put"]);
    assert_eq!(
        render_text(&d),
        "Services87 -> Services88: 4 changes, 1 breaking\n\
         \n\
         Operations\n  + Test.Put\n\
         \n\
         Parameters and return types\n  ~ Test.Get(Id): int -> string  [breaking]\n\
         \n\
         Enumeration values\n  + Color.Pink \"&\" \\\n  + Colors.Pink \"&\" \\\n"
    );
    assert_eq!(
        render_json(&d),
        "{\"old\":\"Services87\",\"new\":\"Services88\",\"changes\":4,\"breaking\":1,\"items\":[\n\
         {\"kind\":\"operation_added\",\"breaking\":false,\"agent\":\"Test\",\"operation\":\"Put\"},\n\
         {\"kind\":\"parameter_retyped\",\"breaking\":true,\"agent\":\"Test\",\"operation\":\"Get\",\"member\":\"Id\",\"old\":\"int\",\"new\":\"string\"},\n\
         {\"kind\":\"enum_value_added\",\"breaking\":false,\"type\":\"Color\",\"member\":\"Pink \\\"&\\\" \\\\\",\"new\":\"3\"},\n\
         {\"kind\":\"enum_value_added\",\"breaking\":false,\"type\":\"Colors\",\"member\":\"Pink \\\"&\\\" \\\\\",\"new\":\"3\"}\n\
         ]}\n"
    );
}

#[test]
fn each_side_must_hold_exactly_one_version() {
    let two = read(&[
        ("87/Ping.wsdl", wsdl(87, "Ping", PING, &["Ping"])),
        ("88/Ping.wsdl", wsdl(88, "Ping", PING, &["Ping"])),
    ]);
    let one = read(&[("88/Ping.wsdl", wsdl(88, "Ping", PING, &["Ping"]))]);
    assert_eq!(
        diff_models(&two, &one),
        Err(DiffError::SeveralVersions {
            side: "OLD",
            count: 2,
            names: "Services87, Services88".into()
        })
    );
    assert_eq!(
        diff_models(&one, &Default::default()),
        Err(DiffError::Empty { side: "NEW" })
    );
}
