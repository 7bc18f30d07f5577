//! Malformed and unsupported input: each error's kind and line:column.

use crate::reader_util;

use std::path::Path;

use reader_util::{agent_wsdl, at};
use sogen_codegen::reader::{self, ErrorKind, ReadError, RefKind};

/// A valid single-agent WSDL to break.
fn base(schema: &str) -> String {
    agent_wsdl("Services1", "Demo", schema, &["Ping"])
}

fn read_err(text: &str) -> ReadError {
    match reader::read_str("bad.wsdl", text) {
        Ok(m) => panic!("expected an error, read {} versions", m.versions.len()),
        Err(e) => e,
    }
}

/// Reads `text`, expects `kind` at the start of the unique `needle`.
#[track_caller]
fn expect(text: &str, kind: ErrorKind, needle: &str) -> ReadError {
    let err = read_err(text);
    assert_eq!(err.kind(), kind, "{err}");
    assert_eq!(err.line_column(), Some(at(text, needle)), "{err}");
    assert_eq!(err.file(), Path::new("bad.wsdl"));
    let (line, column) = err.line_column().unwrap();
    assert!(
        err.to_string()
            .starts_with(&format!("bad.wsdl:{line}:{column}: ")),
        "{err}"
    );
    err
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

#[test]
fn mismatched_close_tag_is_malformed_xml() {
    let text = replace_once(&base(""), "</wsdl:portType>", "</wsdl:portTyp>");
    let err = expect(&text, ErrorKind::MalformedXml, "</wsdl:portTyp>");
    assert!(err.message().contains("portType"), "{err}");
}

#[test]
fn truncated_file_is_malformed_xml_at_its_end() {
    let full = base("");
    let cut = &full[..full.find("<wsdl:service").unwrap()];
    let err = read_err(cut);
    assert_eq!(err.kind(), ErrorKind::MalformedXml);
    let lines = cut.matches('\n').count() as u32 + 1;
    let last = cut.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
    assert_eq!(err.line_column(), Some((lines, last)), "{err}");
}

#[test]
fn undeclared_element_prefix_is_malformed_xml() {
    let text = replace_once(&base(""), "<wsdl:types>", "<wsdl:types><oops:thing/>");
    // roxmltree points at the name, after `<`.
    expect(&text, ErrorKind::MalformedXml, "oops:thing/>");
}

#[test]
fn invalid_utf8_is_malformed_xml_at_the_bad_byte() {
    let text = base("<!-- caf\u{e9} -->");
    let mut bytes = text.clone().into_bytes();
    let bad = text.find('\u{e9}').unwrap();
    bytes[bad + 1] = b'X'; // a lead byte without its continuation
    let dir = std::env::temp_dir().join(format!("sogen-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Bad.wsdl");
    std::fs::write(&file, &bytes).unwrap();
    let err = reader::read_paths(&[&file]).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(err.kind(), ErrorKind::MalformedXml);
    assert_eq!(err.line_column(), Some(at(&text, "\u{e9}")), "{err}");
    assert!(err.message().contains("UTF-8"), "{err}");
}

#[test]
fn a_dtd_is_refused() {
    let text = base("").replacen(
        "<wsdl:definitions",
        "<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\n<wsdl:definitions",
        1,
    );
    let err = expect(&text, ErrorKind::MalformedXml, "<!DOCTYPE");
    assert!(err.message().contains("DTD"), "{err}");
}

#[test]
fn a_root_other_than_definitions_is_invalid() {
    let text =
        "<?xml version=\"1.0\"?>\n  <xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>";
    let err = expect(text, ErrorKind::Invalid, "<xs:schema");
    assert!(
        err.message().contains("expected a WSDL 1.1 <definitions>"),
        "{err}"
    );
}

#[test]
fn definitions_without_target_namespace_is_invalid() {
    let text = "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\"/>";
    let err = expect(text, ErrorKind::Invalid, "<definitions");
    assert!(err.message().contains("targetNamespace"), "{err}");
}

#[test]
fn dangling_type_reference() {
    let text = base(
        r#"<xs:complexType name="A"><xs:sequence><xs:element name="B" type="tns:Missing"/></xs:sequence></xs:complexType>"#,
    );
    let err = expect(&text, ErrorKind::Dangling(RefKind::Type), "tns:Missing");
    assert!(err.message().contains("Missing"), "{err}");
}

#[test]
fn dangling_base_type() {
    let text = base(
        r#"<xs:complexType name="A"><xs:complexContent><xs:extension base="tns:Gone"><xs:sequence/></xs:extension></xs:complexContent></xs:complexType>"#,
    );
    expect(&text, ErrorKind::Dangling(RefKind::Type), "tns:Gone");
}

#[test]
fn undeclared_prefix_in_a_type_reference_is_invalid() {
    let text = base(r#"<xs:element name="E" type="q99:Thing"/>"#);
    let err = expect(&text, ErrorKind::Invalid, "q99:Thing");
    assert!(err.message().contains("prefix `q99`"), "{err}");
}

#[test]
fn dangling_part_element() {
    let text = replace_once(
        &base(""),
        r#"<wsdl:part name="parameters" element="tns:Ping"/>"#,
        r#"<wsdl:part name="parameters" element="tns:Pong"/>"#,
    );
    expect(&text, ErrorKind::Dangling(RefKind::Element), "tns:Pong");
}

#[test]
fn dangling_message_in_port_type() {
    let text = replace_once(
        &base(""),
        r#"message="tns:PingRequest""#,
        r#"message="tns:NoSuch""#,
    );
    expect(&text, ErrorKind::Dangling(RefKind::Message), "tns:NoSuch");
}

#[test]
fn dangling_header_message_and_part() {
    let text = replace_once(
        &base(""),
        r#"<soap:header message="tns:PingRequest_Headers" part="Credentials" use="literal"/>"#,
        r#"<soap:header message="tns:PingRequest_Headers" part="Ticket" use="literal"/>"#,
    );
    let err = expect(
        &text,
        ErrorKind::Dangling(RefKind::Part),
        r#"<soap:header message="tns:PingRequest_Headers" part="Ticket""#,
    );
    assert!(err.message().contains("`Ticket`"), "{err}");
    let text = replace_once(
        &base(""),
        r#"<soap:header message="tns:PingRequest_Headers" part="Credentials" use="literal"/>"#,
        r#"<soap:header message="tns:Nope" part="Credentials" use="literal"/>"#,
    );
    expect(&text, ErrorKind::Dangling(RefKind::Message), "tns:Nope");
}

#[test]
fn dangling_binding_in_port() {
    let text = replace_once(
        &base(""),
        r#"binding="tns:BasicHttpBinding_Demo""#,
        r#"binding="tns:Elsewhere""#,
    );
    expect(
        &text,
        ErrorKind::Dangling(RefKind::Binding),
        "tns:Elsewhere",
    );
}

#[test]
fn dangling_port_type_in_binding() {
    let text = replace_once(&base(""), r#"type="tns:Demo""#, r#"type="tns:Demo2""#);
    expect(&text, ErrorKind::Dangling(RefKind::PortType), "tns:Demo2");
}

#[test]
fn binding_operation_missing_from_port_type() {
    let text = replace_once(
        &base(""),
        r#"<wsdl:operation name="Ping">
      <soap:operation"#,
        r#"<wsdl:operation name="Pang"><soap:operation soapAction="x"/></wsdl:operation><wsdl:operation name="Ping">
      <soap:operation"#,
    );
    expect(
        &text,
        ErrorKind::Dangling(RefKind::Operation),
        r#"<wsdl:operation name="Pang">"#,
    );
}

#[test]
fn port_type_operation_without_binding_operation_is_invalid() {
    let text = replace_once(
        &base(""),
        r#"<wsdl:portType name="Demo">"#,
        r#"<wsdl:portType name="Demo"><wsdl:operation name="Extra"><wsdl:input message="tns:PingRequest"/></wsdl:operation>"#,
    );
    expect(
        &text,
        ErrorKind::Invalid,
        r#"<wsdl:operation name="Extra">"#,
    );
}

#[test]
fn rpc_style_is_unsupported() {
    let text = replace_once(&base(""), r#"style="document""#, r#"style="rpc""#);
    let err = expect(&text, ErrorKind::Unsupported, r#"rpc""#);
    assert!(err.message().contains("document style"), "{err}");
    let text = replace_once(
        &base(""),
        r#"<soap:binding transport"#,
        r#"<soap:binding style="rpc" transport"#,
    );
    expect(&text, ErrorKind::Unsupported, r#"rpc" transport"#);
}

#[test]
fn encoded_use_is_unsupported() {
    let text = replace_once(
        &base(""),
        r#"<soap:header message="tns:PingResponse_Headers" part="Succeeded" use="literal"/>"#,
        r#"<soap:header message="tns:PingResponse_Headers" part="Succeeded" use="encoded"/>"#,
    );
    expect(&text, ErrorKind::Unsupported, "encoded");
}

#[test]
fn type_based_part_is_unsupported() {
    let text = replace_once(
        &base(""),
        r#"<wsdl:part name="Succeeded" element="tns:Succeeded"/>"#,
        r#"<wsdl:part name="Succeeded" type="xs:boolean"/>"#,
    );
    let err = expect(
        &text,
        ErrorKind::Unsupported,
        r#"<wsdl:part name="Succeeded" type"#,
    );
    assert!(err.message().contains("type-based"), "{err}");
}

#[test]
fn choice_and_any_are_unsupported() {
    let text = base(
        r#"<xs:complexType name="C"><xs:choice><xs:element name="A" type="xs:int"/></xs:choice></xs:complexType>"#,
    );
    let err = expect(&text, ErrorKind::Unsupported, "<xs:choice>");
    assert!(err.message().contains("xs:choice"), "{err}");
    let text = base(
        r#"<xs:complexType name="C"><xs:sequence><xs:any minOccurs="0"/></xs:sequence></xs:complexType>"#,
    );
    expect(&text, ErrorKind::Unsupported, "<xs:any ");
}

#[test]
fn unsupported_builtin_type() {
    let text = base(r#"<xs:element name="When" type="xs:date"/>"#);
    let err = expect(&text, ErrorKind::Unsupported, "xs:date");
    assert!(err.message().contains("xs:date"), "{err}");
    let text = base(r#"<xs:element name="When" type="xs:strng"/>"#);
    let err = expect(&text, ErrorKind::Dangling(RefKind::Type), "xs:strng");
    assert!(err.message().contains("`xs:strng` does not exist"), "{err}");
}

#[test]
fn wsdl_import_is_unsupported() {
    let text = replace_once(
        &base(""),
        "<wsdl:types>",
        r#"<wsdl:import namespace="urn:x" location="other.wsdl"/><wsdl:types>"#,
    );
    expect(&text, ErrorKind::Unsupported, "<wsdl:import");
}

#[test]
fn bad_occurs_and_booleans_are_invalid() {
    let text = base(
        r#"<xs:complexType name="C"><xs:sequence><xs:element minOccurs="zero" name="A" type="xs:int"/></xs:sequence></xs:complexType>"#,
    );
    let err = expect(&text, ErrorKind::Invalid, "zero");
    assert!(err.message().contains("non-negative integer"), "{err}");
    let text = base(
        r#"<xs:complexType name="C"><xs:sequence><xs:element minOccurs="3" maxOccurs="2" name="A" type="xs:int"/></xs:sequence></xs:complexType>"#,
    );
    expect(&text, ErrorKind::Invalid, r#"<xs:element minOccurs="3""#);
    let text = base(r#"<xs:element name="E" nillable="yes" type="xs:int"/>"#);
    expect(&text, ErrorKind::Invalid, "yes");
}

#[test]
fn non_numeric_enumeration_value_is_invalid() {
    let text = base(
        r#"<xs:simpleType name="S"><xs:restriction base="xs:string"><xs:enumeration value="A"><xs:annotation><xs:appinfo><EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">lots</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration></xs:restriction></xs:simpleType>"#,
    );
    expect(&text, ErrorKind::Invalid, "<EnumerationValue");
}

#[test]
fn element_without_name_is_invalid() {
    let text = base(
        r#"<xs:complexType name="C"><xs:sequence><xs:element type="xs:int"/></xs:sequence></xs:complexType>"#,
    );
    let err = expect(&text, ErrorKind::Invalid, r#"<xs:element type="xs:int"/>"#);
    assert!(err.message().contains("`name`"), "{err}");
}

#[test]
fn malformed_dictionary_is_invalid() {
    let text = base(
        r#"<xs:complexType name="D"><xs:annotation><xs:appinfo><IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary></xs:appinfo></xs:annotation><xs:sequence><xs:element name="K" type="xs:string"/></xs:sequence></xs:complexType>"#,
    );
    expect(&text, ErrorKind::Invalid, r#"<xs:complexType name="D">"#);
}

#[test]
fn inheritance_cycle_is_refused() {
    let text = base(
        r#"<xs:complexType name="A"><xs:complexContent><xs:extension base="tns:B"/></xs:complexContent></xs:complexType><xs:complexType name="B"><xs:complexContent><xs:extension base="tns:A"/></xs:complexContent></xs:complexType>"#,
    );
    let err = expect(
        &text,
        ErrorKind::Unsupported,
        r#"<xs:complexType name="A">"#,
    );
    assert!(err.message().contains("derives from itself"), "{err}");
}

/// `T0` and `T1`..`Tn`, each extending the one before, one field each.
fn chain(n: usize) -> String {
    let mut schema = String::from(
        r#"<xs:complexType name="T0"><xs:sequence><xs:element name="F0" type="xs:int"/></xs:sequence></xs:complexType>"#,
    );
    for i in 1..=n {
        schema.push_str(&format!(
            r#"<xs:complexType name="T{i}"><xs:complexContent><xs:extension base="tns:T{}"><xs:sequence><xs:element name="F{i}" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
            i - 1
        ));
    }
    base(&schema)
}

#[test]
fn an_inheritance_chain_at_the_limit_reads() {
    let n = sogen_codegen::model::MAX_INHERITANCE_DEPTH;
    let model = reader::read_str("deep.wsdl", &chain(n)).expect("64 levels are allowed");
    let v = &model.versions[0];
    let root = sogen_codegen::model::QName::new(reader_util::ns("Services1"), "T0");
    assert_eq!(v.derived[&root].len(), n);
}

#[test]
fn a_deep_inheritance_chain_is_a_depth_limit_not_a_cycle() {
    for n in [65, 300] {
        let text = chain(n);
        let last = format!(r#"<xs:complexType name="T{n}">"#);
        let err = expect(&text, ErrorKind::Unsupported, &last);
        let message = err.message();
        assert!(message.contains(&format!("starting at `T{n}`")), "{err}");
        assert!(message.contains("limit of 64 levels"), "{err}");
        assert!(!message.contains("circular"), "{err}");
    }
}

#[test]
fn a_10000_deep_chain_is_refused_quickly() {
    // 2.2 MB of WSDL; took over 300 s and 6 GB before inheritance became
    // linear. Generous bound: the point is "not minutes"; the speed itself
    // is in `cargo bench --bench load` (inheritance chain).
    let text = chain(10_000);
    let started = std::time::Instant::now();
    let err = read_err(&text);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(err.message().contains("starting at `T10000`"), "{err}");
}

#[test]
fn a_cycle_through_several_types_names_them() {
    let text = base(
        r#"<xs:complexType name="A"><xs:complexContent><xs:extension base="tns:C"/></xs:complexContent></xs:complexType><xs:complexType name="B"><xs:complexContent><xs:extension base="tns:A"/></xs:complexContent></xs:complexType><xs:complexType name="C"><xs:complexContent><xs:extension base="tns:B"/></xs:complexContent></xs:complexType>"#,
    );
    let err = read_err(&text);
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(err.message().contains("circular inheritance"), "{err}");
    assert!(
        err.message().contains("A extends C extends B extends A"),
        "{err}"
    );
}

#[test]
fn deep_anonymous_nesting_is_refused_without_overflow() {
    let depth = 10_000;
    let open = r#"<xs:element name="N"><xs:complexType><xs:sequence>"#;
    let close = "</xs:sequence></xs:complexType></xs:element>";
    let text = base(&format!("{}{}", open.repeat(depth), close.repeat(depth)));
    let err = read_err(&text);
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(err.message().contains("nested deeper"), "{err}");
}

#[test]
fn notification_operation_is_unsupported() {
    let text = replace_once(
        &base(""),
        r#"<wsdl:portType name="Demo">"#,
        r#"<wsdl:portType name="Demo"><wsdl:operation name="Notify"><wsdl:output message="tns:PingResponse"/></wsdl:operation>"#,
    );
    expect(
        &text,
        ErrorKind::Unsupported,
        r#"<wsdl:operation name="Notify">"#,
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let path = Path::new("/definitely/not/here/Chat.wsdl");
    let err = reader::read_paths(&[path]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert_eq!(err.file(), path);
    assert_eq!(err.line_column(), None);
    let text = err.to_string();
    assert!(
        text.starts_with("/definitely/not/here/Chat.wsdl: cannot read"),
        "{text}"
    );
}

#[test]
fn empty_folder_says_no_wsdl_found() {
    let dir = std::env::temp_dir().join(format!("sogen-empty-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/readme.txt"), "nothing here").unwrap();
    let err = reader::read_paths(&[&dir]).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(err.kind(), ErrorKind::NoWsdl);
    assert_eq!(err.file(), dir);
    assert!(err.to_string().contains("no .wsdl file found"), "{err}");
}

#[test]
fn the_first_broken_file_in_order_is_reported() {
    let dir = std::env::temp_dir().join(format!("sogen-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["A", "B", "C", "D"] {
        let text = agent_wsdl("Services1", name, "", &["Ping"]);
        let text = if name == "A" {
            text
        } else {
            text.replace("</wsdl:definitions>", "")
        };
        std::fs::write(dir.join(format!("{name}.wsdl")), text).unwrap();
    }
    let err = reader::read_paths(&[&dir]).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(err.kind(), ErrorKind::MalformedXml);
    assert_eq!(err.file(), dir.join("B.wsdl"));
}
