//! Each schema and WSDL construct the reader supports, on small inline WSDL.

use crate::reader_util;

use std::path::Path;

use reader_util::{agent_wsdl, ns, q, read, ty, version_with};
use sogen_codegen::model::{
    Attribute, Builtin, ComplexShape, ComplexType, EnumValue, Field, QName, SimpleType,
    SoapVersion, TypeDef, TypeRef, SER_NS, XS_NS,
};
use sogen_codegen::reader::{self, ErrorKind};

fn complex(def: &TypeDef) -> &ComplexType {
    match def {
        TypeDef::Complex(c) => c,
        other => panic!("not complex: {other:?}"),
    }
}

fn field(name: &str, ty: TypeRef, min: u32, max: Option<u32>, nillable: bool) -> Field {
    Field {
        name: name.into(),
        namespace: ns("Services1"),
        ty,
        min_occurs: min,
        max_occurs: max,
        nillable,
    }
}

#[test]
fn sequence_fields_keep_order_occurs_and_nillable() {
    let v = version_with(
        r#"<xs:complexType name="Person"><xs:sequence>
             <xs:element name="Id" type="xs:int"/>
             <xs:element minOccurs="0" name="Name" nillable="true" type="xs:string"/>
             <xs:element minOccurs="2" maxOccurs="5" name="Tags" type="xs:string"/>
             <xs:element minOccurs="0" maxOccurs="unbounded" name="Notes" type="xs:string"/>
             <xs:element form="unqualified" name="Local" type="xs:boolean"/>
           </xs:sequence></xs:complexType>"#,
    );
    let c = complex(ty(&v, "Person"));
    let s = TypeRef::Builtin(Builtin::String);
    let mut local = field(
        "Local",
        TypeRef::Builtin(Builtin::Boolean),
        1,
        Some(1),
        false,
    );
    local.namespace = String::new();
    assert_eq!(
        c.fields,
        [
            field("Id", TypeRef::Builtin(Builtin::Int), 1, Some(1), false),
            field("Name", s.clone(), 0, Some(1), true),
            field("Tags", s.clone(), 2, Some(5), false),
            field("Notes", s, 0, None, false),
            local,
        ]
    );
    assert_eq!(c.shape, ComplexShape::Record);
    assert_eq!(c.base, None);
    assert!(!c.is_abstract);
}

#[test]
fn anonymous_types_nest_in_elements_and_fields() {
    let v = version_with(
        r#"<xs:element name="Ping"><xs:complexType><xs:sequence>
             <xs:element minOccurs="0" name="Inner"><xs:complexType><xs:sequence>
               <xs:element name="Level" type="xs:short"/>
             </xs:sequence></xs:complexType></xs:element>
             <xs:element name="Mode"><xs:simpleType><xs:restriction base="xs:string">
               <xs:enumeration value="On"/><xs:enumeration value="Off"/>
             </xs:restriction></xs:simpleType></xs:element>
           </xs:sequence></xs:complexType></xs:element>"#,
    );
    let el = &v.elements[&q("Ping")];
    let TypeRef::Anonymous(def) = &el.ty else {
        panic!("{el:?}")
    };
    let fields = &complex(def).fields;
    let TypeRef::Anonymous(inner) = &fields[0].ty else {
        panic!()
    };
    assert_eq!(
        complex(inner).fields,
        [field(
            "Level",
            TypeRef::Builtin(Builtin::Short),
            1,
            Some(1),
            false
        )]
    );
    let TypeRef::Anonymous(mode) = &fields[1].ty else {
        panic!()
    };
    assert!(matches!(
        mode.as_ref(),
        TypeDef::Simple(SimpleType::Enumeration { base: Builtin::String, values }) if values.len() == 2
    ));
}

