//! `diff` on small inline WSDL: one test per kind of change to the planned
//! Rust API, each checking the change is found, placed (Rust names), shaped
//! (Rust types) and classed (breaking or not) right.

use std::path::Path;

#[cfg(feature = "json")]
use sogen_codegen::diff::render_json;
use sogen_codegen::diff::{diff_models, render_text, Change, ChangeKind, Diff, DiffError};
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

/// A record type `name` with the given sequence.
fn record(name: &str, fields: &str) -> String {
    format!(r#"<xs:complexType name="{name}"><xs:sequence>{fields}</xs:sequence></xs:complexType>"#)
}

/// A record type `name` extending `base` with the given sequence.
fn derived(name: &str, base: &str, fields: &str) -> String {
    format!(
        r#"<xs:complexType name="{name}"><xs:complexContent mixed="false"><xs:extension base="tns:{base}"><xs:sequence>{fields}</xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#
    )
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
        record("Thing", r#"<xs:element name="Name" type="xs:string"/>"#)
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
        vec![("FreshAgent".into(), None, None, false)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::AgentRemoved),
        vec![("GoneAgent".into(), None, None, true)]
    );
    assert_eq!(
        d.changes.len(),
        2,
        "methods of added/removed agents are not listed again"
    );
}

#[test]
fn operations_added_and_removed() {
    let old = format!("{PING}{}", op("Old", "", ""));
    let new = format!("{PING}{}", op("New", "", ""));
    let d = diff(&old, &["Ping", "Old"], &new, &["Ping", "New"]);
    assert_eq!(
        of_kind(&d, ChangeKind::OperationAdded),
        vec![("TestAgent.new_2".into(), None, None, false)],
        "`new` is taken by the agent's constructor"
    );
    assert_eq!(
        of_kind(&d, ChangeKind::OperationRemoved),
        vec![("TestAgent.old".into(), None, None, true)]
    );
    assert_eq!(d.changes.len(), 2);
}

#[test]
fn parameters_added_removed_and_retyped_break_renamed_does_not() {
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
        vec![("TestAgent.find.tags".into(), None, s("&[String]"), true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterRemoved),
        vec![(
            "TestAgent.find.name".into(),
            s("impl Nillable<str>"),
            None,
            true
        )]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterRetyped),
        vec![("TestAgent.find.id".into(), s("i32"), s("i64"), true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParametersReordered),
        vec![],
        "Id, Limit keep their order"
    );
    assert_eq!(d.changes.len(), 3);

    // `ID` inserted before `Id`: the collision resolver renames `Id` to
    // `id_2`; callers pass arguments by position, so only the new parameter breaks.
    let old = op("Get", r#"<xs:element name="Id" type="xs:int"/>"#, "");
    let new = op(
        "Get",
        r#"<xs:element name="ID" type="xs:int"/><xs:element name="Id" type="xs:int"/>"#,
        "",
    );
    let d = diff(&old, &["Get"], &new, &["Get"]);
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterRenamed),
        vec![("TestAgent.get.id_2".into(), s("id"), s("id_2"), false)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterAdded),
        vec![("TestAgent.get.id".into(), None, s("i32"), true)]
    );
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
        vec![(
            "TestAgent.r#move".into(),
            s("from, to"),
            s("to, from"),
            true
        )]
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
            (
                "TestAgent.count".into(),
                s("Option<i32>"),
                s("Option<i64>"),
                true
            ),
            ("TestAgent.void".into(), s("()"), s("Option<String>"), true),
        ]
    );
    assert_eq!(d.changes.len(), 2);
}

/// Operations `Get<T>` returning each type, so the plan keeps them.
fn returning(types: &[&str]) -> (String, Vec<String>) {
    let schema = types
        .iter()
        .map(|t| op(&format!("Get{t}"), "", &format!("tns:{t}")))
        .collect();
    (schema, types.iter().map(|t| format!("Get{t}")).collect())
}

