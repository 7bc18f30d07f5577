//! Small WCF-style WSDL documents for the reader's tests.
#![allow(dead_code)]

use sogen_codegen::model::{Model, QName, TypeDef, Version};

/// The namespace of test version `ServicesN`.
pub fn ns(version: &str) -> String {
    format!("http://example.com/ws/{version}")
}

/// A QName in the namespace of `Services1`.
pub fn q(name: &str) -> QName {
    QName::new(ns("Services1"), name)
}

/// A WCF-shaped WSDL for agent `agent` of `version`: `schema` goes inside the
/// version's xs:schema; each operation `Op` gets wrapper elements `Op` and
/// `OpResponse` (unless `schema` defines them), request headers
/// ApplicationToken and Credentials, response header Succeeded.
pub fn agent_wsdl(version: &str, agent: &str, schema: &str, ops: &[&str]) -> String {
    let tns = ns(version);
    let mut wrappers = String::new();
    let mut messages = String::new();
    let mut port_ops = String::new();
    let mut bind_ops = String::new();
    for op in ops {
        for el in [op.to_string(), format!("{op}Response")] {
            if !schema.contains(&format!("<xs:element name=\"{el}\">")) {
                wrappers.push_str(&format!(
                    "\n      <xs:element name=\"{el}\"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"
                ));
            }
        }
        messages.push_str(&format!(
            r#"
  <wsdl:message name="{op}Request"><wsdl:part name="parameters" element="tns:{op}"/></wsdl:message>
  <wsdl:message name="{op}Request_Headers"><wsdl:part name="ApplicationToken" element="tns:ApplicationToken"/><wsdl:part name="Credentials" element="tns:Credentials"/></wsdl:message>
  <wsdl:message name="{op}Response"><wsdl:part name="parameters" element="tns:{op}Response"/></wsdl:message>
  <wsdl:message name="{op}Response_Headers"><wsdl:part name="Succeeded" element="tns:Succeeded"/></wsdl:message>"#
        ));
        port_ops.push_str(&format!(
            r#"
    <wsdl:operation name="{op}">
      <wsdl:input wsaw:Action="{tns}/{agent}/{op}" name="{op}Request" message="tns:{op}Request"/>
      <wsdl:output wsaw:Action="{tns}/{agent}/{op}Response" name="{op}Response" message="tns:{op}Response"/>
    </wsdl:operation>"#
        ));
        bind_ops.push_str(&format!(
            r#"
    <wsdl:operation name="{op}">
      <soap:operation soapAction="{tns}/{agent}/{op}" style="document"/>
      <wsdl:input name="{op}Request">
        <soap:header message="tns:{op}Request_Headers" part="ApplicationToken" use="literal"/>
        <soap:header message="tns:{op}Request_Headers" part="Credentials" use="literal"/>
        <soap:body use="literal"/>
      </wsdl:input>
      <wsdl:output name="{op}Response">
        <soap:header message="tns:{op}Response_Headers" part="Succeeded" use="literal"/>
        <soap:body use="literal"/>
      </wsdl:output>
    </wsdl:operation>"#
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="Wcf{agent}Service" targetNamespace="{tns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="{tns}" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:msc="http://schemas.microsoft.com/ws/2005/12/wsdl/contract">
  <wsp:Policy wsu:Id="policy" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsp:ExactlyOne/></wsp:Policy>
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="{tns}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ser="http://schemas.microsoft.com/2003/10/Serialization/">
      <xs:element name="ApplicationToken" nillable="true" type="xs:string"/>
      <xs:complexType name="SoCredentials"><xs:sequence><xs:element minOccurs="0" name="Ticket" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:element name="Credentials" nillable="true" type="q1:SoCredentials" xmlns:q1="{tns}"/>
      <xs:element name="Succeeded" type="xs:boolean"/>{wrappers}
      {schema}
    </xs:schema>
  </wsdl:types>{messages}
  <wsdl:portType name="{agent}">{port_ops}
  </wsdl:portType>
  <wsdl:binding name="BasicHttpBinding_{agent}" type="tns:{agent}">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>{bind_ops}
  </wsdl:binding>
  <wsdl:service name="Wcf{agent}Service">
    <wsdl:port name="BasicHttpBinding_{agent}" binding="tns:BasicHttpBinding_{agent}">
      <soap:address location="https://host/Cust1/Remote/{version}/{agent}.svc"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"#
    )
}

/// Reads one WSDL text, panicking with the error.
pub fn read(text: &str) -> Model {
    sogen_codegen::reader::read_str("test.wsdl", text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Reads `schema` in agent Demo of Services1 and returns the version.
pub fn version_with(schema: &str) -> Version {
    let mut m = read(&agent_wsdl("Services1", "Demo", schema, &["Ping"]));
    assert_eq!(m.versions.len(), 1);
    m.versions.remove(0)
}

/// The definition of named type `name` in Services1.
pub fn ty<'v>(v: &'v Version, name: &str) -> &'v TypeDef {
    &v.types
        .get(&q(name))
        .unwrap_or_else(|| panic!("no type {name}"))
        .def
}

/// 1-based (line, column in characters) of the unique occurrence of `needle`.
pub fn at(text: &str, needle: &str) -> (u32, u32) {
    let pos = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    assert!(
        text[pos + needle.len()..].find(needle).is_none(),
        "`{needle}` occurs twice"
    );
    let before = &text[..pos];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..pos].chars().count() as u32 + 1;
    (line, column)
}