#[test]
fn enumeration_values_carry_their_annotation() {
    let v = version_with(
        r#"<xs:simpleType name="Color">
             <xs:annotation><xs:appinfo><ActualType Name="short" Namespace="http://www.w3.org/2001/XMLSchema" xmlns="http://schemas.microsoft.com/2003/10/Serialization/"/></xs:appinfo></xs:annotation>
             <xs:restriction base="xs:string">
               <xs:enumeration value="Red"/>
               <xs:enumeration value="Green"><xs:annotation><xs:appinfo><EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">-7</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>
             </xs:restriction></xs:simpleType>"#,
    );
    assert_eq!(
        ty(&v, "Color"),
        &TypeDef::Simple(SimpleType::Enumeration {
            base: Builtin::String,
            values: vec![
                EnumValue {
                    name: "Red".into(),
                    value: None
                },
                EnumValue {
                    name: "Green".into(),
                    value: Some(-7)
                },
            ],
        })
    );
}

#[test]
fn list_of_enumeration_is_a_flag_set() {
    let v = version_with(
        r#"<xs:simpleType name="Rights"><xs:list><xs:simpleType><xs:restriction base="xs:string">
             <xs:enumeration value="Select"/>
             <xs:enumeration value="R"><xs:annotation><xs:appinfo><EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">16</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>
           </xs:restriction></xs:simpleType></xs:list></xs:simpleType>"#,
    );
    assert_eq!(
        ty(&v, "Rights"),
        &TypeDef::Simple(SimpleType::FlagList {
            values: vec![
                EnumValue {
                    name: "Select".into(),
                    value: None
                },
                EnumValue {
                    name: "R".into(),
                    value: Some(16)
                },
            ],
        })
    );
}

#[test]
fn restriction_without_enumeration_is_its_base() {
    let v = version_with(
        r#"<xs:simpleType name="Code"><xs:restriction base="xs:int"><xs:minInclusive value="1"/></xs:restriction></xs:simpleType>"#,
    );
    assert_eq!(
        ty(&v, "Code"),
        &TypeDef::Simple(SimpleType::Restriction { base: Builtin::Int })
    );
}

#[test]
fn array_of_x_is_an_array_and_other_repeats_are_records() {
    let v = version_with(
        r#"<xs:complexType name="Item"><xs:sequence/></xs:complexType>
           <xs:complexType name="ArrayOfItem"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Item" nillable="true" type="tns:Item"/></xs:sequence></xs:complexType>
           <xs:complexType name="Bag"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Item" type="tns:Item"/></xs:sequence></xs:complexType>
           <xs:complexType name="ArrayOfPair"><xs:sequence><xs:element name="A" type="xs:int"/><xs:element name="B" type="xs:int"/></xs:sequence></xs:complexType>"#,
    );
    let a = complex(ty(&v, "ArrayOfItem"));
    assert_eq!(a.shape, ComplexShape::Array);
    assert_eq!(a.fields[0].ty, TypeRef::Named(q("Item")));
    assert_eq!(a.fields[0].max_occurs, None);
    assert_eq!(complex(ty(&v, "Bag")).shape, ComplexShape::Record);
    assert_eq!(complex(ty(&v, "ArrayOfPair")).shape, ComplexShape::Record);
}