#[test]
fn types_added_removed_and_rekinded() {
    let (old_ops, old_names) = returning(&["Gone", "Shape"]);
    let (new_ops, new_names) = returning(&["Fresh", "Shape"]);
    let old = format!(
        "{old_ops}{}{}",
        record("Gone", ""),
        record("Shape", r#"<xs:element name="A" type="xs:int"/>"#)
    );
    let new = format!(
        "{new_ops}{}{}",
        record("Fresh", ""),
        r#"<xs:simpleType name="Shape"><xs:restriction base="xs:string"><xs:enumeration value="Round"/></xs:restriction></xs:simpleType>"#
    );
    fn names(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let d = diff(&old, &names(&old_names), &new, &names(&new_names));
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
        vec![("Shape".into(), s("record"), s("enum"), true)]
    );
}

#[test]
fn a_type_renamed_by_the_collision_resolver_breaks() {
    // A type `Item` of another namespace is `Item` until the version's own
    // namespace defines one too: its own comes first, the other becomes `ItemOther`.
    let other = r#"<xs:complexType name="Item"><xs:sequence><xs:element name="X" type="xs:int"/></xs:sequence></xs:complexType>"#;
    let with_other = |own: &str| {
        format!(
            r#"{}{own}</xs:schema><xs:schema elementFormDefault="qualified" targetNamespace="urn:x:Other" xmlns:xs="http://www.w3.org/2001/XMLSchema">{other}"#,
            op("Get", "", "o:Item").replace(
                "<xs:element minOccurs",
                r#"<xs:element xmlns:o="urn:x:Other" minOccurs"#
            )
        )
    };
    let old = with_other("");
    let new = with_other(&format!(
        "{}{}",
        op("Own", "", "tns:Item"),
        record("Item", "")
    ));
    let d = diff(&old, &["Get"], &new, &["Get", "Own"]);
    assert_eq!(
        of_kind(&d, ChangeKind::TypeRenamed),
        vec![("ItemOther".into(), s("Item"), s("ItemOther"), true)],
        "{d:#?}"
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ReturnTypeChanged),
        vec![(
            "TestAgent.get".into(),
            s("Option<Item>"),
            s("Option<ItemOther>"),
            true
        )]
    );
}

