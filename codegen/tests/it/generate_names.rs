//! No schema name makes the generator panic or emit invalid Rust: names
//! drawn at random (any XML name for types, fields, operations, agents; any
//! text for enumeration values) always plan to identifiers and emit files
//! that parse, and the names generated code relies on never leak into a
//! scope where they would shadow it.

use crate::reader_util;

use proptest::prelude::*;
use reader_util::agent_wsdl;
use sogen_codegen::plan::names::{camel, escape, is_ident, screaming, snake};
use sogen_codegen::{reader, Builder};

/// An XML name (NCName): a letter or `_`, then letters, digits, `.`, `-`, `_`.
fn xml_name() -> impl Strategy<Value = String> {
    "[\\p{L}_][\\p{L}\\p{N}\\p{M}._\\-]{0,10}"
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_case_conversion_gives_an_identifier(s in "\\PC{0,12}") {
        prop_assert!(is_ident(&escape(&snake(&s))), "{s:?}");
        let c = camel(&s);
        prop_assert!(c == "Self" || is_ident(&c), "{s:?} -> {c:?}");
        prop_assert!(is_ident(&screaming(&s)), "{s:?}");
    }

    #[test]
    fn random_names_generate_valid_rust(
        ty in xml_name(),
        field in xml_name(),
        other in xml_name(),
        op in xml_name(),
        values in proptest::collection::vec("[^\\p{C}]{1,8}", 1..4),
    ) {
        prop_assume!(field != other);
        let mut values = values;
        values.sort();
        values.dedup();
        let enum_values: String = values
            .iter()
            .map(|v| format!(r#"<xs:enumeration value="{}"/>"#, escape_xml(v)))
            .collect();
        let schema = format!(
            r#"<xs:complexType name="{ty}"><xs:sequence><xs:element minOccurs="0" name="{field}" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="{other}" type="tns:{ty}E"/></xs:sequence></xs:complexType>
<xs:simpleType name="{ty}E"><xs:restriction base="xs:string">{enum_values}</xs:restriction></xs:simpleType>
<xs:element name="{op}"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="{field}" nillable="true" type="tns:{ty}"/><xs:element minOccurs="0" name="{other}" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
<xs:element name="{op}Response"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="Response" nillable="true" type="tns:{ty}"/></xs:sequence></xs:complexType></xs:element>"#
        );
        let text = agent_wsdl("Services1", &op, &schema, &[&op]);
        reader::read_str("random.wsdl", &text)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let dir = std::env::temp_dir().join(format!("sogen-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("Random.wsdl");
        std::fs::write(&file, &text).unwrap();
        let files = Builder::new().cargo_output(false).input(&file).generate();
        let files = files.map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        for f in &files {
            prop_assert!(syn::parse_file(&f.contents).is_ok(), "{}:\n{}", f.path.display(), f.contents);
        }
    }
}