#[test]
fn is_dictionary_is_a_map_with_key_and_value() {
    let v = version_with(
        r#"<xs:complexType name="Thing"><xs:sequence/></xs:complexType>
           <xs:complexType name="ThingDictionary">
             <xs:annotation><xs:appinfo><IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary></xs:appinfo></xs:annotation>
             <xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="ThingPair"><xs:complexType><xs:sequence>
               <xs:element name="Key" nillable="true" type="xs:string"/>
               <xs:element name="Value" nillable="true" type="q9:Thing" xmlns:q9="http://example.com/ws/Services1"/>
             </xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType>"#,
    );
    match &complex(ty(&v, "ThingDictionary")).shape {
        ComplexShape::Dictionary { entry, key, value } => {
            assert_eq!(entry, "ThingPair");
            assert_eq!(
                **key,
                field("Key", TypeRef::Builtin(Builtin::String), 1, Some(1), true)
            );
            assert_eq!(
                **value,
                field("Value", TypeRef::Named(q("Thing")), 1, Some(1), true)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn extension_sets_base_and_derived_is_transitive() {
    let v = version_with(
        r#"<xs:complexType name="Carrier"><xs:sequence><xs:element minOccurs="0" name="Right" type="xs:int"/></xs:sequence></xs:complexType>
           <xs:complexType name="Entity" abstract="true"><xs:complexContent mixed="false"><xs:extension base="q6:Carrier" xmlns:q6="http://example.com/ws/Services1"><xs:sequence><xs:element name="Id" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
           <xs:complexType name="Sale"><xs:complexContent mixed="false"><xs:extension base="tns:Entity"><xs:sequence/></xs:extension></xs:complexContent></xs:complexType>
           <xs:complexType name="Other"><xs:complexContent mixed="false"><xs:extension base="tns:Carrier"/></xs:complexContent></xs:complexType>"#,
    );
    let e = complex(ty(&v, "Entity"));
    assert_eq!(e.base, Some(q("Carrier")));
    assert!(e.is_abstract);
    assert_eq!(
        e.fields,
        [field(
            "Id",
            TypeRef::Builtin(Builtin::Int),
            1,
            Some(1),
            false
        )]
    );
    assert_eq!(complex(ty(&v, "Sale")).base, Some(q("Entity")));
    assert_eq!(
        v.derived[&q("Carrier")],
        [q("Entity"), q("Other"), q("Sale")]
    );
    assert_eq!(v.derived[&q("Entity")], [q("Sale")]);
    assert!(!v.derived.contains_key(&q("Sale")));
}

#[test]
fn attributes_local_and_by_reference() {
    let text = agent_wsdl(
        "Services1",
        "Demo",
        r#"<xs:complexType name="Tagged"><xs:sequence/>
             <xs:attribute name="Kind" type="xs:string" use="required"/>
             <xs:attribute ref="ser:Id"/>
           </xs:complexType>"#,
        &["Ping"],
    )
    .replace(
        "</wsdl:types>",
        r#"<xs:schema attributeFormDefault="qualified" targetNamespace="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:attribute name="Id" type="xs:ID"/></xs:schema></wsdl:types>"#,
    );
    let m = read(&text);
    let c = complex(ty(&m.versions[0], "Tagged"));
    assert_eq!(
        c.attributes,
        [
            Attribute {
                name: QName::new("", "Kind"),
                ty: TypeRef::Builtin(Builtin::String),
                required: true
            },
            Attribute {
                name: QName::new(SER_NS, "Id"),
                ty: TypeRef::Builtin(Builtin::String),
                required: false
            },
        ]
    );
}

#[test]
fn builtins_and_serialization_primitives_map_to_builtin() {
    let names = [
        ("xs:string", Builtin::String),
        ("xs:boolean", Builtin::Boolean),
        ("xs:byte", Builtin::Byte),
        ("xs:short", Builtin::Short),
        ("xs:int", Builtin::Int),
        ("xs:long", Builtin::Long),
        ("xs:unsignedByte", Builtin::UnsignedByte),
        ("xs:unsignedShort", Builtin::UnsignedShort),
        ("xs:unsignedInt", Builtin::UnsignedInt),
        ("xs:unsignedLong", Builtin::UnsignedLong),
        ("xs:float", Builtin::Float),
        ("xs:double", Builtin::Double),
        ("xs:decimal", Builtin::Decimal),
        ("xs:dateTime", Builtin::DateTime),
        ("xs:duration", Builtin::Duration),
        ("xs:base64Binary", Builtin::Base64Binary),
        ("xs:anyURI", Builtin::AnyUri),
        ("xs:QName", Builtin::QName),
        ("xs:anyType", Builtin::AnyType),
        ("ser:guid", Builtin::Guid),
        ("ser:char", Builtin::Char),
        ("ser:duration", Builtin::Duration),
        ("xsd:int", Builtin::Int),
    ];
    let mut schema = String::from(
        r#"<xs:complexType name="All" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xs:sequence>"#,
    );
    for (i, (t, _)) in names.iter().enumerate() {
        schema.push_str(&format!(r#"<xs:element name="F{i}" type="{t}"/>"#));
    }
    schema.push_str(r#"<xs:element name="Untyped"/></xs:sequence></xs:complexType>"#);
    let v = version_with(&schema);
    let got: Vec<TypeRef> = complex(ty(&v, "All"))
        .fields
        .iter()
        .map(|f| f.ty.clone())
        .collect();
    let mut want: Vec<TypeRef> = names.iter().map(|(_, b)| TypeRef::Builtin(*b)).collect();
    want.push(TypeRef::Builtin(Builtin::AnyType));
    assert_eq!(got, want);
    assert_eq!(reader::builtin(&QName::new(XS_NS, "date")), None);
}

#[test]
fn serialization_schema_primitives_are_not_named_types() {
    let text = agent_wsdl("Services1", "Demo", "", &["Ping"]).replace(
        "</wsdl:types>",
        r#"<xs:schema targetNamespace="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://schemas.microsoft.com/2003/10/Serialization/">
             <xs:element name="guid" nillable="true" type="tns:guid"/>
             <xs:simpleType name="guid"><xs:restriction base="xs:string"><xs:pattern value="[\da-fA-F]{8}"/></xs:restriction></xs:simpleType>
             <xs:simpleType name="char"><xs:restriction base="xs:int"/></xs:simpleType>
           </xs:schema></wsdl:types>"#,
    );
    let m = read(&text);
    let v = &m.versions[0];
    assert!(!v.types.contains_key(&QName::new(SER_NS, "guid")));
    assert_eq!(
        v.elements[&QName::new(SER_NS, "guid")].ty,
        TypeRef::Builtin(Builtin::Guid)
    );
}

#[test]
fn qnames_resolve_by_namespace_whatever_the_prefix() {
    let v = version_with(
        r#"<xs:complexType name="Target"><xs:sequence/></xs:complexType>
           <xs:complexType name="Refs"><xs:sequence>
             <xs:element name="A" type="tns:Target"/>
             <xs:element name="B" type="q6:Target" xmlns:q6="http://example.com/ws/Services1"/>
             <xs:element name="C" type="Target" xmlns="http://example.com/ws/Services1"/>
             <xs:element name="D" type=" zz:Target " xmlns:zz="http://example.com/ws/Services1"/>
           </xs:sequence></xs:complexType>"#,
    );
    for f in &complex(ty(&v, "Refs")).fields {
        assert_eq!(f.ty, TypeRef::Named(q("Target")), "{}", f.name);
    }
}

#[test]
fn schemas_of_one_file_import_each_other_by_namespace() {
    let arrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
    let text = agent_wsdl(
        "Services1",
        "Demo",
        &format!(
            r#"<xs:import namespace="{arrays}"/>
               <xs:complexType name="Holder"><xs:sequence><xs:element name="Ids" type="q1:ArrayOfint" xmlns:q1="{arrays}"/></xs:sequence></xs:complexType>"#
        ),
        &["Ping"],
    )
    .replace(
        "</wsdl:types>",
        &format!(
            r#"<xs:schema elementFormDefault="qualified" targetNamespace="{arrays}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{arrays}">
                 <xs:complexType name="ArrayOfint"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="int" type="xs:int"/></xs:sequence></xs:complexType>
               </xs:schema></wsdl:types>"#
        ),
    );
    let m = read(&text);
    let v = &m.versions[0];
    let arr = QName::new(arrays, "ArrayOfint");
    assert_eq!(
        complex(ty(v, "Holder")).fields[0].ty,
        TypeRef::Named(arr.clone())
    );
    let a = complex(&v.types[&arr].def);
    assert_eq!(a.shape, ComplexShape::Array);
    assert_eq!(a.fields[0].namespace, arrays);
}

#[test]
fn operations_carry_action_parts_headers_and_address() {
    let text = agent_wsdl(
        "Services1",
        "Demo",
        r#"<xs:element name="Echo"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="Text" nillable="true" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#,
        &["Echo", "Ping"],
    );
    let m = read(&text);
    let v = &m.versions[0];
    assert_eq!(
        (v.name.as_str(), v.namespace.as_str()),
        ("Services1", ns("Services1").as_str())
    );
    let a = &v.agents[0];
    assert_eq!(a.name, "Demo");
    assert_eq!(a.service, "WcfDemoService");
    assert_eq!(a.file, Path::new("test.wsdl"));
    assert_eq!(a.soap, SoapVersion::Soap11);
    assert_eq!(
        a.address.as_deref(),
        Some("https://host/Cust1/Remote/Services1/Demo.svc")
    );
    let names: Vec<&str> = a.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Echo", "Ping"]);
    let echo = &a.operations[0];
    assert_eq!(echo.soap_action, format!("{}/Demo/Echo", ns("Services1")));
    assert_eq!(echo.input.name, "EchoRequest");
    assert_eq!(echo.input.body.len(), 1);
    assert_eq!(echo.input.body[0].name, "parameters");
    assert_eq!(echo.input.body[0].element, q("Echo"));
    let headers: Vec<(&str, &QName)> = echo
        .input
        .headers
        .iter()
        .map(|p| (p.name.as_str(), &p.element))
        .collect();
    assert_eq!(
        headers,
        [
            ("ApplicationToken", &q("ApplicationToken")),
            ("Credentials", &q("Credentials"))
        ]
    );
    let out = echo.output.as_ref().unwrap();
    assert_eq!(out.name, "EchoResponse");
    assert_eq!(out.body[0].element, q("EchoResponse"));
    assert_eq!(out.headers[0].name, "Succeeded");
    assert_eq!(
        v.elements[&q("Credentials")].ty,
        TypeRef::Named(q("SoCredentials"))
    );
    assert!(v.elements[&q("Credentials")].nillable);
}

/// A file written by hand: one-way operation, soap:body `parts`, a header
/// bound from the input message itself, documentation, SOAP 1.2 next to 1.1.
const HANDWRITTEN: &str = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:t="urn:x:Services9" targetNamespace="urn:x:Services9">
  <types><schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x:Services9">
    <element name="Note" type="string"/><element name="Token" type="string"/><element name="Extra" type="int"/>
  </schema></types>
  <message name="NoteIn"><part name="body" element="t:Note"/><part name="token" element="t:Token"/><part name="extra" element="t:Extra"/></message>
  <portType name="Notes">
    <operation name="Post"><documentation> Posts a note. </documentation><input message="t:NoteIn"/></operation>
  </portType>
  <binding name="Notes12" type="t:Notes"><soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="Post"><soap12:operation soapAction="urn:post12"/><input><soap12:body use="literal" parts="body"/></input></operation>
  </binding>
  <binding name="Notes11" type="t:Notes"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="Post"><soap:operation soapAction="urn:post"/><input><soap:header message="t:NoteIn" part="token" use="literal"/><soap:body use="literal"/></input></operation>
  </binding>
  <service name="NoteService">
    <port name="p12" binding="t:Notes12"><soap12:address location="http://h/12"/></port>
    <port name="p11" binding="t:Notes11"><soap:address location="http://h/11"/></port>
  </service>
</definitions>"#;

#[test]
fn handwritten_wsdl_one_way_parts_and_soap11_preferred() {
    let m = read(HANDWRITTEN);
    let v = &m.versions[0];
    assert_eq!(v.name, "Services9");
    let a = &v.agents[0];
    assert_eq!(a.soap, SoapVersion::Soap11);
    assert_eq!(a.address.as_deref(), Some("http://h/11"));
    assert_eq!(a.service, "NoteService");
    let op = &a.operations[0];
    assert_eq!(op.soap_action, "urn:post");
    assert_eq!(op.documentation.as_deref(), Some("Posts a note."));
    assert!(op.output.is_none());
    // Without `parts`, the body holds every part not bound as a header.
    let body: Vec<&str> = op.input.body.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(body, ["body", "extra"]);
    assert_eq!(
        op.input.headers[0].element,
        QName::new("urn:x:Services9", "Token")
    );

    // Only the SOAP 1.2 binding: it is used, and `parts` selects the body.
    let only12 = HANDWRITTEN
        .replace(
            r#"<port name="p11" binding="t:Notes11"><soap:address location="http://h/11"/></port>"#,
            "",
        )
        .replace(
            "<soap:binding ",
            "<http:binding xmlns:http=\"http://schemas.xmlsoap.org/wsdl/http/\" ",
        );
    let m = read(&only12);
    let a = &m.versions[0].agents[0];
    assert_eq!(a.soap, SoapVersion::Soap12);
    assert_eq!(a.address.as_deref(), Some("http://h/12"));
    let op = &a.operations[0];
    assert_eq!(op.soap_action, "urn:post12");
    let body: Vec<&str> = op.input.body.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(body, ["body"]);
}

#[test]
fn identical_types_in_many_agents_merge_into_one() {
    let shared = r#"<xs:complexType name="Carrier"><xs:sequence><xs:element name="X" type="q3:Sub" xmlns:q3="http://example.com/ws/Services1"/></xs:sequence></xs:complexType>
                    <xs:complexType name="Sub"><xs:sequence/></xs:complexType>"#;
    let a = agent_wsdl("Services1", "Alpha", shared, &["Get"]);
    let b = agent_wsdl(
        "Services1",
        "Beta",
        &shared.replace("q3:", "tns:"),
        &["Get", "Put"],
    );
    let m = reader::read_strs(&[
        (Path::new("b.wsdl"), b.as_str()),
        (Path::new("a.wsdl"), a.as_str()),
    ])
    .unwrap();
    let v = &m.versions[0];
    let agents: Vec<&str> = v.agents.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(agents, ["Alpha", "Beta"]);
    assert_eq!(v.types.len(), 3); // Carrier, Sub, SoCredentials
                                  // The first file given is where the type was first read.
    assert_eq!(v.types[&q("Carrier")].source.file, Path::new("b.wsdl"));
    let src = &v.types[&q("Carrier")].source;
    let expected = reader_util::at(&b, r#"<xs:complexType name="Carrier">"#);
    assert_eq!((src.line, src.column), expected);
}

#[test]
fn wrapper_elements_that_differ_between_agents_are_scoped_per_agent() {
    let a = agent_wsdl(
        "Services1",
        "Alpha",
        r#"<xs:element name="Get"><xs:complexType><xs:sequence><xs:element name="AlphaId" type="xs:int"/></xs:sequence></xs:complexType></xs:element>"#,
        &["Get"],
    );
    let b = agent_wsdl("Services1", "Beta", "", &["Get"]);
    let m = reader::read_strs(&[
        (Path::new("a.wsdl"), a.as_str()),
        (Path::new("b.wsdl"), b.as_str()),
    ])
    .unwrap();
    let v = &m.versions[0];
    assert!(!v.elements.contains_key(&q("Get")));
    assert!(
        v.elements.contains_key(&q("GetResponse")),
        "identical ones stay shared"
    );
    let fields = |agent: &str| match &v.element(agent, &q("Get")).unwrap().ty {
        TypeRef::Anonymous(def) => complex(def).fields.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!((fields("Alpha"), fields("Beta")), (1, 0));
}

#[test]
fn a_conflicting_type_names_both_files_and_the_difference() {
    let a = agent_wsdl(
        "Services1",
        "Alpha",
        r#"<xs:complexType name="T"><xs:sequence><xs:element name="N" type="xs:int"/></xs:sequence></xs:complexType>"#,
        &["Get"],
    );
    let b = agent_wsdl(
        "Services1",
        "Beta",
        r#"<xs:complexType name="T"><xs:sequence><xs:element name="N" type="xs:long"/></xs:sequence></xs:complexType>"#,
        &["Put"],
    );
    let err = reader::read_strs(&[
        (Path::new("a.wsdl"), a.as_str()),
        (Path::new("b.wsdl"), b.as_str()),
    ])
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.file(), Path::new("b.wsdl"));
    assert_eq!(
        err.line_column(),
        Some(reader_util::at(&b, r#"<xs:complexType name="T">"#))
    );
    assert_eq!(err.other().unwrap().file, Path::new("a.wsdl"));
    let text = err.to_string();
    assert!(
        text.contains("field 1 `N`: type Long here, Int before"),
        "{text}"
    );
    assert!(text.starts_with("b.wsdl:"), "{text}");
    assert!(text.contains("first defined at a.wsdl:"), "{text}");
}

#[test]
fn versions_are_grouped_by_namespace_and_sorted() {
    let a = agent_wsdl("Services2", "Alpha", "", &["Get"]);
    let b = agent_wsdl("Services1", "Alpha", "", &["Get", "Put"]);
    let m = reader::read_strs(&[
        (Path::new("a.wsdl"), a.as_str()),
        (Path::new("b.wsdl"), b.as_str()),
    ])
    .unwrap();
    let names: Vec<(&str, usize)> = m
        .versions
        .iter()
        .map(|v| (v.name.as_str(), v.agents[0].operations.len()))
        .collect();
    assert_eq!(names, [("Services1", 2), ("Services2", 1)]);
}

#[test]
fn the_same_agent_twice_in_one_version_is_a_conflict() {
    let a = agent_wsdl("Services1", "Alpha", "", &["Get"]);
    let err = reader::read_strs(&[
        (Path::new("a.wsdl"), a.as_str()),
        (Path::new("b.wsdl"), a.as_str()),
    ])
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(
        err.to_string().contains("agent `Alpha` is defined twice"),
        "{err}"
    );
}

#[test]
fn folders_are_searched_recursively_in_sorted_order() {
    let dir = std::env::temp_dir().join(format!("sogen-reader-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b/inner")).unwrap();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(
        dir.join("b/inner/Zed.WSDL"),
        agent_wsdl("Services1", "Zed", "", &["Z"]),
    )
    .unwrap();
    std::fs::write(
        dir.join("a/Alpha.wsdl"),
        agent_wsdl("Services1", "Alpha", "", &["A"]),
    )
    .unwrap();
    std::fs::write(dir.join("a/notes.txt"), "not wsdl").unwrap();
    let files = reader::find_wsdl_files(&[&dir]).unwrap();
    assert_eq!(
        files,
        [dir.join("a/Alpha.wsdl"), dir.join("b/inner/Zed.WSDL")]
    );
    let m = reader::read_paths(&[&dir, &dir.join("a/Alpha.wsdl")]).unwrap();
    assert_eq!(
        m.versions[0].agents.len(),
        2,
        "a file given twice is read once"
    );
    assert_eq!(m.versions[0].agents[1].file, dir.join("b/inner/Zed.WSDL"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn parallel_folder_reading_equals_reading_in_order() {
    let dir = std::env::temp_dir().join(format!("sogen-reader-par-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut texts = Vec::new();
    for (i, agent) in ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"]
        .iter()
        .enumerate()
    {
        // Each agent its own `Get` wrapper, so per-agent scoping is exercised too.
        let schema = format!(
            r#"<xs:element name="Get"><xs:complexType><xs:sequence>{}</xs:sequence></xs:complexType></xs:element>"#,
            r#"<xs:element name="N" type="xs:int"/>"#.repeat(i)
        );
        let text = agent_wsdl(
            if i % 2 == 0 { "Services1" } else { "Services2" },
            agent,
            &schema,
            &["Get"],
        );
        let path = dir.join(format!("{agent}.wsdl"));
        std::fs::write(&path, &text).unwrap();
        texts.push((path, text));
    }
    texts.sort();
    let inputs: Vec<(&Path, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_path(), t.as_str()))
        .collect();
    let in_order = reader::read_strs(&inputs).unwrap();
    let parallel = reader::read_paths(&[&dir]).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(parallel, in_order);
    assert_eq!(parallel.versions[0].agent_elements.len(), 3);
}