#[test]
fn added_field_breaks_only_types_a_request_carries() {
    // `Query` reaches the request as a variant of the parameter's base;
    // `Answer` is only returned.
    let fields = |extra: &str| {
        let ask = op(
            "Ask",
            r#"<xs:element name="Q" type="tns:Base"/>"#,
            "tns:Answer",
        );
        format!(
            "{ask}{}{}{}",
            record("Base", ""),
            derived(
                "Query",
                "Base",
                &format!(r#"<xs:element name="Text" type="xs:string"/>{extra}"#)
            ),
            record(
                "Answer",
                &format!(r#"<xs:element name="Text" type="xs:string"/>{extra}"#)
            ),
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
            ("Answer.lang".into(), None, s("String"), false),
            ("Query.lang".into(), None, s("String"), true),
        ]
    );
    assert_eq!(d.changes.len(), 2);
}

#[test]
fn fields_removed_and_retyped_break() {
    let get = op("Get", "", "tns:Rec");
    let old = format!(
        "{get}{}",
        record(
            "Rec",
            r#"<xs:element name="Keep" type="xs:int"/><xs:element name="Drop" type="xs:string"/><xs:element name="Widen" type="xs:int"/><xs:element name="Opt" type="xs:int"/><xs:element name="Many" type="xs:int"/>"#
        )
    );
    let new = format!(
        "{get}{}",
        record(
            "Rec",
            r#"<xs:element name="Keep" type="xs:int"/><xs:element name="Widen" type="xs:long"/><xs:element minOccurs="0" name="Opt" nillable="true" type="xs:int"/><xs:element maxOccurs="unbounded" name="Many" type="xs:int"/>"#
        )
    );
    let d = diff(&old, &["Get"], &new, &["Get"]);
    assert_eq!(
        of_kind(&d, ChangeKind::FieldRemoved),
        vec![("Rec.drop".into(), s("String"), None, true)]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::FieldRetyped),
        vec![
            ("Rec.many".into(), s("i32"), s("Vec<i32>"), true),
            ("Rec.opt".into(), s("i32"), s("Option<i32>"), true),
            ("Rec.widen".into(), s("i32"), s("i64"), true),
        ]
    );
    assert_eq!(d.changes.len(), 4);
}

/// The first case `sogen diff` used to miss: `nillable` removed from
/// `ChatMessage.Message` turns `Option<String>` into `String`.
#[test]
fn option_removed_from_a_field_breaks() {
    let chat = |nillable: &str| {
        format!(
            "{}{}",
            op(
                "AddChatMessage",
                r#"<xs:element minOccurs="0" name="Message" nillable="true" type="tns:ChatMessage"/>"#,
                "tns:ChatMessage"
            ),
            record(
                "ChatMessage",
                &format!(
                    r#"<xs:element minOccurs="0" name="Message"{nillable} type="xs:string"/>"#
                )
            )
        )
    };
    let d = diff(
        &chat(r#" nillable="true""#),
        &["AddChatMessage"],
        &chat(""),
        &["AddChatMessage"],
    );
    assert_eq!(
        of_kind(&d, ChangeKind::FieldRetyped),
        vec![(
            "ChatMessage.message".into(),
            s("Option<String>"),
            s("String"),
            true
        )]
    );
    assert_eq!(d.changes.len(), 1);
}

/// The second case it missed: a type extending `ChatMessage` turns the
/// parameter `&ChatMessage` into `&ChatMessageKind` (and the return type
/// with it).
#[test]
fn a_derived_type_turns_the_parameter_into_its_kind_enum() {
    let base = format!(
        "{}{}",
        op(
            "AddChatMessage",
            r#"<xs:element minOccurs="0" name="Message" nillable="true" type="tns:ChatMessage"/>"#,
            "tns:ChatMessage"
        ),
        record(
            "ChatMessage",
            r#"<xs:element minOccurs="0" name="Text" nillable="true" type="xs:string"/>"#
        )
    );
    let new = format!(
        "{base}{}",
        derived(
            "BotMessage",
            "ChatMessage",
            r#"<xs:element name="Bot" type="xs:int"/>"#
        )
    );
    let d = diff(&base, &["AddChatMessage"], &new, &["AddChatMessage"]);
    assert_eq!(
        of_kind(&d, ChangeKind::ParameterRetyped),
        vec![(
            "TestAgent.add_chat_message.message".into(),
            s("impl Nillable<ChatMessage>"),
            s("impl Nillable<ChatMessageKind>"),
            true
        )]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::ReturnTypeChanged),
        vec![(
            "TestAgent.add_chat_message".into(),
            s("Option<ChatMessage>"),
            s("Option<ChatMessageKind>"),
            true
        )]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::TypeAdded),
        vec![
            ("BotMessage".into(), None, None, false),
            ("ChatMessageKind".into(), None, None, false)
        ]
    );
    assert!(d.has_breaking());
}

#[test]
fn a_box_added_to_a_field_breaks() {
    // `Node.Next` becomes recursive through `Link`: the plan boxes it.
    let old = format!(
        "{}{}{}",
        op("Get", "", "tns:Node"),
        record(
            "Node",
            r#"<xs:element minOccurs="0" name="Next" nillable="true" type="tns:Link"/>"#
        ),
        record("Link", r#"<xs:element name="Id" type="xs:int"/>"#)
    );
    let new = format!(
        "{}{}{}",
        op("Get", "", "tns:Node"),
        record(
            "Node",
            r#"<xs:element minOccurs="0" name="Next" nillable="true" type="tns:Link"/>"#
        ),
        record(
            "Link",
            r#"<xs:element name="Id" type="xs:int"/><xs:element name="Back" type="tns:Node"/>"#
        )
    );
    let d = diff(&old, &["Get"], &new, &["Get"]);
    assert_eq!(
        of_kind(&d, ChangeKind::FieldRetyped),
        vec![(
            "Node.next".into(),
            s("Option<Link>"),
            s("Option<Box<Link>>"),
            true
        )]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::FieldAdded),
        vec![("Link.back".into(), None, s("Box<Node>"), false)]
    );
}

