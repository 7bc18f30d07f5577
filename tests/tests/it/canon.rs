//! The canonical form of SOAP bodies the tests compare (`sogen_tests::canon`): prefixes,
//! `xsi:type` and whitespace do not matter; values, names and nil do.

use sogen_tests::canon::body;

#[test]
fn prefixes_types_and_whitespace_do_not_matter() {
    let a = r#"<e:Envelope xmlns:e="urn:env" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:c"><e:Body>
          <c:Op><c:Id xsi:type="xsd:int"> 0 </c:Id><c:Empty></c:Empty></c:Op></e:Body></e:Envelope>"#;
    let b = r#"<Envelope xmlns="urn:env"><Body><Op xmlns="urn:c"><Id>0</Id><Empty/></Op></Body></Envelope>"#;
    assert_eq!(body(a).unwrap(), body(b).unwrap());
    assert_eq!(
        body(b).unwrap(),
        "{urn:c}Op\n  {urn:c}Id = \"0\"\n  {urn:c}Empty = \"\"\n"
    );
}

#[test]
fn values_names_and_nil_do_matter() {
    let base = body(r#"<E><Body><Op xmlns="urn:c"><Id>0</Id></Op></Body></E>"#).unwrap();
    for other in [
        r#"<E><Body><Op xmlns="urn:c"><Id>1</Id></Op></Body></E>"#,
        r#"<E><Body><Op xmlns="urn:d"><Id>0</Id></Op></Body></E>"#,
        r#"<E><Body><Op xmlns="urn:c"><ID>0</ID></Op></Body></E>"#,
        r#"<E><Body><Op xmlns="urn:c" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Id i:nil="true"/></Op></Body></E>"#,
    ] {
        assert_ne!(body(other).unwrap(), base, "{other}");
    }
}