#[test]
fn a_method_renamed_by_the_collision_resolver_breaks() {
    // `GetUrl` inserted before `GetURL`: both are `get_url` in Rust; the
    // first in document order keeps it.
    let old = op("GetURL", "", "");
    let new = format!("{}{}", op("GetUrl", "", ""), op("GetURL", "", ""));
    let d = diff(&old, &["GetURL"], &new, &["GetUrl", "GetURL"]);
    assert_eq!(
        of_kind(&d, ChangeKind::MethodRenamed),
        vec![(
            "TestAgent.get_url_2".into(),
            s("get_url"),
            s("get_url_2"),
            true
        )]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::OperationAdded),
        vec![("TestAgent.get_url".into(), None, None, false)]
    );
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
        r#"{}{}{}<xs:simpleType name="Color"><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType><xs:simpleType name="Colors"><xs:list><xs:simpleType><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType></xs:list></xs:simpleType>"#,
        PING,
        op("GetColor", "", "tns:Color"),
        op("GetColors", "", "tns:Colors"),
    )
}

const COLORS: &[&str] = &["Ping", "GetColor", "GetColors"];

#[test]
fn enum_values_added_removed_and_renumbered() {
    let old = enumeration(&[("Red", 1), ("Green", 2), ("Blue", 4)]);
    let new = enumeration(&[("Red", 1), ("Blue", 8), ("Cyan", 16)]);
    let d = diff(&old, COLORS, &new, COLORS);
    assert_eq!(
        of_kind(&d, ChangeKind::VariantAdded),
        vec![
            ("Color.Cyan".into(), None, s("16"), false),
            ("Colors.Cyan".into(), None, s("16"), false),
        ]
    );
    assert_eq!(
        of_kind(&d, ChangeKind::VariantRemoved),
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
fn an_enum_variant_renamed_by_the_collision_resolver_breaks() {
    // `DarkRed` listed before `Dark_Red`: both are `DarkRed` in Rust.
    let old = enumeration(&[("Dark_Red", 1)]);
    let new = enumeration(&[("DarkRed", 2), ("Dark_Red", 1)]);
    let d = diff(&old, COLORS, &new, COLORS);
    assert_eq!(
        of_kind(&d, ChangeKind::VariantRenamed),
        vec![
            ("Color.DarkRed2".into(), s("DarkRed"), s("DarkRed2"), true),
            ("Colors.DarkRed2".into(), s("DarkRed"), s("DarkRed2"), true),
        ]
    );
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
    let ops = ["Get", "Ping", "GetColor", "GetColors"];
    let d = diff(
        &old,
        &ops,
        &new,
        &["Get", "Ping", "GetColor", "GetColors", "Put"],
    );
    assert_eq!(
        render_text(&d),
        "Services87 -> Services88: 4 changes, 1 breaking\n\
         \n\
         Methods\n  + TestAgent::put\n\
         \n\
         Parameters and return types\n  ~ TestAgent::get(id): i32 -> &str  [breaking]\n\
         \n\
         Variants\n  + Color::Pink = 3\n  + Colors::Pink = 3\n"
    );
    #[cfg(feature = "json")]
    assert_eq!(
        render_json(&d),
        "{\"format_version\":1,\"old\":\"Services87\",\"new\":\"Services88\",\"changes\":4,\"breaking\":1,\"items\":[\n\
         {\"kind\":\"operation_added\",\"breaking\":false,\"agent\":\"TestAgent\",\"operation\":\"put\",\"wire\":\"Put\"},\n\
         {\"kind\":\"parameter_retyped\",\"breaking\":true,\"agent\":\"TestAgent\",\"operation\":\"get\",\"member\":\"id\",\"wire\":\"Id\",\"old\":\"i32\",\"new\":\"&str\"},\n\
         {\"kind\":\"variant_added\",\"breaking\":false,\"type\":\"Color\",\"member\":\"Pink\",\"wire\":\"Pink \\\"&\\\" \\\\\",\"new\":\"3\"},\n\
         {\"kind\":\"variant_added\",\"breaking\":false,\"type\":\"Colors\",\"member\":\"Pink\",\"wire\":\"Pink \\\"&\\\" \\\\\",\"new\":\"3\"}\n\
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
